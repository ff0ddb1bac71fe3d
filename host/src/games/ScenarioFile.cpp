#include "games/ScenarioFile.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace arena::games {

using nlohmann::json;

namespace {

// Thrown inside the parser only; parse_scenario turns it into its error.
struct BadScenario : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Typos in a test script should fail loudly rather than test nothing: unknown keys are errors
// (but "comment" and keys starting with "_" are free for notes).
void check_keys(const json& object, const std::set<std::string>& known, const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (key == "comment" || key.starts_with("_") || known.contains(key)) continue;
    throw BadScenario(where + ": unknown key '" + key + "'");
  }
}

std::int64_t seconds_to_ms(const json& value, const std::string& where) {
  // Bounded so that times stay far from overflowing the clock (a game lasts at most days).
  if (!value.is_number() || std::fabs(value.get<double>()) > 1e7) {
    throw BadScenario(where + " must be a number of seconds (at most 10^7)");
  }
  return std::llround(value.get<double>() * 1000.0);
}

std::string text(const json& object, const char* key, const std::string& where) {
  if (!object.contains(key)) return "";
  if (!object[key].is_string()) throw BadScenario(where + "." + key + " must be a string");
  return object[key].get<std::string>();
}

std::optional<std::uint64_t> count(const json& object, const char* key, const std::string& where) {
  if (!object.contains(key)) return std::nullopt;
  if (!object[key].is_number() || object[key].get<double>() < 0 || object[key].get<double>() > 1e12) {
    throw BadScenario(where + "." + key + " must be a number from 0 to 10^12");
  }
  return static_cast<std::uint64_t>(std::llround(object[key].get<double>()));
}

// The member or an empty value (a reference: GCC warns about iterating json temporaries).
const json& member(const json& object, const char* key) {
  static const json kEmpty;
  return object.contains(key) ? object[key] : kEmpty;
}

GamePuzzle parse_puzzle(const json& p, int number) {
  const std::string where = "puzzles[" + std::to_string(number) + "]";
  if (!p.is_object()) throw BadScenario(where + " must be an object");
  check_keys(
      p, {"id", "title", "statement", "constraints", "difficulty", "tags", "tests", "examples", "starters", "solution"},
      where);
  GamePuzzle puzzle;
  puzzle.id = p.contains("id") ? text(p, "id", where) : "puzzle-" + std::to_string(number);
  puzzle.title = p.contains("title") ? text(p, "title", where) : "Puzzle " + std::to_string(number);
  puzzle.statement = text(p, "statement", where);
  puzzle.constraints = text(p, "constraints", where);
  puzzle.difficulty = p.contains("difficulty") ? text(p, "difficulty", where) : "EASY";
  puzzle.visibility = "APPROVED";
  if (p.contains("tags")) puzzle.tags = p["tags"].get<std::vector<std::string>>();
  for (const auto& t : member(p, "tests")) {
    check_keys(t, {"input", "output", "hidden"}, where + ".tests");
    puzzle.validators.push_back({text(t, "input", where), text(t, "output", where), t.value("hidden", false)});
  }
  if (puzzle.validators.empty()) throw BadScenario(where + " needs at least one test");
  for (const auto& e : member(p, "examples")) {
    check_keys(e, {"input", "output", "explanation"}, where + ".examples");
    puzzle.examples.push_back({text(e, "input", where), text(e, "output", where), text(e, "explanation", where)});
  }
  for (const auto& [language, code] : member(p, "starters").items()) {
    if (!code.is_string()) throw BadScenario(where + ".starters." + language + " must be a string");
    puzzle.starters.push_back({language, code.get<std::string>()});
  }
  if (p.contains("solution")) {
    const auto& s = p["solution"];
    if (!s.is_object()) throw BadScenario(where + ".solution must be {language, code}");
    check_keys(s, {"language", "code"}, where + ".solution");
    puzzle.solution_language = s.contains("language") ? text(s, "language", where) : "python";
    puzzle.solution_code = text(s, "code", where);
  }
  return puzzle;
}

