#include "RoomsSettings.h"

namespace rooms {

const char* const kRoomsConfigSchema = R"json({
  "reconnect_grace_s": {"type": "number", "default": 30, "min": 0.1, "max": 3600,
                        "doc": "How long a player whose sockets all closed stays a member (and an empty room lives)"},
  "start_countdown_s": {"type": "integer", "default": 15, "min": 0, "max": 300,
                        "doc": "The countdown game_starting announces before a game begins"},
  "chat": {"type": "object", "doc": "Waiting-room chat", "keys": {
    "max_chars": {"type": "integer", "default": 500, "min": 1, "max": 2000, "doc": "Longest message, in characters after trimming"},
    "history": {"type": "integer", "default": 50, "min": 0, "max": 500, "doc": "Messages sent with a room join's reply"},
    "blocked_cache_s": {"type": "number", "default": 10, "min": 0, "max": 3600,
                        "doc": "How long a user's blocked list (preferences.blocked_users) is cached"}
  }},
  "rate_limits": {"type": "object", "doc": "Token buckets per user: unnoticeable for players, a wall for scripts", "keys": {
    "chat_burst": {"type": "number", "default": 10, "min": 1, "doc": "Chat messages a user may send at once"},
    "chat_per_minute": {"type": "number", "default": 30, "min": 0.01, "doc": "...refilled at this rate"},
    "joins_burst": {"type": "number", "default": 20, "min": 1, "doc": "Lobby and room joins a user may make at once"},
    "joins_per_minute": {"type": "number", "default": 20, "min": 0.01, "doc": "...refilled at this rate"},
    "creates_burst": {"type": "number", "default": 5, "min": 1, "doc": "Rooms a user may create at once"},
    "creates_per_minute": {"type": "number", "default": 10, "min": 0.01, "doc": "...refilled at this rate"},
    "enqueues_burst": {"type": "number", "default": 10, "min": 1, "doc": "Matchmaking enqueues a user may make at once"},
    "enqueues_per_minute": {"type": "number", "default": 20, "min": 0.01, "doc": "...refilled at this rate"}
  }},
  "matchmaking": {"type": "object", "doc": "Queues that pair players of close rating per mode", "keys": {
    "tick_ms": {"type": "integer", "default": 1000, "min": 10, "max": 60000,
                "doc": "How often the matcher runs (it also expires disconnected members)"},
    "players_per_match": {"type": "integer", "default": 2, "min": 2, "max": 50, "doc": "Players put in each matched room"},
    "default_rating": {"type": "integer", "default": 1200, "min": 0, "max": 10000, "doc": "Rating of a user with no ratings row"},
    "initial_window": {"type": "integer", "default": 150, "min": 0, "max": 10000, "doc": "Rating difference accepted at first"},
    "widen_after_s": {"type": "number", "default": 30, "min": 0, "max": 3600, "doc": "Waiting time before the window widens"},
    "widen_every_s": {"type": "number", "default": 10, "min": 0.01, "max": 3600, "doc": "...then it widens this often"},
    "widen_by": {"type": "integer", "default": 50, "min": 0, "max": 10000, "doc": "...by this much"},
    "max_window": {"type": "integer", "default": 1000, "min": 0, "max": 10000, "doc": "The widest window"}
  }}
})json";

namespace {
std::chrono::milliseconds seconds(const nlohmann::json& value) {
  return std::chrono::milliseconds(static_cast<long long>(value.get<double>() * 1000.0));
}
}  // namespace

RoomsSettings RoomsSettings::from_config(const nlohmann::json& config) {
  RoomsSettings s;
  s.reconnect_grace = seconds(config.at("reconnect_grace_s"));
  s.start_countdown_s = config.at("start_countdown_s");
  const auto& chat = config.at("chat");
  s.chat_max_chars = chat.at("max_chars");
  s.chat_history = chat.at("history");
  s.blocked_cache = seconds(chat.at("blocked_cache_s"));
  const auto& limits = config.at("rate_limits");
  s.chat_per_user = {limits.at("chat_burst"), limits.at("chat_per_minute")};
  s.joins_per_user = {limits.at("joins_burst"), limits.at("joins_per_minute")};
  s.creates_per_user = {limits.at("creates_burst"), limits.at("creates_per_minute")};
  s.enqueues_per_user = {limits.at("enqueues_burst"), limits.at("enqueues_per_minute")};
  const auto& mm = config.at("matchmaking");
  s.tick = std::chrono::milliseconds(mm.at("tick_ms").get<long long>());
  s.default_rating = mm.at("default_rating");
  s.matchmaking.players_per_match = mm.at("players_per_match");
  s.matchmaking.initial_window = mm.at("initial_window");
  s.matchmaking.widen_after = seconds(mm.at("widen_after_s"));
  s.matchmaking.widen_every = seconds(mm.at("widen_every_s"));
  s.matchmaking.widen_by = mm.at("widen_by");
  s.matchmaking.max_window = mm.at("max_window");
  return s;
}

}  // namespace rooms
