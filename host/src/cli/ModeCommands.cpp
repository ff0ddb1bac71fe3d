#include "cli/ModeCommands.h"

#include "games/ModeSimulator.h"
#include "games/ScenarioFile.h"
#include "modes/ModeScript.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

namespace arena::host {

using nlohmann::json;

namespace {

std::string seconds(double s) {
  std::ostringstream out;
  out << s;
  return out.str();
}

std::string describe_option(const modes::ModeOption& o) {
  std::ostringstream out;
  out << o.name << "  " << o.type << "  default " << o.default_value.dump();
  if (o.min) out << "  min " << *o.min;
  if (o.max) out << "  max " << *o.max;
  if (!o.allowed.empty()) out << "  one of " << json(o.allowed).dump();
  if (!o.doc.empty()) out << "  - " << o.doc;
  return out.str();
}

int check(const std::string& file) {
  auto loaded = modes::ModeScript::load_file(file, modes::ModeLimits{});
  if (!loaded) {
    std::cerr << loaded.error << "\n";
    return 1;
  }
  const auto& script = *loaded.script;
  const auto& info = script.info();
  const auto defaults = modes::resolve_options(info, json::object());
  const int players =
      static_cast<int>(std::max<std::size_t>(info.min_players, std::min<std::size_t>(2, info.max_players)));
  std::cout << info.name << " version " << info.version << " (api " << info.api << ")\n"
            << "  title:       " << info.title << "\n"
            << "  players:     " << info.min_players << " to " << info.max_players << "\n"
            << "  duration:    " << info.duration_s
            << " s (countdown: " << (info.countdown_s >= 0 ? std::to_string(info.countdown_s) + " s" : "host default")
            << ", grace: " << (info.grace_s >= 0 ? std::to_string(info.grace_s) + " s" : "host default")
            << ", tick: " << (info.tick_s > 0 ? seconds(info.tick_s) + " s" : "none") << ")\n"
            << "  puzzles:     " << games::ModeSimulator::puzzle_count(script, defaults.options, players)
            << " (default options, " << players << " players)" << (info.requires_starter ? "; needs starter code" : "")
            << "\n"
            << "  migrate:     " << (info.has_migrate ? "yes" : "no") << "\n";
  if (info.options.empty()) {
    std::cout << "  options:     none\n";
  } else {
    std::cout << "  options:\n";
    for (const auto& o : info.options) std::cout << "    " << describe_option(o) << "\n";
  }
  std::string description = info.description;
  for (std::size_t at = description.find('\n'); at != std::string::npos; at = description.find('\n', at + 1)) {
    description.insert(at + 1, "               ");
  }
  std::cout << "  description: " << description << "\n"
            << "ok\n";
  return 0;
}

void print_table(const games::SimulationResult& r) {
  std::size_t width = 6;
  for (const auto& p : r.players) width = std::max(width, p.name.size() + p.id.size() + 3);
  std::cout << std::left << std::setw(6) << "place" << std::setw(static_cast<int>(width) + 2) << "player"
            << std::setw(10) << "score"
            << "detail\n";
  for (const auto& row : r.standings) {
    std::string who = row["name"].get<std::string>() + " (" + row["player"].get<std::string>() + ")";
    std::cout << std::left << std::setw(6) << row["place"].dump() << std::setw(static_cast<int>(width) + 2) << who
              << std::setw(10) << row["score"].dump() << row["detail"].get<std::string>() << "\n";
  }
}

int simulate(const std::string& file, const std::vector<std::string>& rest) {
  games::SimulationOptions options;
  std::optional<std::string> script_file;
  bool as_json = false;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const std::string& word = rest[i];
    auto value = [&](const std::string& name) -> std::optional<std::string> {
      if (word.starts_with(name + "=")) return word.substr(name.size() + 1);
      if (word == name && i + 1 < rest.size()) return rest[++i];
      return std::nullopt;
    };
    try {
      if (word == "--json") {
        as_json = true;
      } else if (word.starts_with("--players")) {
        auto v = value("--players");
        if (!v) throw std::invalid_argument("--players needs a number");
        options.players = std::stoi(*v);
        if (*options.players < 1 || *options.players > 50) throw std::invalid_argument("--players: 1 to 50");
      } else if (word.starts_with("--seed")) {
        auto v = value("--seed");
        if (!v) throw std::invalid_argument("--seed needs a number");
        options.seed = std::stoull(*v);
      } else if (word.starts_with("--script")) {
        script_file = value("--script");
        if (!script_file) throw std::invalid_argument("--script needs a file");
      } else {
        throw std::invalid_argument("unknown option " + word);
      }
    } catch (const std::exception& e) {
      std::cerr << "arena mode simulate: " << e.what() << "\n";
      return 2;
    }
  }

  auto loaded = modes::ModeScript::load_file(file, options.limits);
  if (!loaded) {
    std::cerr << loaded.error << "\n";
    return 1;
  }
  games::Scenario scenario;
  if (script_file) {
    std::string error;
    auto parsed = games::load_scenario_file(*script_file, &error);
    if (!parsed) {
      std::cerr << error << "\n";
      return 1;
    }
    scenario = std::move(*parsed);
  } else {
    const auto& info = loaded.script->info();
    int players = options.players.value_or(
        static_cast<int>(std::max<std::size_t>(info.min_players, std::min<std::size_t>(3, info.max_players))));
    scenario = games::ModeSimulator::default_scenario(*loaded.script, players);
    options.players.reset();
  }
  auto r = games::ModeSimulator::run(loaded.script, scenario, options);
  if (!r.error.empty()) {
    std::cerr << "arena mode simulate: " << r.error << "\n";
    return 1;
  }

