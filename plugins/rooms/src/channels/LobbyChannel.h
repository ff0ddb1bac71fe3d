#pragma once

#include "RoomService.h"

#include <arena/Channels.h>

namespace rooms {

/// Topic `lobby`: the open public rooms (and the modes) on join, then room_created /
/// room_updated / room_deleted broadcasts; `host_room` creates a room.
class LobbyChannel final : public arena::Channel {
 public:
  explicit LobbyChannel(RoomService& service) : service_(service) {}
  nlohmann::json join(const std::string& topic, const nlohmann::json& payload, const arena::Subscriber& who) override;
  nlohmann::json handle(const std::string& topic, const std::string& event, const nlohmann::json& payload,
                        const arena::Subscriber& who) override;

 private:
  RoomService& service_;
};

}  // namespace rooms
