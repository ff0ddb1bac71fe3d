#pragma once

#include "JobQueue.h"
#include "JudgeMetrics.h"
#include "JudgeRuntime.h"
#include "JudgeServiceImpl.h"
#include "JudgeSettings.h"
#include "Languages.h"
#include "routes/JudgeRoutes.h"

#include <arena/Plugin.h>

#include <memory>

namespace judge {

/// The judge plugin: the JudgeService, the queue and its workers, and the execute, language
/// and Piston routes.
class JudgePlugin final : public arena::Plugin {
 public:
  ~JudgePlugin() override;
  void setup(arena::PluginContext& context) override;
  void start() override;
  void stop() override;

 private:
  void load_languages();
  arena::HealthStatus health() const;
  /// `arena judge-worker [--workers N]`: workers only, until SIGINT or SIGTERM.
  int run_worker(const std::vector<std::string>& args);

  arena::PluginContext* context_ = nullptr;
  JudgeSettings settings_;
  LanguageCatalog languages_;
  std::string languages_error_;
  std::unique_ptr<JudgeMetrics> metrics_;
  std::unique_ptr<JobQueue> queue_;
  std::shared_ptr<JudgeServiceImpl> service_;
  std::unique_ptr<RouteState> routes_;
  std::unique_ptr<JudgeRuntime> runtime_;
};

}  // namespace judge