ScenarioEvent parse_event(const json& e, std::size_t number, std::size_t players) {
  const std::string where = "events[" + std::to_string(number) + "]";
  if (!e.is_object()) throw BadScenario(where + " must be an object");
  check_keys(e,
             {"at", "player", "code", "submit", "run", "leave", "disconnect", "connect", "language", "puzzle", "result",
              "judge_ms"},
             where);
  ScenarioEvent event;
  if (!e.contains("at")) throw BadScenario(where + " needs \"at\" (seconds after the start)");
  event.at_ms = seconds_to_ms(e["at"], where + ".at");
  if (!e.contains("player") || !e["player"].is_number_integer())
    throw BadScenario(where + " needs \"player\" (a number)");
  event.player = e["player"].get<int>();
  if (event.player < 1 || static_cast<std::size_t>(event.player) > players) {
    throw BadScenario(where + ".player: there is no player " + std::to_string(event.player));
  }
  int kinds = 0;
  auto take = [&](const char* key, ScenarioEvent::Kind kind, bool code) {
    if (!e.contains(key)) return;
    ++kinds;
    event.kind = kind;
    if (code) {
      event.code = text(e, key, where);
    } else if (!e[key].is_boolean() || !e[key].get<bool>()) {
      throw BadScenario(where + "." + key + " must be true");
    }
  };
  take("code", ScenarioEvent::Kind::Code, true);
  take("submit", ScenarioEvent::Kind::Submit, true);
  take("run", ScenarioEvent::Kind::Run, true);
  take("leave", ScenarioEvent::Kind::Leave, false);
  take("disconnect", ScenarioEvent::Kind::Disconnect, false);
  take("connect", ScenarioEvent::Kind::Connect, false);
  if (kinds != 1) throw BadScenario(where + " needs exactly one of code, submit, run, leave, disconnect, connect");
  const bool judged = event.kind == ScenarioEvent::Kind::Submit || event.kind == ScenarioEvent::Kind::Run;
  if (!judged && (e.contains("language") || e.contains("puzzle") || e.contains("result") || e.contains("judge_ms"))) {
    throw BadScenario(where + ": language, puzzle, result and judge_ms go with submit or run");
  }
  if (e.contains("language")) event.language = text(e, "language", where);
  if (e.contains("puzzle")) {
    if (!e["puzzle"].is_number_integer()) throw BadScenario(where + ".puzzle must be an integer");
    event.puzzle = e["puzzle"].get<int>();
  }
  if (e.contains("judge_ms")) event.judge_ms = static_cast<std::int64_t>(*count(e, "judge_ms", where));
  if (e.contains("result")) {
    const auto& r = e["result"];
    if (!r.is_object()) throw BadScenario(where + ".result must be an object");
    check_keys(r, {"verdict", "tests", "outputs", "cpu_ms", "wall_ms", "memory_kb"}, where + ".result");
    if (r.contains("verdict")) event.verdict = text(r, "verdict", where + ".result");
    if (r.contains("tests")) {
      if (!r["tests"].is_array()) throw BadScenario(where + ".result.tests must be an array of booleans");
      std::vector<bool> tests;
      for (const auto& t : r["tests"]) {
        if (!t.is_boolean()) throw BadScenario(where + ".result.tests must be an array of booleans");
        tests.push_back(t.get<bool>());
      }
      event.tests = std::move(tests);
    }
    if (r.contains("outputs")) event.outputs = r["outputs"].get<std::vector<std::string>>();
    event.cpu_ms = count(r, "cpu_ms", where + ".result");
    event.wall_ms = count(r, "wall_ms", where + ".result");
    event.memory_kb = count(r, "memory_kb", where + ".result");
  }
  return event;
}

}  // namespace

std::string simulated_player_id(int number) {
  return "p" + std::to_string(number);
}

std::vector<GamePuzzle> synthetic_puzzles(int count) {
  std::vector<GamePuzzle> puzzles;
  for (int n = 1; n <= count; ++n) {
    GamePuzzle p;
    p.id = "00000000-0000-4000-8000-" + std::string(12 - std::to_string(n).size(), '0') + std::to_string(n);
    p.title = "Plus one #" + std::to_string(n);
    p.statement = "Read an integer and print it plus one.";
    p.constraints = "-1000 <= n <= 1000";
    p.difficulty = "EASY";
    p.tags = {"math"};
    p.visibility = "APPROVED";
    const int inputs[] = {1, 41, -5, 1000, 7 * n};
    for (int i = 0; i < 5; ++i) {
      p.validators.push_back({std::to_string(inputs[i]) + "\n", std::to_string(inputs[i] + 1) + "\n", i >= 2});
    }
    p.examples.push_back({"1\n", "2\n", "1 + 1 = 2"});
    p.starters.push_back({"python", "print(int(input())+2)"});
    p.solution_language = "python";
    p.solution_code = "print(int(input())+1)";
    puzzles.push_back(std::move(p));
  }
  return puzzles;
}

