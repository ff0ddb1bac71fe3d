#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rooms {

/// What a room operation wants sent, collected under the registry's lock and delivered after
/// it is released (so no lock of ours is held while calling into the socket layer).
struct Outgoing {
  enum class Kind { Broadcast, PushUser, Kick, Publish };
  Kind kind;
  std::string topic;  ///< Broadcast, PushUser, Kick
  std::string event;  ///< Broadcast, PushUser; the bus event's name for Publish
  nlohmann::json payload;
  std::string user_id;         ///< PushUser
  std::uint64_t socket_id = 0;  ///< Kick
};

class Outbox {
 public:
  void broadcast(std::string topic, std::string event, nlohmann::json payload) {
    items_.push_back({Outgoing::Kind::Broadcast, std::move(topic), std::move(event), std::move(payload), "", 0});
  }
  void push_user(std::string user_id, std::string topic, std::string event, nlohmann::json payload) {
    items_.push_back(
        {Outgoing::Kind::PushUser, std::move(topic), std::move(event), std::move(payload), std::move(user_id), 0});
  }
  void kick(std::uint64_t socket_id, std::string topic) {
    items_.push_back({Outgoing::Kind::Kick, std::move(topic), "", nullptr, "", socket_id});
  }
  void publish(std::string name, nlohmann::json payload) {
    items_.push_back({Outgoing::Kind::Publish, "", std::move(name), std::move(payload), "", 0});
  }
  const std::vector<Outgoing>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Outgoing> items_;
};

}  // namespace rooms
