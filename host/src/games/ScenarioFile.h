#pragma once

#include <arena/PuzzleCatalog.h>

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace arena::games {

/// One scripted input of a simulated game (the "events" of a scenario file).
struct ScenarioEvent {
  enum class Kind { Code, Submit, Run, Leave, Disconnect, Connect };
  Kind kind = Kind::Code;
  std::int64_t at_ms = 0;  ///< game clock: ms after the start (negative: the countdown)
  int player = 1;          ///< 1-based player number
  std::string code;        ///< Code, Submit, Run
  std::string language = "python";
  std::optional<int> puzzle;
  // The fake judge's answer (Submit, Run). Without verdict and tests, the code the mode passes
  // on is compared with the puzzle's reference solution: equal passes every test, else none.
  std::optional<std::string> verdict;
  std::optional<std::vector<bool>> tests;
  std::vector<std::string>
      outputs;  ///< Run: what the program printed per test (default: the expected output when passed)
  std::optional<std::uint64_t> cpu_ms, wall_ms, memory_kb;
  std::int64_t judge_ms = 200;
};

/// A scripted game for `arena mode simulate` and the scenario tests (format in
/// /tmp/arena-games-brief.md, "Scenario files", and `arena mode --help`).
struct Scenario {
  std::vector<std::string> names;  ///< one per player; ids are "p1".."pn"
  nlohmann::json options = nlohmann::json::object();
  std::optional<int> duration_s;
  std::uint64_t seed = 1;
  std::vector<std::string> languages;
  std::optional<std::vector<GamePuzzle>> puzzles;  ///< none: synthetic ones, as many as the mode asks
  std::vector<ScenarioEvent> events;               ///< sorted by time (stable)
  std::optional<std::int64_t> until_ms;            ///< stop simulating after this game time
  nlohmann::json expect;                           ///< null: nothing to check beyond "no faults"
};

/// Parses a scenario; nullopt with `error` naming the bad field.
std::optional<Scenario> parse_scenario(const nlohmann::json& json, std::string* error);
/// Reads and parses a scenario file.
std::optional<Scenario> load_scenario_file(const std::filesystem::path& path, std::string* error);

/// The default puzzles: `count` of them, each with 5 tests (2 public, 3 hidden) of "print the
/// number plus one", a python starter "print(int(input())+2)" (one character off) and the
/// reference solution "print(int(input())+1)".
std::vector<GamePuzzle> synthetic_puzzles(int count);

/// Player ids of a simulated game: "p1".."pn".
std::string simulated_player_id(int number);

}  // namespace arena::games
