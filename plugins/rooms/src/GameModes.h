#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rooms {

/// What rooms need to know about a game mode.
struct ModeInfo {
  std::string name;
  std::size_t min_players = 2;  ///< start_game is refused with fewer connected players
  std::size_t max_players = 50;
  int default_duration_s = 900;
};

/// The modes rooms accept. Until the game issue loads them from modes/*.lua, this is the
/// built-in list (builtin_modes()); RoomService::set_modes() replaces it at run time.
class ModeTable {
 public:
  explicit ModeTable(std::vector<ModeInfo> modes) : modes_(std::move(modes)) {}
  /// nullptr for an unknown mode name (names are upper case: "FASTEST").
  const ModeInfo* find(const std::string& name) const;
  const std::vector<ModeInfo>& all() const { return modes_; }
  /// [{"name", "min_players", "max_players", "default_duration_seconds"}...], as the lobby shows them.
  nlohmann::json to_json() const;
  std::vector<std::string> names() const;

 private:
  std::vector<ModeInfo> modes_;
};

/// THE list of modes until Lua modes exist: one place to replace.
ModeTable builtin_modes();

/// The bus event the game modes' loader publishes to replace the list:
/// {"modes": [{"name", "min_players", "max_players", "duration"}...]}.
inline constexpr const char* kModesLoadedEvent = "modes.loaded";
/// Reads a kModesLoadedEvent payload; throws std::invalid_argument when it is not one.
ModeTable modes_from_json(const nlohmann::json& payload);

/// Puzzle difficulties a room may ask a random puzzle of (the puzzles' own scale).
const std::vector<std::string>& puzzle_difficulties();

}  // namespace rooms
