#include "UserChannel.h"

namespace rooms {

nlohmann::json UserChannel::join(const std::string& topic, const nlohmann::json&, const arena::Subscriber& who) {
  if (topic != "user:" + who.principal.user_id) throw arena::ChannelError("forbidden", {{"message", "not your topic"}});
  return nlohmann::json::object();
}

nlohmann::json UserChannel::handle(const std::string&, const std::string&, const nlohmann::json&,
                                   const arena::Subscriber&) {
  throw arena::ChannelError("unknown event");
}

}  // namespace rooms
