#pragma once

#include "GameModes.h"

#include <arena/JudgeService.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace rooms {

/// What a room's host chose when creating it.
struct RoomOptions {
  std::string mode;
  std::string puzzle_id;   ///< a chosen puzzle, or ""
  std::string difficulty;  ///< "" with a puzzle_id; otherwise a random puzzle of this difficulty ("" = any)
  bool is_private = false;
  std::size_t max_players = 8;
  int duration_seconds = 900;
  std::vector<std::string> allowed_languages;  ///< language ids; empty = every language
  bool rated = false;
  /// The mode's own options (its `options` table in the Lua file); the game loop checks them
  /// against the mode when the game is created. Flat: scalar values only.
  nlohmann::json mode_options = nlohmann::json::object();

  /// {"mode", "mode_options", "puzzle": {"id"} | {"random": true, "difficulty"}, "visibility", "max_players",
  ///  "duration_seconds", "allowed_languages", "rated"}
  nlohmann::json to_json() const;
};

/// What options are checked against. Optional parts are skipped when absent.
struct OptionRules {
  const ModeTable* modes = nullptr;
  /// The judge's languages when a JudgeService is available; allowed_languages must be
  /// available ids or aliases of them.
  std::optional<std::vector<arena::LanguageInfo>> languages;
  /// Says whether a puzzle id exists (a PuzzleCatalog, when one is available).
  std::function<bool(const std::string&)> puzzle_exists;
};

/// Parses and validates a create request (POST /api/game, host_room). Throws
/// arena::HttpError 422 naming every bad field.
RoomOptions parse_room_options(const nlohmann::json& body, const OptionRules& rules);

}  // namespace rooms
