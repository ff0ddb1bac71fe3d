#pragma once

#include "Languages.h"
#include "ListCache.h"
#include "Puzzle.h"
#include "PuzzlesSettings.h"
#include "SubmissionStore.h"

#include <arena/JudgeService.h>

#include <spdlog/logger.h>
#include <memory>
#include <string>

namespace puzzles {

/// Solving puzzles through the judge: submissions (stored, then judged against every
/// validator), the "Run" button (public examples only, nothing stored), the reference
/// solution's check before review, and the judged events that finish submissions.
class Solving {
 public:
  Solving(const PuzzlesSettings& settings, std::shared_ptr<arena::JudgeService> judge, const Languages& languages,
          SubmissionStore& submissions, ListCache& cache, std::shared_ptr<spdlog::logger> logger)
      : settings_(settings),
        judge_(std::move(judge)),
        languages_(languages),
        submissions_(submissions),
        cache_(cache),
        logger_(std::move(logger)) {}

  /// Stores a submission of `user_id` and queues it with every validator; returns its id.
  /// 422 for an unknown or unavailable language or oversize code.
  /// A game's submission passes its `game_id` and extra judge `context` (merged in).
  std::string submit(const std::string& user_id, const Puzzle& puzzle, const std::string& language,
                     const std::string& code, const std::string& game_id = "",
                     const nlohmann::json& context = nlohmann::json::object());

  /// Runs `code` on the puzzle's examples (or its public validators when it has no examples):
  /// {"language", "passed", "total", "tests": [{input, expected, output, verdict, passed, ...}]}.
  nlohmann::json run_examples(const Puzzle& puzzle, const std::string& language, const std::string& code);

  /// Judges the reference solution against every validator and waits (up to review_timeout_s).
  arena::JudgeResult judge_reference(const Puzzle& puzzle);

  /// The "submission.judged" subscriber: applies results of this plugin's submissions once.
  void on_judged(const nlohmann::json& payload);

  /// The submission's judge job state while it is not done (tests judged so far), if any.
  std::optional<arena::JudgeResult> progress(const std::string& job_id);

  /// The language id of `name`, or 422 naming `field`.
  std::string language_id(const std::string& name, const std::string& field = "language") const;

 private:
  void check_code(const std::string& code) const;

  const PuzzlesSettings& settings_;
  std::shared_ptr<arena::JudgeService> judge_;
  const Languages& languages_;
  SubmissionStore& submissions_;
  ListCache& cache_;
  std::shared_ptr<spdlog::logger> logger_;
};

/// The judge's default comparison, for the Run button: line endings, trailing spaces and tabs
/// of each line, and trailing empty lines are ignored.
bool same_output(const std::string& actual, const std::string& expected);

}  // namespace puzzles
