#include "games/ModeSimulator.h"

#include "modes/GameRuntime.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace arena::games {

using nlohmann::json;

namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
// The virtual clock's epoch (2026-01-01): any fixed time will do, it only shows in *_at_ms.
constexpr std::int64_t kCreatedAt = 1'767'225'600'000;
// A game ends by itself (ends_at + grace); this only stops a session that never would.
constexpr std::size_t kMaxSteps = 5'000'000;

std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// A scripted input or a verdict the fake judge delivers later, in time order (ties: the order
// they were queued, so script events keep the file's order).
struct Action {
  std::int64_t at = 0;
  std::uint64_t seq = 0;
  std::size_t event = 0;  // index into the scenario's events
  bool judge = false;
  JudgePlan plan;
  bool operator>(const Action& other) const { return at != other.at ? at > other.at : seq > other.seq; }
};

// The judge's verdict as the script says, or by comparing the code that would run with the
// puzzle's reference solution when the script does not say.
modes::SubmissionFacts fake_verdict(const ScenarioEvent& event, const JudgePlan& plan, const modes::GameFacts& facts,
                                    bool run) {
  const auto& puzzle = facts.puzzles.at(static_cast<std::size_t>(plan.puzzle - 1));
  const std::size_t n = run ? plan.run_tests.size() : puzzle.validators.size();
  modes::SubmissionFacts r;
  r.submission_id = "sim-" + plan.submission_key;
  r.language = plan.language;
  if (event.tests) {
    r.tests = *event.tests;
  } else if (event.verdict) {
    r.tests.assign(n, *event.verdict == "OK");
  } else {
    const bool right =
        !puzzle.solution_code.empty() && trim_right(plan.code_to_run) == trim_right(puzzle.solution_code);
    r.tests.assign(n, right);
  }
  const bool all = std::all_of(r.tests.begin(), r.tests.end(), [](bool t) { return t; });
  r.verdict = event.verdict.value_or(all ? "OK" : "WA");
  r.passed = r.verdict == "OK" && all;
  r.tests_total = r.tests.size();
  r.tests_passed = static_cast<std::size_t>(std::count(r.tests.begin(), r.tests.end(), true));
  r.cpu_ms = event.cpu_ms.value_or(10 * r.tests.size());
  r.wall_ms = event.wall_ms.value_or(r.tests.empty() ? 0 : 10);
  r.memory_kb = event.memory_kb.value_or(8000);
  return r;
}

