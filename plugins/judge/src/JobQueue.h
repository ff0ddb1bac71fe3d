#pragma once

#include <arena/Database.h>
#include <arena/JudgeService.h>

#include <optional>
#include <string>

namespace judge {

/// The NOTIFY channels of the queue. Jobs: a job was queued (payload: its id). Progress: a
/// test was judged (payload: {"job_id", "test", "done", "total"[, "context"]}). Finished: a
/// job is done (payload: its id).
inline constexpr const char* kJobsChannel = "arena_judge_jobs";
inline constexpr const char* kProgressChannel = "arena_judge_progress";
inline constexpr const char* kFinishedChannel = "arena_judge_finished";

/// A job a worker holds.
struct ClaimedJob {
  std::string id;
  std::string lease_token;
  int attempts = 0;
  arena::JudgeSubmission submission;  ///< language is the resolved id
};

/// How many jobs wait and run.
struct QueueDepth {
  long queued = 0;
  long running = 0;
};

/// The judge_jobs table: every SQL statement of the queue. Thread-safe (each call borrows a
/// pooled connection).
class JobQueue {
 public:
  JobQueue(arena::Database& database, int lease_seconds) : database_(database), lease_seconds_(lease_seconds) {}

  /// Stores a submission (language already resolved to its id) and wakes the workers.
  std::string enqueue(const arena::JudgeSubmission& submission);

  /// Takes the oldest job that is queued or whose lease has run out, with a fresh lease for
  /// `worker`; nullopt when there is none. Counts an attempt.
  std::optional<ClaimedJob> claim(const std::string& worker);

  /// Renews the lease; false when it is no longer held (expired and taken, or finished).
  bool renew(const ClaimedJob& job);

  /// Records a judged test, renews the lease and announces the progress; false when the
  /// lease is no longer held (nothing is recorded then).
  bool record_progress(const ClaimedJob& job, const arena::JudgeTestResult& test, std::size_t total,
                       const nlohmann::json& context);

  /// Stores the final result and announces it, only while `job`'s lease is held. Returns the
  /// seconds from queueing to now when it finished the job, nullopt when the lease was lost
  /// (the result is then discarded: another worker owns the job).
  std::optional<double> finish(const ClaimedJob& job, const arena::JudgeResult& result);

  /// Gives a held job back to the queue at once (a worker shutting down), without counting
  /// the attempt.
  void release(const ClaimedJob& job);

  /// The job's state: the final result when done, the tests judged so far otherwise.
  /// nullopt for an unknown or malformed id.
  std::optional<arena::JudgeResult> result(const std::string& job_id);

  /// A job's context (for progress announcements whose payload had no room for it).
  nlohmann::json context(const std::string& job_id);

  /// Jobs finished at or after `since_epoch_seconds`, oldest first (catching up after the
  /// listener lost its connection).
  std::vector<std::string> finished_since(double since_epoch_seconds);

  QueueDepth depth();

 private:
  arena::Database& database_;
  int lease_seconds_;
};

}  // namespace judge
