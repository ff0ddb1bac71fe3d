#include "core/LocalEventBus.h"

namespace arena::host {

EventBus::SubscriptionId LocalEventBus::subscribe(const std::string& name, Subscriber subscriber) {
  std::lock_guard lock(mutex_);
  SubscriptionId id = next_id_++;
  entries_.push_back({id, name, std::make_shared<Subscriber>(std::move(subscriber))});
  return id;
}

void LocalEventBus::unsubscribe(SubscriptionId id) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [id](const Entry& e) { return e.id == id; });
}

void LocalEventBus::publish(const std::string& name, const nlohmann::json& payload) {
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& entry : entries_) {
      if (entry.name == name || entry.name == "*") targets.push_back(entry.subscriber);
    }
  }
  Event event{name, payload};
  for (const auto& subscriber : targets) {
    try {
      (*subscriber)(event);
    } catch (const std::exception& e) {
      logger_->error("event '{}': a subscriber failed: {}", name, e.what());
    } catch (...) {
      logger_->error("event '{}': a subscriber failed with an unknown exception", name);
    }
  }
}

void LocalEventBus::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace arena::host
