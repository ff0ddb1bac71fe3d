#pragma once

#include <arena/RateLimiter.h>

#include <chrono>
#include <nlohmann/json.hpp>

namespace rooms {

using arena::RateLimit;

/// How the matchmaker widens its rating window: ±initial_window at first; after `widen_after`
/// of waiting, +widen_by every `widen_every`, up to ±max_window.
struct MatchmakingRules {
  int initial_window = 150;
  int widen_by = 50;
  std::chrono::milliseconds widen_every{10'000};
  std::chrono::milliseconds widen_after{30'000};
  int max_window = 1000;
  std::size_t players_per_match = 2;
};

/// The `rooms` config section, parsed once.
struct RoomsSettings {
  std::chrono::milliseconds reconnect_grace{30'000};
  int start_countdown_s = 15;
  std::size_t chat_max_chars = 500;
  std::size_t chat_history = 50;
  std::chrono::milliseconds blocked_cache{10'000};
  RateLimit chat_per_user{10, 30};
  RateLimit joins_per_user{20, 20};
  RateLimit creates_per_user{5, 10};
  RateLimit enqueues_per_user{10, 20};
  std::chrono::milliseconds tick{1000};
  int default_rating = 1200;
  MatchmakingRules matchmaking;

  static RoomsSettings from_config(const nlohmann::json& config);
};

/// The JSON schema of the `rooms` config section.
extern const char* const kRoomsConfigSchema;

}  // namespace rooms