std::string seconds(std::int64_t ms) {
  std::string s = std::to_string(static_cast<double>(ms) / 1000.0);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

json winner_of(const json& standings) {
  json winner = nullptr;
  int first = 0;
  for (const auto& row : standings) {
    if (row["place"] == 1) {
      ++first;
      winner = {{"player", row["player"]}, {"name", row["name"]}};
    }
  }
  return first == 1 ? winner : json(nullptr);
}

int player_number(const std::string& id) {
  return id.size() > 1 && id[0] == 'p' ? std::atoi(id.c_str() + 1) : 0;
}

// Compares a JSON number or null from the scenario with a value; scores compare as numbers.
bool same_number(const json& expected, const json& actual) {
  if (!expected.is_number() || !actual.is_number()) return expected == actual;
  return std::fabs(expected.get<double>() - actual.get<double>()) < 1e-9;
}

std::vector<int> numbers_of(const SimulationResult& r, bool modes::PlayerFacts::*flag) {
  std::vector<int> out;
  for (const auto& p : r.players) {
    if (p.*flag) out.push_back(p.index);
  }
  return out;
}

// A pattern of an expected payload: objects match when every key of the pattern matches (null
// also matches a missing key, "<any>" any present value), arrays element by element, numbers
// by value, anything else by equality.
bool matches(const json& want, const json* got) {
  if (want.is_null()) return got == nullptr || got->is_null();
  if (got == nullptr) return false;
  if (want == "<any>") return true;
  if (want.is_object()) {
    if (!got->is_object()) return false;
    return std::all_of(want.items().begin(), want.items().end(), [&](const auto& item) {
      auto it = got->find(item.key());
      return matches(item.value(), it == got->end() ? nullptr : &*it);
    });
  }
  if (want.is_array()) {
    if (!got->is_array() || got->size() != want.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (!matches(want[i], &(*got)[i])) return false;
    }
    return true;
  }
  return same_number(want, *got);
}

// "sent" / "not_sent" entries: {event, player (number; 0 or absent: anyone, "all": broadcasts
// only), payload (a pattern)}.
bool sent_matching(const json& w, const SimulationResult& r) {
  return std::any_of(r.log.begin(), r.log.end(), [&](const SimulationEntry& e) {
    if (e.event.empty() || (w.contains("event") && w["event"] != e.event)) return false;
    if (w.contains("player")) {
      const json& p = w["player"];
      if (p == "all" && !e.player.empty()) return false;
      if (p.is_number_integer() && p.get<int>() > 0 && e.player != simulated_player_id(p.get<int>())) return false;
    }
    return !w.contains("payload") || matches(w["payload"], &e.payload);
  });
}

void check_expect(const json& expect, SimulationResult& r) {
  auto fail = [&](std::string what) { r.failures.push_back(std::move(what)); };
  std::optional<json> faults_allowed;
  if (expect.is_object()) {
    for (const auto& [key, want] : expect.items()) {
      if (key == "comment" || key.starts_with("_")) continue;
      if (key == "phase") {
        if (want != r.phase) fail("phase: expected " + want.dump() + ", got \"" + r.phase + "\"");
      } else if (key == "reason") {
        if (want != r.reason) fail("reason: expected " + want.dump() + ", got \"" + r.reason + "\"");
      } else if (key == "winner") {
        json got = r.winner.is_null() ? json(nullptr) : json(player_number(r.winner["player"].get<std::string>()));
        if (want != got) fail("winner: expected " + want.dump() + ", got " + got.dump());
      } else if (key == "places" || key == "scores") {
        const char* field = key == "places" ? "place" : "score";
        for (const auto& [number, value] : want.items()) {
          const std::string id = simulated_player_id(std::atoi(number.c_str()));
          auto row =
              std::find_if(r.standings.begin(), r.standings.end(), [&](const json& x) { return x["player"] == id; });
          if (row == r.standings.end()) {
            fail(key + ": player " + number + " has no standings row");
          } else if (!same_number(value, (*row)[field])) {
            fail(key + ": player " + number + " expected " + value.dump() + ", got " + (*row)[field].dump());
          }
        }
      } else if (key == "events" || key == "absent_events") {
        for (const auto& name : want) {
          bool seen =
              std::any_of(r.log.begin(), r.log.end(), [&](const SimulationEntry& e) { return e.event == name; });
          if (key == "events" && !seen) fail("events: no " + name.dump() + " was sent");
          if (key == "absent_events" && seen) fail("absent_events: " + name.dump() + " was sent");
        }
      } else if (key == "refused") {
        for (const auto& w : want) {
          bool found = std::any_of(r.refused.begin(), r.refused.end(), [&](const SimulationRefusal& x) {
            return (!w.contains("player") || w["player"] == x.player) &&
                   (!w.contains("at") || std::llround(w["at"].get<double>() * 1000.0) == x.at_ms) &&
                   (!w.contains("reason") || w["reason"] == x.reason) &&
                   (!w.contains("action") || w["action"] == x.action) &&
                   (!w.contains("message") || w["message"] == x.message);
          });
          if (!found) fail("refused: no refusal matching " + w.dump());
        }
      } else if (key == "completed" || key == "eliminated" || key == "left") {
        auto flag = key == "completed"    ? &modes::PlayerFacts::completed
                    : key == "eliminated" ? &modes::PlayerFacts::eliminated
                                          : &modes::PlayerFacts::left;
        json got = numbers_of(r, flag);
        if (want != got) fail(key + ": expected players " + want.dump() + ", got " + got.dump());
      } else if (key == "sent" || key == "not_sent") {
        for (const auto& w : want) {
          bool found = w.is_object() && sent_matching(w, r);
          if (key == "sent" && !found) fail("sent: nothing matching " + w.dump());
          if (key == "not_sent" && found) fail("not_sent: something matched " + w.dump());
        }
      } else if (key == "faults") {
        faults_allowed = want;
      } else {
        fail("expect: unknown key '" + key + "'");
      }
    }
  }
  // Faults are bugs unless the scenario is about them: "faults": N (exactly) or true (any).
  const std::size_t faults = r.faults.size();
  if (!faults_allowed) {
    if (faults > 0) fail("faults: the mode failed " + std::to_string(faults) + " time(s), first: " + r.faults.front());
  } else if (faults_allowed->is_number_integer() && faults_allowed->get<std::size_t>() != faults) {
    fail("faults: expected " + faults_allowed->dump() + ", got " + std::to_string(faults));
  }
}

}  // namespace

