#include "GameModes.h"

#include <algorithm>
#include <stdexcept>

namespace rooms {

const ModeInfo* ModeTable::find(const std::string& name) const {
  auto it = std::find_if(modes_.begin(), modes_.end(), [&](const ModeInfo& m) { return m.name == name; });
  return it == modes_.end() ? nullptr : &*it;
}

nlohmann::json ModeTable::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : modes_) {
    list.push_back({{"name", m.name},
                    {"min_players", m.min_players},
                    {"max_players", m.max_players},
                    {"default_duration_seconds", m.default_duration_s}});
  }
  return list;
}

std::vector<std::string> ModeTable::names() const {
  std::vector<std::string> names;
  for (const auto& m : modes_) names.push_back(m.name);
  return names;
}

ModeTable builtin_modes() {
  // name, min players, max players, default duration. Every multiplayer mode needs two players
  // for now; DEBUG is solo-capable (a player can practise alone).
  return ModeTable({
      {"FASTEST", 2, 50, 900},
      {"SHORTEST", 2, 50, 900},
      {"BACKWARDS", 2, 50, 900},
      {"REVERSE", 2, 50, 900},
      {"HARDCORE", 2, 50, 900},
      {"DEBUG", 1, 50, 900},
      {"TYPERACER", 2, 50, 300},
      {"EFFICIENCY", 2, 50, 900},
      {"INCREMENTAL", 2, 50, 1200},
      {"RANDOM", 2, 50, 900},
      {"BLITZ", 2, 50, 300},
      {"BATTLE_ROYALE", 2, 50, 1800},
  });
}

ModeTable modes_from_json(const nlohmann::json& payload) {
  if (!payload.is_object() || !payload.contains("modes") || !payload["modes"].is_array() || payload["modes"].empty())
    throw std::invalid_argument("modes.loaded needs a non-empty \"modes\" array");
  std::vector<ModeInfo> modes;
  for (const auto& m : payload["modes"]) {
    if (!m.is_object() || !m.contains("name") || !m["name"].is_string() || m["name"].get<std::string>().empty())
      throw std::invalid_argument("every mode needs a name");
    ModeInfo info;
    info.name = m["name"].get<std::string>();
    info.min_players = m.value("min_players", std::size_t{2});
    info.max_players = m.value("max_players", std::size_t{50});
    info.default_duration_s = m.value("duration", 900);
    if (info.min_players < 1 || info.max_players < info.min_players || info.max_players > 50)
      throw std::invalid_argument("mode " + info.name + ": players must satisfy 1 <= min <= max <= 50");
    modes.push_back(info);
  }
  return ModeTable(std::move(modes));
}

const std::vector<std::string>& puzzle_difficulties() {
  static const std::vector<std::string> difficulties = {"BEGINNER", "EASY", "INTERMEDIATE", "ADVANCED", "HARD", "EXPERT"};
  return difficulties;
}

}  // namespace rooms