  if (as_json) {
    for (const auto& entry : r.log) std::cout << entry.to_json().dump() << "\n";
    json refused = json::array();
    for (const auto& x : r.refused) {
      refused.push_back(
          {{"player", x.player}, {"at", x.at_ms}, {"action", x.action}, {"reason", x.reason}, {"message", x.message}});
    }
    std::cout << json{{"result",
                       {{"mode", r.mode},
                        {"version", r.version},
                        {"phase", r.phase},
                        {"reason", r.reason},
                        {"ended_at", r.ended_at_ms},
                        {"standings", r.standings},
                        {"winner", r.winner},
                        {"refused", refused},
                        {"faults", r.faults},
                        {"failures", r.failures},
                        {"passed", r.passed()}}}}
                     .dump()
              << "\n";
    return r.passed() ? 0 : 1;
  }

  std::cout << r.mode << " " << r.version << ": " << r.players.size() << " players\n\n";
  print_table(r);
  std::cout << "\n";
  if (r.reason.empty()) {
    std::cout << "stopped at " << seconds(static_cast<double>(r.ended_at_ms) / 1000.0) << " s (" << r.phase << ")\n";
  } else {
    std::cout << "ended: " << r.phase << " (" << r.reason << ") at "
              << seconds(static_cast<double>(r.ended_at_ms) / 1000.0) << " s\n";
  }
  for (const auto& x : r.refused) {
    std::cout << "refused: player " << x.player << " " << x.action << " at "
              << seconds(static_cast<double>(x.at_ms) / 1000.0) << " s: " << x.reason << " (" << x.message << ")\n";
  }
  for (const auto& fault : r.faults) std::cout << "fault: " << fault << "\n";
  if (r.failures.empty()) {
    std::cout << "expect: ok\n";
    return 0;
  }
  std::cout << "expect: FAILED\n";
  for (const auto& failure : r.failures) std::cout << "  - " << failure << "\n";
  return 1;
}

}  // namespace

void print_mode_usage(std::ostream& out) {
  out << "  mode check FILE    load and validate a mode file as the host would (name, version, options...)\n"
         "  mode simulate FILE [--players N] [--script SCENARIO.json] [--seed N] [--json]\n"
         "                     play a game of the mode offline on a virtual clock with fake judge results\n"
         "                     and print the standings; without --script every player submits a correct\n"
         "                     solution, player n at 5n seconds. --json prints the event log as JSON lines.\n"
         "                     Exit 1 when the scenario's \"expect\" fails or the mode faults (see modes/README.md)\n";
}

void print_scenario_format(std::ostream& out) {
  out << "\nScenario files (--script; also tests/games/scenarios/<mode>/*.json):\n"
         "  players    a count or an array of names (ids are p1..pn, numbered from 1 in the file)\n"
         "  options, duration (s), seed (ctx.random), languages (allowed; default any)\n"
         "  puzzles    [{title, statement, tests: [{input, output, hidden}], examples, starters: {lang: code},\n"
         "              solution: {language, code}}]; default: synthetic ones, as many as the mode asks,\n"
         "              5 tests (2 public), starter print(int(input())+2), solution print(int(input())+1)\n"
         "  events     [{at (s after the start, negative: countdown), player, and one of:\n"
         "              code | submit | run (code text), leave | disconnect | connect (true);\n"
         "              submit/run: language (python), puzzle, judge_ms (200),\n"
         "              result: {verdict, tests: [bool], cpu_ms, wall_ms, memory_kb, outputs: [run output]}}]\n"
         "             without verdict and tests the code the mode runs is compared with the solution\n"
         "  until      stop after this many seconds\n"
         "  expect     {phase, reason, winner (number or null), places: {n: place}, scores: {n: score},\n"
         "              events: [names sent], absent_events, refused: [{player, at, reason, action, message}],\n"
         "              completed / eliminated / left: [numbers], faults: N or true (default: none allowed),\n"
         "              sent / not_sent: [{event, player (number, or \"all\" for broadcasts), payload}]}:\n"
         "              payload is a pattern: listed keys only, \"<any>\" any value, null a missing key\n"
         "  \"comment\" and keys starting with _ are ignored; any other unknown key is an error.\n";
}

int command_mode(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "help") {
    std::cout << "Usage:\n";
    print_mode_usage(std::cout);
    print_scenario_format(std::cout);
    return args.empty() ? 2 : 0;
  }
  const std::string& sub = args[0];
  if (sub != "check" && sub != "simulate") {
    std::cerr << "arena mode: unknown subcommand '" << sub << "' (check or simulate)\n";
    return 2;
  }
  if (args.size() < 2 || args[1].starts_with("-")) {
    std::cerr << "arena mode " << sub << ": which mode file?\n";
    return 2;
  }
  if (sub == "check") {
    if (args.size() > 2) {
      std::cerr << "arena mode check: unexpected " << args[2] << "\n";
      return 2;
    }
    return check(args[1]);
  }
  return simulate(args[1], std::vector<std::string>(args.begin() + 2, args.end()));
}

}  // namespace arena::host
