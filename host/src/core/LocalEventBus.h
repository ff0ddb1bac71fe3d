#pragma once

#include <arena/EventBus.h>

#include <memory>
#include <mutex>
#include <spdlog/logger.h>
#include <vector>

namespace arena::host {

/// The in-process EventBus: synchronous, subscribers called outside the lock so they may
/// publish or subscribe themselves.
class LocalEventBus final : public EventBus {
 public:
  explicit LocalEventBus(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}
  SubscriptionId subscribe(const std::string& name, Subscriber subscriber) override;
  void unsubscribe(SubscriptionId id) override;
  void publish(const std::string& name, const nlohmann::json& payload) override;
  /// Drops every subscription (before plugins unload).
  void clear();

 private:
  struct Entry {
    SubscriptionId id;
    std::string name;
    std::shared_ptr<Subscriber> subscriber;
  };
  std::shared_ptr<spdlog::logger> logger_;
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  SubscriptionId next_id_ = 1;
};

}  // namespace arena::host