json SimulationEntry::to_json() const {
  json j = {{"at", at_ms}};
  if (!event.empty()) {
    j["to"] = player.empty() ? json(nullptr) : json(player);
    j["event"] = event;
  } else if (!input.empty()) {
    j["from"] = player;
    j["input"] = input;
  } else {
    j["from"] = player;
    j["refused"] = refused;
  }
  j["payload"] = payload;
  return j;
}

// The mode's `puzzles`: a number, or its function evaluated by ModeScript.
int ModeSimulator::puzzle_count(const modes::ModeScript& script, const json& options, int players) {
  return std::max(1, script.puzzle_count(options, static_cast<std::size_t>(players)));
}

Scenario ModeSimulator::default_scenario(const modes::ModeScript& script, int players) {
  Scenario s;
  for (int i = 1; i <= players; ++i) s.names.push_back("player" + std::to_string(i));
  const auto defaults = modes::resolve_options(script.info(), json::object());
  const int puzzles = puzzle_count(script, defaults.options, players);
  for (int i = 1; i <= players; ++i) {
    for (int k = 1; k <= puzzles; ++k) {
      ScenarioEvent e;
      e.kind = ScenarioEvent::Kind::Submit;
      e.at_ms = 5000LL * i + 1000LL * (k - 1);
      e.player = i;
      e.code = "print(int(input())+1)";
      e.puzzle = k;
      e.verdict = "OK";
      s.events.push_back(std::move(e));
    }
  }
  std::stable_sort(s.events.begin(), s.events.end(),
                   [](const ScenarioEvent& a, const ScenarioEvent& b) { return a.at_ms < b.at_ms; });
  return s;
}

SimulationResult ModeSimulator::run(const std::filesystem::path& mode_file, const Scenario& scenario,
                                    const SimulationOptions& options) {
  auto loaded = modes::ModeScript::load_file(mode_file, options.limits);
  if (!loaded) {
    SimulationResult r;
    r.error = loaded.error;
    return r;
  }
  return run(loaded.script, scenario, options);
}

