#pragma once

#include "RoomService.h"

#include <arena/Channels.h>

namespace rooms {

/// Topics `room:<id>`: a waiting room's players, chat, kick and start. Leaving the topic
/// (phx_leave, a closed socket) keeps the membership for the grace period; the `leave` event
/// ends it.
class RoomChannel final : public arena::Channel {
 public:
  explicit RoomChannel(RoomService& service) : service_(service) {}
  nlohmann::json join(const std::string& topic, const nlohmann::json& payload, const arena::Subscriber& who) override;
  nlohmann::json handle(const std::string& topic, const std::string& event, const nlohmann::json& payload,
                        const arena::Subscriber& who) override;
  void leave(const std::string& topic, const arena::Subscriber& who) override;

 private:
  RoomService& service_;
};

}  // namespace rooms
