#pragma once

#include "JobQueue.h"
#include "JudgeEngine.h"
#include "JudgeMetrics.h"

#include <arena/JudgeService.h>

#include <atomic>
#include <string>

namespace judge {

/// The SDK's JudgeService: submissions go to the queue, executions straight to the engine.
class JudgeServiceImpl final : public arena::JudgeService {
 public:
  JudgeServiceImpl(const JudgeSettings& settings, const LanguageCatalog& languages, JobQueue& queue,
                   JudgeMetrics* metrics = nullptr)
      : settings_(settings), languages_(languages), queue_(queue), metrics_(metrics) {}

  /// Executions need the engine; until it is attached they answer 503.
  void attach(JudgeEngine* engine) { engine_ = engine; }

  std::string submit(const arena::JudgeSubmission& submission) override;
  arena::ExecuteResult execute(const arena::ExecuteRequest& request) override;
  std::vector<arena::LanguageInfo> languages() const override;
  std::optional<arena::JudgeResult> result(const std::string& job_id) override;

  const LanguageCatalog& catalog() const { return languages_; }

 private:
  const JudgeSettings& settings_;
  const LanguageCatalog& languages_;
  JobQueue& queue_;
  JudgeMetrics* metrics_;
  std::atomic<JudgeEngine*> engine_{nullptr};
  std::atomic<int> executing_{0};
};

}  // namespace judge