SimulationResult ModeSimulator::run(std::shared_ptr<const modes::ModeScript> script, const Scenario& given,
                                    const SimulationOptions& options) {
  SimulationResult r;
  Scenario sc = given;
  if (options.players) {
    sc.names.clear();
    for (int i = 1; i <= *options.players; ++i) sc.names.push_back("player" + std::to_string(i));
  }
  if (options.seed) sc.seed = *options.seed;
  const auto& info = script->info();
  r.mode = info.name;
  r.version = info.version;
  const int n = static_cast<int>(sc.names.size());
  if (n < static_cast<int>(info.min_players) || n > static_cast<int>(info.max_players)) {
    r.error = info.name + " plays with " + std::to_string(info.min_players) + " to " +
              std::to_string(info.max_players) + " players, not " + std::to_string(n);
    return r;
  }
  for (const auto& e : sc.events) {
    if (e.player > n) {
      r.error = "an event at " + seconds(e.at_ms) + " s is for player " + std::to_string(e.player) + " of " +
                std::to_string(n);
      return r;
    }
  }
  auto resolved = modes::resolve_options(info, sc.options);
  if (!resolved.error.empty()) {
    r.error = "options: " + resolved.error;
    return r;
  }

  modes::GameFacts facts;
  facts.game_id = "simulated";
  facts.mode = info.name;
  facts.version = info.version;
  facts.options = resolved.options;
  facts.duration_s = sc.duration_s.value_or(info.duration_s);
  facts.languages = sc.languages;
  facts.puzzles = sc.puzzles ? *sc.puzzles : synthetic_puzzles(puzzle_count(*script, resolved.options, n));

  std::string error;
  auto runtime = modes::GameRuntime::create(script, facts, &error);
  if (!runtime) {
    r.error = "runtime: " + error;
    return r;
  }
  GameSession::Setup setup;
  setup.facts = facts;
  for (int i = 1; i <= n; ++i) {
    modes::PlayerFacts p;
    p.id = simulated_player_id(i);
    p.name = sc.names[static_cast<std::size_t>(i - 1)];
    p.connected = true;
    setup.players.push_back(std::move(p));
  }
  const int countdown_s = info.countdown_s >= 0 ? info.countdown_s : options.settings.countdown_s;
  setup.created_at_ms = kCreatedAt;
  setup.starts_at_ms = kCreatedAt + countdown_s * 1000LL;
  setup.seed = sc.seed;
  setup.settings = options.settings;
  const std::int64_t starts = setup.starts_at_ms;
  auto session = GameSession::create(std::move(setup), std::move(runtime), &error);
  if (!session) {
    r.error = error;
    return r;
  }

  std::int64_t now = kCreatedAt;
  auto collect = [&] {
    for (auto& out : session->drain()) {
      r.log.push_back({now - starts, out.player, out.event, "", "", std::move(out.payload)});
    }
  };
  collect();

  std::priority_queue<Action, std::vector<Action>, std::greater<>> queue;
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i < sc.events.size(); ++i) {
    queue.push({std::max(kCreatedAt, starts + sc.events[i].at_ms), seq++, i, false, {}});
  }
  const std::int64_t until = sc.until_ms ? starts + *sc.until_ms : kNever;

  for (std::size_t step = 0; !session->over(); ++step) {
    if (step == kMaxSteps) {
      r.failures.push_back("the game did not end after " + std::to_string(kMaxSteps) + " steps");
      break;
    }
    const std::int64_t deadline = session->next_deadline();
    const std::int64_t next_action = queue.empty() ? kNever : queue.top().at;
    const std::int64_t t = std::min(deadline, next_action);
    if (t == kNever) break;
    if (t > until) {
      now = until;
      session->advance(now);
      collect();
      break;
    }
    if (deadline <= next_action) {
      now = deadline;
      session->advance(now);
      collect();
      continue;
    }
    Action action = queue.top();
    queue.pop();
    now = action.at;
    const ScenarioEvent& event = sc.events[action.event];
    const std::string id = simulated_player_id(event.player);
    using Kind = ScenarioEvent::Kind;
    if (action.judge) {
      const bool run = event.kind == Kind::Run;
      auto verdict = fake_verdict(event, action.plan, session->facts(), run);
      r.log.push_back({now - starts,
                       id,
                       "",
                       "judged",
                       "",
                       {{"submission_key", action.plan.submission_key}, {"verdict", verdict.verdict}}});
      session->judged(action.plan.submission_key, verdict, now);
      const std::size_t first_new = r.log.size();
      collect();
      if (run) {
        // The loop fills run outputs from the judge; here they come from the script.
        for (std::size_t i = first_new; i < r.log.size(); ++i) {
          auto& entry = r.log[i];
          if (entry.event != "run_result" || entry.payload["submission_key"] != action.plan.submission_key) continue;
          auto& tests = entry.payload["tests"];
          for (std::size_t k = 0; k < tests.size(); ++k) {
            tests[k]["output"] = k < event.outputs.size()         ? json(event.outputs[k])
                                 : tests[k]["passed"].get<bool>() ? tests[k]["expected"]
                                                                  : json("");
          }
        }
      }
      continue;
    }
    switch (event.kind) {
      case Kind::Code:
        r.log.push_back({now - starts, id, "", "code", "", {{"code", event.code}}});
        session->code_update(id, event.code, now);
        break;
      case Kind::Submit:
      case Kind::Run: {
        const bool run = event.kind == Kind::Run;
        json input = {{"code", event.code}, {"language", event.language}};
        if (event.puzzle) input["puzzle"] = *event.puzzle;
        r.log.push_back({now - starts, id, "", run ? "run" : "submit", "", input});
        auto outcome = run ? session->run(id, event.language, event.code, event.puzzle, now)
                           : session->submit(id, event.language, event.code, event.puzzle, now);
        if (auto* refusal = std::get_if<Refusal>(&outcome)) {
          r.refused.push_back({event.player, now - starts, run ? "run" : "submit", refusal->reason, refusal->message});
          r.log.push_back({now - starts, id, "", "", refusal->reason, {{"message", refusal->message}}});
        } else {
          Action judge{now + event.judge_ms, seq++, action.event, true, std::get<JudgePlan>(outcome)};
          queue.push(std::move(judge));
        }
        break;
      }
      case Kind::Leave:
        r.log.push_back({now - starts, id, "", "leave", "", json::object()});
        session->leave(id, now);
        break;
      case Kind::Disconnect:
      case Kind::Connect:
        r.log.push_back(
            {now - starts, id, "", event.kind == Kind::Connect ? "connect" : "disconnect", "", json::object()});
        session->advance(now);
        session->set_connected(id, event.kind == Kind::Connect);
        break;
    }
    collect();
  }

  r.players = session->players();
  r.phase = phase_name(session->phase());
  r.reason = session->end_reason();
  r.ended_at_ms = now - starts;
  r.standings = session->standings();
  r.winner = winner_of(r.standings);
  r.faults = session->faults();
  check_expect(sc.expect, r);
  return r;
}

}  // namespace arena::games
