#include "realtime/PhoenixMessage.h"

namespace arena::host::realtime {

using nlohmann::json;

std::string PhoenixMessage::encode() const {
  json array = json::array({join_ref, ref, topic, event, payload});
  return array.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<PhoenixMessage> PhoenixMessage::decode(std::string_view text, std::string& error) {
  json parsed = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    error = "malformed message: not JSON";
    return std::nullopt;
  }
  if (!parsed.is_array() || parsed.size() != 5) {
    error = "malformed message: expected [join_ref, ref, topic, event, payload]";
    return std::nullopt;
  }
  auto string_or_null = [](const json& j) { return j.is_string() || j.is_null(); };
  if (!string_or_null(parsed[0]) || !string_or_null(parsed[1]) || !parsed[2].is_string() || !parsed[3].is_string()) {
    error = "malformed message: refs must be strings or null, topic and event strings";
    return std::nullopt;
  }
  PhoenixMessage message;
  message.join_ref = std::move(parsed[0]);
  message.ref = std::move(parsed[1]);
  message.topic = parsed[2].get<std::string>();
  message.event = parsed[3].get<std::string>();
  message.payload = std::move(parsed[4]);
  return message;
}

PhoenixMessage reply(const json& join_ref, const json& ref, const std::string& topic, const char* status,
                     json response) {
  if (response.is_null()) response = json::object();
  return {join_ref, ref, topic, "phx_reply", {{"status", status}, {"response", std::move(response)}}};
}

}  // namespace arena::host::realtime
