#pragma once

#include "games/GameSession.h"
#include "modes/ModeTypes.h"

#include <filesystem>
#include <nlohmann/json.hpp>

namespace arena::games {

/// The `modes` and `games` config sections, parsed once.
struct GamesSettings {
  std::filesystem::path modes_path = "modes";
  bool hot_reload = true;
  modes::ModeLimits limits;
  int max_faults = 5;
  int countdown_s = 15;
  int grace_s = 10;
  int threads = 2;
  double code_updates_per_second = 5;
  int leave_after_s = 120;

  static GamesSettings from_config(const nlohmann::json& config);
  /// What every GameSession of this host gets (a mode's own countdown and grace win).
  SessionSettings session(const modes::ModeInfo& mode) const;
};

}  // namespace arena::games