std::optional<Scenario> parse_scenario(const json& j, std::string* error) {
  try {
    if (!j.is_object()) throw BadScenario("a scenario is a JSON object");
    check_keys(j, {"players", "options", "duration", "seed", "languages", "puzzles", "events", "until", "expect"},
               "scenario");
    Scenario s;
    const json players = j.value("players", json(2));
    if (players.is_number_integer()) {
      const int n = players.get<int>();
      if (n < 1 || n > 50) throw BadScenario("players: 1 to 50");
      for (int i = 1; i <= n; ++i) s.names.push_back("player" + std::to_string(i));
    } else if (players.is_array() && !players.empty() && players.size() <= 50) {
      for (const auto& name : players) {
        if (!name.is_string()) throw BadScenario("players: a count or an array of names");
        s.names.push_back(name.get<std::string>());
      }
    } else {
      throw BadScenario("players: a count or an array of 1 to 50 names");
    }
    if (j.contains("options")) {
      if (!j["options"].is_object()) throw BadScenario("options must be an object");
      s.options = j["options"];
    }
    if (j.contains("duration")) {
      if (!j["duration"].is_number_integer() || j["duration"].get<int>() < 1) {
        throw BadScenario("duration must be a whole number of seconds >= 1");
      }
      s.duration_s = j["duration"].get<int>();
    }
    if (j.contains("seed")) {
      if (!j["seed"].is_number_integer() || j["seed"].get<std::int64_t>() < 0) {
        throw BadScenario("seed must be an integer >= 0");
      }
      s.seed = j["seed"].get<std::uint64_t>();
    }
    if (j.contains("languages")) {
      if (!j["languages"].is_array()) throw BadScenario("languages must be an array of language ids");
      s.languages = j["languages"].get<std::vector<std::string>>();
    }
    if (j.contains("puzzles")) {
      if (!j["puzzles"].is_array() || j["puzzles"].empty()) throw BadScenario("puzzles must be a non-empty array");
      std::vector<GamePuzzle> puzzles;
      for (std::size_t i = 0; i < j["puzzles"].size(); ++i) {
        puzzles.push_back(parse_puzzle(j["puzzles"][i], static_cast<int>(i) + 1));
      }
      s.puzzles = std::move(puzzles);
    }
    if (j.contains("events")) {
      if (!j["events"].is_array()) throw BadScenario("events must be an array");
      for (std::size_t i = 0; i < j["events"].size(); ++i) {
        s.events.push_back(parse_event(j["events"][i], i, s.names.size()));
      }
      std::stable_sort(s.events.begin(), s.events.end(),
                       [](const ScenarioEvent& a, const ScenarioEvent& b) { return a.at_ms < b.at_ms; });
    }
    if (j.contains("until")) s.until_ms = seconds_to_ms(j["until"], "until");
    if (j.contains("expect")) {
      if (!j["expect"].is_object()) throw BadScenario("expect must be an object");
      s.expect = j["expect"];
    }
    return s;
  } catch (const BadScenario& e) {
    if (error) *error = e.what();
  } catch (const json::exception& e) {
    if (error) *error = std::string("scenario: ") + e.what();
  }
  return std::nullopt;
}

std::optional<Scenario> load_scenario_file(const std::filesystem::path& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    if (error) *error = path.string() + ": cannot read";
    return std::nullopt;
  }
  json j;
  try {
    j = json::parse(in, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    if (error) *error = path.string() + ": " + e.what();
    return std::nullopt;
  }
  std::string why;
  auto scenario = parse_scenario(j, &why);
  if (!scenario && error) *error = path.string() + ": " + why;
  return scenario;
}

}  // namespace arena::games
