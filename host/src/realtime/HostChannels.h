#pragma once

#include <arena/Channels.h>
#include <arena/EventBus.h>

#include <deque>
#include <memory>
#include <mutex>
#include <spdlog/logger.h>
#include <unordered_map>

namespace arena::host::realtime {

/// `user:<id>`: a user's notifications (match_found, ...). Only that user may join; plugins
/// push with channels().broadcast("user:" + id, event, payload). No incoming events.
class UserChannel final : public Channel {
 public:
  nlohmann::json join(const std::string& topic, const nlohmann::json& payload, const Subscriber& who) override;
  nlohmann::json handle(const std::string& topic, const std::string& event, const nlohmann::json& payload,
                        const Subscriber& who) override;
};

/// `submission:<id>`: the judge's progress and verdict for one submission, for its owner.
///
/// The judge's events carry the submission's context; the puzzles plugin puts "submission_id"
/// and "user_id" there. The channel remembers the owner of every submission it has seen an
/// event for (the most recent 100,000), and forwards events with push_user(owner): a socket of
/// anyone else never receives them. A join is refused when the owner is known and differs; it
/// is accepted while no event has been seen yet (the usual race: the client joins right after
/// POSTing), since such a socket still only receives events whose owner is its user.
class SubmissionChannel final : public Channel {
 public:
  explicit SubmissionChannel(Channels& channels) : channels_(channels) {}
  nlohmann::json join(const std::string& topic, const nlohmann::json& payload, const Subscriber& who) override;
  nlohmann::json handle(const std::string& topic, const std::string& event, const nlohmann::json& payload,
                        const Subscriber& who) override;
  /// An event of the judge: "submission.progress" or "submission.judged".
  void forward(const Event& event);

 private:
  Channels& channels_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> owners_;  // submission id -> user id
  std::deque<std::string> order_;                        // oldest first, to bound owners_
};

/// Adds user:* and submission:* to the registry and subscribes the submission channel to the
/// judge's events.
void add_host_channels(Channels& channels, EventBus& events);

}  // namespace arena::host::realtime
