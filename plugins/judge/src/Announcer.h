#pragma once

#include "JobQueue.h"

#include <arena/EventBus.h>

#include <spdlog/logger.h>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace judge {

/// Turns the queue's notifications into events on this process's bus: "submission.progress"
/// per judged test and "submission.judged" once per finished job (whichever process judged
/// it). Used from the listener's thread only.
class Announcer {
 public:
  Announcer(JobQueue& queue, arena::EventBus& events, std::shared_ptr<spdlog::logger> logger)
      : queue_(queue), events_(events), logger_(std::move(logger)) {}

  /// A progress notification's payload: {"job_id", "test", "done", "total"[, "context"]}.
  void progress(const std::string& payload);
  /// A finished job: publishes its result, unless this process announced it already.
  void finished(const std::string& job_id);
  /// After the listener was disconnected: announces jobs finished since `since` (epoch s).
  void catch_up(double since);

 private:
  bool remember(const std::string& job_id);  ///< false when already announced

  JobQueue& queue_;
  arena::EventBus& events_;
  std::shared_ptr<spdlog::logger> logger_;
  std::deque<std::string> order_;
  std::unordered_set<std::string> announced_;
  std::unordered_map<std::string, nlohmann::json> contexts_;
};

}  // namespace judge
