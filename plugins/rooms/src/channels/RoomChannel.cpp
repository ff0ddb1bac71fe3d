#include "RoomChannel.h"

#include "Guarded.h"

namespace rooms {

namespace {
std::string room_id(const std::string& topic) {
  return topic.substr(topic.find(':') + 1);
}
}  // namespace

nlohmann::json RoomChannel::join(const std::string& topic, const nlohmann::json& payload, const arena::Subscriber& who) {
  return guarded([&] { return service_.join_room(room_id(topic), who, payload); });
}

nlohmann::json RoomChannel::handle(const std::string& topic, const std::string& event, const nlohmann::json& payload,
                                   const arena::Subscriber& who) {
  std::string id = room_id(topic);
  if (event == "chat_message") return guarded([&] { return service_.chat(id, who, payload); });
  if (event == "leave") return guarded([&] { return service_.leave_room(id, who); });
  if (event == "kick") return guarded([&] { return service_.kick(id, who, payload); });
  if (event == "start_game") return guarded([&] { return service_.start_game(id, who); });
  throw arena::ChannelError("unknown event");
}

void RoomChannel::leave(const std::string& topic, const arena::Subscriber& who) {
  try {
    service_.socket_left(room_id(topic), who);
  } catch (...) {
    // leave() never throws; the grace sweep cleans up whatever this missed.
  }
}

}  // namespace rooms
