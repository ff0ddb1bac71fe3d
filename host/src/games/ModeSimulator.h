#pragma once

#include "games/GameSession.h"
#include "games/ScenarioFile.h"
#include "modes/ModeScript.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace arena::games {

/// Overrides of `arena mode simulate` and the knobs a test may turn.
struct SimulationOptions {
  std::optional<int> players;         ///< replaces the scenario's players ("player1".."playerN")
  std::optional<std::uint64_t> seed;  ///< replaces the scenario's seed
  modes::ModeLimits limits;
  SessionSettings settings;  ///< countdown_s is used when the mode declares none
};

/// One line of a simulated game's log: a message the game sent (event set), an input the
/// script made (input set), or an input the game refused (refused set).
struct SimulationEntry {
  std::int64_t at_ms = 0;  ///< game clock
  std::string player;      ///< recipient ("" for everyone) or the player who acted
  std::string event;       ///< outgoing event name
  std::string input;       ///< "submit", "run", "code", "leave", "disconnect", "connect", "judged"
  std::string refused;     ///< the refusal's reason code
  nlohmann::json payload;
  nlohmann::json to_json() const;
};

struct SimulationRefusal {
  int player = 0;          ///< 1-based
  std::int64_t at_ms = 0;  ///< game clock
  std::string action;      ///< "submit" or "run"
  std::string reason;
  std::string message;
};

struct SimulationResult {
  std::string error;  ///< the mode, scenario or game could not be set up: nothing was played
  std::string mode, version;
  std::vector<modes::PlayerFacts> players;
  std::string phase;             ///< phase_name() at the end
  std::string reason;            ///< end reason ("" when the game did not end)
  std::int64_t ended_at_ms = 0;  ///< game clock when the simulation stopped
  nlohmann::json standings = nlohmann::json::array();
  nlohmann::json winner;  ///< {player, name} or null
  std::vector<SimulationEntry> log;
  std::vector<SimulationRefusal> refused;
  std::vector<std::string> faults;
  std::vector<std::string> failures;  ///< every unmet expectation, in words
  bool passed() const { return error.empty() && failures.empty(); }
};

/// Plays a scenario against a mode on a virtual clock, exactly as the game loop would drive the
/// game (the same GameSession), with the judge's verdicts taken from the script, and checks the
/// scenario's `expect`. Handler faults fail the run unless `expect.faults` allows them.
class ModeSimulator {
 public:
  static SimulationResult run(const std::filesystem::path& mode_file, const Scenario& scenario,
                              const SimulationOptions& options = {});
  static SimulationResult run(std::shared_ptr<const modes::ModeScript> script, const Scenario& scenario,
                              const SimulationOptions& options = {});
  /// The scenario `arena mode simulate` plays without --script: every player submits the
  /// reference solution of every puzzle, player n at 5·n seconds (one puzzle a second apart).
  static Scenario default_scenario(const modes::ModeScript& script, int players);
  /// How many puzzles the mode asks for with these options and players.
  static int puzzle_count(const modes::ModeScript& script, const nlohmann::json& options, int players);
};

}  // namespace arena::games
