#pragma once

#include <arena/Database.h>
#include <arena/JudgeService.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace puzzles {

/// One row of submissions.
struct SubmissionRecord {
  std::string id;
  std::string user_id;
  std::string username;
  std::string puzzle_id;
  std::string language;
  std::string code;
  std::string job_id;
  std::string status;   ///< queued or done
  std::string verdict;  ///< "" until done
  nlohmann::json results = nlohmann::json::array();
  long passed = 0;
  long total = 0;
  long time_ms = 0;
  long memory_kb = 0;
  long code_length = 0;
  std::string created_at;
  std::string judged_at;
  std::string compile_output;  ///< read by find() only
};

/// Every SQL statement about submissions, and the metrics their verdicts update.
class SubmissionStore {
 public:
  explicit SubmissionStore(arena::Database& database) : database_(database) {}

  /// Stores a queued submission (total = the puzzle's test count) and returns its id.
  /// `game_id` links a game's submission ("" for single-player solving).
  std::string create(const std::string& user_id, const std::string& puzzle_id, const std::string& language,
                     const std::string& code, std::size_t total, const std::string& game_id = "");
  /// Records the judge's job id of a submission.
  void set_job(const std::string& id, const std::string& job_id);
  /// Removes a submission the judge refused.
  void remove(const std::string& id);
  std::optional<SubmissionRecord> find(const std::string& id);
  /// A page of submissions (newest first), without code, filtered by puzzle and/or user ("" = any).
  nlohmann::json list(const std::string& puzzle_id, const std::string& user_id, int page, int page_size);

  /// Applies a final verdict once: the submission's results, the puzzle's metrics, the user's
  /// progress and the languages it was solved in. Returns false (and changes nothing) when the
  /// submission is unknown or already judged, so repeated events count once.
  bool record_judged(const std::string& submission_id, const arena::JudgeResult& result);

 private:
  arena::Database& database_;
};

/// A submission as its owner sees it: hidden tests show only whether they passed.
nlohmann::json submission_json(const SubmissionRecord& submission, bool with_code);

/// The per-test results kept for a submission: no output or message of hidden tests.
nlohmann::json stored_results(const arena::JudgeResult& result);

}  // namespace puzzles
