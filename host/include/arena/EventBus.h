#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace arena {

/// Something that happened, named "<area>.<what>" (for example "submission.judged").
struct Event {
  std::string name;
  nlohmann::json payload;
};

/// In-process publish/subscribe between plugins. Delivery is synchronous, in the publisher's
/// thread, in subscription order; a subscriber that throws is logged and skipped. Keep
/// subscribers quick: hand long work to your own thread or queue.
class EventBus {
 public:
  using Subscriber = std::function<void(const Event&)>;
  using SubscriptionId = std::uint64_t;

  virtual ~EventBus() = default;
  /// Calls `subscriber` for every event named `name` ("*" for every event).
  virtual SubscriptionId subscribe(const std::string& name, Subscriber subscriber) = 0;
  /// Stops a subscription; unknown ids are ignored.
  virtual void unsubscribe(SubscriptionId id) = 0;
  /// Delivers an event to its subscribers.
  virtual void publish(const std::string& name, const nlohmann::json& payload) = 0;
};

}  // namespace arena
