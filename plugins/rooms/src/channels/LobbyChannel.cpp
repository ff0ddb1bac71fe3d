#include "LobbyChannel.h"

#include "Guarded.h"

namespace rooms {

nlohmann::json LobbyChannel::join(const std::string&, const nlohmann::json&, const arena::Subscriber& who) {
  return guarded([&] { return service_.join_lobby(who); });
}

nlohmann::json LobbyChannel::handle(const std::string&, const std::string& event, const nlohmann::json& payload,
                                    const arena::Subscriber& who) {
  if (event == "host_room") return guarded([&] { return service_.create_room(who.principal, payload); });
  throw arena::ChannelError("unknown event");
}

}  // namespace rooms
