#include "Announcer.h"

#include <arena/JudgeService.h>

namespace judge {

namespace {
constexpr std::size_t kRemembered = 10000;
constexpr std::size_t kContexts = 1000;
}  // namespace

void Announcer::progress(const std::string& payload) {
  auto event = nlohmann::json::parse(payload, nullptr, false);
  if (!event.is_object() || !event.contains("job_id") || !event["job_id"].is_string()) return;
  std::string job_id = event["job_id"];
  if (!event.contains("context")) {
    // The context did not fit in the notification: read it once per job.
    auto it = contexts_.find(job_id);
    if (it == contexts_.end()) {
      if (contexts_.size() >= kContexts) contexts_.clear();
      it = contexts_.emplace(job_id, queue_.context(job_id)).first;
    }
    event["context"] = it->second;
  }
  events_.publish(arena::kSubmissionProgressEvent, event);
}

bool Announcer::remember(const std::string& job_id) {
  if (!announced_.insert(job_id).second) return false;
  order_.push_back(job_id);
  if (order_.size() > kRemembered) {
    announced_.erase(order_.front());
    order_.pop_front();
  }
  return true;
}

void Announcer::finished(const std::string& job_id) {
  contexts_.erase(job_id);
  if (!remember(job_id)) return;
  auto result = queue_.result(job_id);
  if (!result || result->status != "done") return;
  events_.publish(arena::kSubmissionJudgedEvent, nlohmann::json(*result));
}

void Announcer::catch_up(double since) {
  try {
    auto ids = queue_.finished_since(since);
    if (!ids.empty()) logger_->info("announcing {} job(s) finished while the queue listener was away", ids.size());
    for (const auto& id : ids) finished(id);
  } catch (const std::exception& e) {
    logger_->warn("could not catch up on finished jobs: {}", e.what());
  }
}

}  // namespace judge
