#include "games/GamesSettings.h"

#include <cmath>

namespace arena::games {

GamesSettings GamesSettings::from_config(const nlohmann::json& config) {
  GamesSettings s;
  const auto& m = config.at("modes");
  s.modes_path = m.at("path").get<std::string>();
  s.hot_reload = m.at("hot_reload");
  s.limits.memory_bytes = m.at("memory_mb").get<std::size_t>() << 20;
  s.limits.instructions = m.at("instructions").get<std::uint64_t>();
  s.max_faults = m.at("max_faults");
  const auto& g = config.at("games");
  s.countdown_s = g.at("countdown_seconds");
  s.grace_s = g.at("grace_seconds");
  s.threads = g.at("threads");
  s.code_updates_per_second = g.at("code_updates_per_second");
  s.leave_after_s = g.at("leave_after_seconds");
  return s;
}

SessionSettings GamesSettings::session(const modes::ModeInfo& mode) const {
  SessionSettings settings;
  settings.countdown_s = mode.countdown_s >= 0 ? mode.countdown_s : countdown_s;
  settings.grace_s = mode.grace_s >= 0 ? mode.grace_s : grace_s;
  settings.max_faults = max_faults;
  settings.code_update_interval_ms = static_cast<std::int64_t>(std::lround(1000.0 / code_updates_per_second));
  return settings;
}

}  // namespace arena::games
