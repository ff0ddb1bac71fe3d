#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace arena::host::realtime {

/// One Phoenix Channels v2 message: the JSON array [join_ref, ref, topic, event, payload].
/// join_ref and ref are strings or null (server pushes carry null for both).
struct PhoenixMessage {
  nlohmann::json join_ref;  ///< string or null
  nlohmann::json ref;       ///< string or null
  std::string topic;
  std::string event;
  nlohmann::json payload = nlohmann::json::object();

  /// The wire text. Invalid UTF-8 in plugin strings is replaced rather than thrown on.
  std::string encode() const;
  /// Parses a text frame; nullopt with `error` set when it is not a v2 message.
  static std::optional<PhoenixMessage> decode(std::string_view text, std::string& error);
};

/// [join_ref, ref, topic, "phx_reply", {"status": status, "response": response}]
PhoenixMessage reply(const nlohmann::json& join_ref, const nlohmann::json& ref, const std::string& topic,
                     const char* status, nlohmann::json response);

}  // namespace arena::host::realtime
