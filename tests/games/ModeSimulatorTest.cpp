// The simulator: scenario files, the fake judge, the virtual clock, and `expect` catching both
// passing and failing games.

#include "SessionFixture.h"
#include "games/ModeSimulator.h"

namespace arena::games::test {
namespace {

using nlohmann::json;

Scenario scenario(const json& j) {
  std::string error;
  auto parsed = parse_scenario(j, &error);
  EXPECT_TRUE(parsed) << error;
  return parsed.value_or(Scenario{});
}

std::string parse_error(const json& j) {
  std::string error;
  EXPECT_FALSE(parse_scenario(j, &error));
  return error;
}

// TEST mode ranked by who passed first, ending with ctx.finish once everyone passed.
std::shared_ptr<const modes::ModeScript> finishing_mode() {
  return compile(mode_source(R"J(
    local base = mode.on_result
    function mode.on_result(state, ctx, player, result)
      base(state, ctx, player, result)
      if result.passed then state[player.id] = ctx.now() end
      for _, p in ipairs(ctx.players()) do
        if not state[p.id] and not p.left then return end
      end
      ctx.finish("all_done")
    end
    function mode.standings(state, ctx)
      local rows = {}
      for _, p in ipairs(ctx.players()) do
        rows[#rows + 1] = { player = p.id, score = state.scores[p.id], at = state[p.id] or math.huge, i = p.index }
      end
      table.sort(rows, function(a, b)
        if a.at ~= b.at then return a.at < b.at end
        return a.i < b.i
      end)
      for i, r in ipairs(rows) do r.place, r.at, r.i = i, nil, nil end
      return rows
    end)J"));
}

TEST(ModeSimulator, PlaysAScenarioAndChecksItsExpectations) {
  auto s = scenario(json::parse(R"J({
    "players": ["alice", "bob"],
    "events": [
      {"at": 2, "player": 1, "submit": "wrong", "result": {"tests": [true, false, true, true, false]}},
      {"at": 3, "player": 2, "submit": "right", "result": {"verdict": "OK"}, "judge_ms": 500},
      {"at": 4, "player": 1, "submit": "right too", "result": {"verdict": "OK"}}
    ],
    "expect": {"phase": "finished", "reason": "all_done", "winner": 2, "places": {"1": 2, "2": 1},
               "scores": {"1": 100, "2": 100}, "events": ["player_completed", "game_completed"],
               "absent_events": ["player_eliminated"], "completed": [1, 2]}
  })J"));
  auto r = ModeSimulator::run(finishing_mode(), s);
  EXPECT_TRUE(r.error.empty()) << r.error;
  EXPECT_TRUE(r.passed()) << ::testing::PrintToString(r.failures);
  EXPECT_EQ(r.phase, "finished");
  EXPECT_EQ(r.reason, "all_done");
  EXPECT_EQ(r.ended_at_ms, 4200);  // the last verdict, 200 ms (the default judge time) after 4 s
  ASSERT_EQ(r.standings.size(), 2u);
  EXPECT_EQ(r.standings[1]["name"], "alice");
  EXPECT_EQ(r.winner["player"], "p2");
  // The log has the inputs and what the game sent, on the game clock.
  auto sent =
      std::find_if(r.log.begin(), r.log.end(), [](const SimulationEntry& e) { return e.event == "game_started"; });
  ASSERT_NE(sent, r.log.end());
  EXPECT_EQ(sent->at_ms, 0);
  auto result =
      std::find_if(r.log.begin(), r.log.end(), [](const SimulationEntry& e) { return e.event == "submission_result"; });
  ASSERT_NE(result, r.log.end());
  EXPECT_EQ(result->at_ms, 2200);
  EXPECT_EQ(result->payload["tests_passed"], 3);
  EXPECT_EQ(result->payload["cpu_ms"], 50);  // 10 per test by default
  EXPECT_EQ(result->payload["memory_kb"], 8000);
  auto bob = std::find_if(r.log.begin(), r.log.end(), [](const SimulationEntry& e) {
    return e.event == "player_completed" && e.payload["player"] == "p2";
  });
  ASSERT_NE(bob, r.log.end());
  EXPECT_EQ(bob->at_ms, 3500);
}

TEST(ModeSimulator, UnmetExpectationsAreFailures) {
  auto s = scenario(json::parse(R"J({
    "players": 2,
    "events": [{"at": 3, "player": 2, "submit": "right", "result": {"verdict": "OK"}}],
    "expect": {"phase": "aborted", "reason": "finished", "winner": 1, "places": {"2": 2}, "scores": {"2": 5},
               "events": ["player_eliminated"], "absent_events": ["player_completed"],
               "refused": [{"player": 1, "reason": "not_playing"}], "eliminated": [2], "bogus": 1}
  })J"));
  auto r = ModeSimulator::run(finishing_mode(), s);
  EXPECT_TRUE(r.error.empty()) << r.error;
  EXPECT_FALSE(r.passed());
  std::string all;
  for (const auto& f : r.failures) all += f + "\n";
  for (const char* key : {"phase:", "reason:", "winner:", "places:", "scores:", "events:", "absent_events:", "refused:",
                          "eliminated:", "unknown key 'bogus'"}) {
    EXPECT_NE(all.find(key), std::string::npos) << key << " not in\n" << all;
  }
  EXPECT_EQ(r.failures.size(), 10u) << all;
  EXPECT_EQ(r.reason, "time_up");
  EXPECT_EQ(r.ended_at_ms, kDuration * 1000);
}

TEST(ModeSimulator, SentMessagesMatchPayloadPatterns) {
  auto run = [](const json& expect) {
    json j = json::parse(R"J({"players": 2,
      "events": [{"at": 3, "player": 2, "submit": "right", "result": {"verdict": "OK"}}]})J");
    j["expect"] = expect;
    return ModeSimulator::run(finishing_mode(), scenario(j));
  };
  // Patterns: a subset of keys, "<any>" for any present value, null for a missing key, numbers by value.
  auto ok = run(json::parse(R"J({"sent": [
      {"event": "submission_result", "player": "all", "payload": {"player": "p2", "passed": true, "tests_passed": 5.0}},
      {"event": "view", "player": 1, "payload": {"phase": "playing", "now_ms": "<any>", "no_such_key": null}}],
    "not_sent": [{"event": "submission_result", "payload": {"player": "p1"}},
                 {"event": "view", "player": 2, "payload": {"phase": "<any>", "now_ms": null}}]})J"));
  EXPECT_TRUE(ok.passed()) << (ok.failures.empty() ? "" : ok.failures.front());
  auto bad = run(json::parse(R"J({"sent": [
      {"event": "submission_result", "payload": {"player": "p1"}},
      {"event": "submission_result", "player": 1, "payload": {"player": "p2"}},
      {"event": "view", "payload": {"phase": "<any>", "tests": [1, 2, 3]}}],
    "not_sent": [{"event": "submission_result", "payload": {"passed": true}}]})J"));
  EXPECT_EQ(bad.failures.size(), 4u);
}

TEST(ModeSimulator, WithoutAResultTheCodeIsComparedWithTheSolution) {
  auto s = scenario(json::parse(R"J({
    "players": 2,
    "events": [
      {"at": 1, "player": 1, "submit": "print(int(input())+2)"},
      {"at": 2, "player": 2, "submit": "print(int(input())+1)\n"}
    ],
    "expect": {
  "winner" : 2, "scores" : {
    "1" : 0, "2" : 100
  }
}
})J"));
  auto r = ModeSimulator::run(compile(mode_source()), s);
  EXPECT_TRUE(r.passed()) << ::testing::PrintToString(r.failures) << r.error;
}

TEST(ModeSimulator, RefusalsAreRecordedAndMatched) {
  auto s = scenario(json::parse(R"J({
    "players": 2,
    "languages": ["python"],
    "events": [
      {"at": -3, "player": 1, "submit": "early"},
      {"at": 1, "player": 1, "submit": "x", "language": "c"},
      {"at": 2, "player": 2, "submit": "x", "judge_ms": 3000},
      {"at": 2.5, "player": 2, "submit": "y"},
      {"at": 3, "player": 1, "submit": "x", "puzzle": 4}
    ],
    "expect": {"refused": [{"player": 1, "at": -3, "reason": "not_playing"},
                           {"player": 1, "at": 1, "reason": "language_not_allowed"},
                           {"player": 2, "at": 2.5, "reason": "pending_submission", "action": "submit"},
                           {"player": 1, "reason": "bad_puzzle"}]}
  })J"));
  auto r = ModeSimulator::run(compile(mode_source()), s);
  EXPECT_TRUE(r.passed()) << ::testing::PrintToString(r.failures) << r.error;
  EXPECT_EQ(r.refused.size(), 4u);
}

TEST(ModeSimulator, RunResultsGetOutputsFromTheScript) {
  auto s = scenario(json::parse(R"J({
    "players": 1,
    "events": [
      {"at": 1, "player": 1, "run": "print(int(input())+1)"},
      {"at": 2, "player": 1, "run": "x", "result": {"tests": [true, false], "outputs": ["2\n", "oops\n"]}}
    ],
    "until": 5,
    "expect": {
  "phase" : "playing", "events" : ["run_result"], "absent_events" : ["submission_result"]
}
})J"));
  auto r = ModeSimulator::run(compile(mode_source()), s);
  EXPECT_TRUE(r.passed()) << ::testing::PrintToString(r.failures) << r.error;
  EXPECT_EQ(r.reason, "");
  EXPECT_EQ(r.ended_at_ms, 5000);
  std::vector<json> runs;
  for (const auto& e : r.log) {
    if (e.event == "run_result") runs.push_back(e.payload);
  }
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0]["verdict"], "OK");
  EXPECT_EQ(runs[0]["tests"][1]["output"], "6\n");  // passed: the expected output
  EXPECT_EQ(runs[1]["verdict"], "WA");
  EXPECT_EQ(runs[1]["tests"][1]["output"], "oops\n");
  EXPECT_EQ(runs[1]["tests"][1]["passed"], false);
}

TEST(ModeSimulator, LeavingConnectingAndCodeUpdates) {
  auto s = scenario(json::parse(R"J({
    "players": 3,
    "events": [
      {"at": 1, "player": 1, "code": "abc"},
      {"at": 1.05, "player": 1, "code": "abcd"},
      {"at": 2, "player": 3, "disconnect": true},
      {"at": 3, "player": 3, "connect": true},
      {"at": 4, "player": 2, "leave": true}
    ],
    "expect": {"events": ["player_left", "player_connected"], "left": [2], "reason": "time_up"}
  })J"));
  auto r = ModeSimulator::run(compile(mode_source()), s);
  EXPECT_TRUE(r.passed()) << ::testing::PrintToString(r.failures) << r.error;
  int connected = 0;
  for (const auto& e : r.log) connected += e.event == "player_connected";
  EXPECT_EQ(connected, 2);
}

TEST(ModeSimulator, FaultsFailUnlessExpected) {
  auto broken = compile(mode_source(R"J(
    function mode.on_result(state, ctx, player, result) error("bad result") end)J"));
  json j = json::parse(R"J({"players": 1, "events": [{"at": 1, "player": 1, "submit": "x"}]})J");
  auto r = ModeSimulator::run(broken, scenario(j));
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_NE(r.failures[0].find("bad result"), std::string::npos) << r.failures[0];

  j["expect"] = {{"faults", 1}};
  EXPECT_TRUE(ModeSimulator::run(broken, scenario(j)).passed());
  j["expect"] = {{"faults", true}};
  EXPECT_TRUE(ModeSimulator::run(broken, scenario(j)).passed());
  j["expect"] = {{"faults", 2}};
  EXPECT_FALSE(ModeSimulator::run(broken, scenario(j)).passed());
}

TEST(ModeSimulator, SeedsAndOverrides) {
  auto script = compile(mode_source(R"J(
    function mode.on_start(state, ctx) ctx.broadcast("roll", { n = ctx.random(1000000) }) end)J"));
  auto roll = [&](const SimulationOptions& options) {
    auto r = ModeSimulator::run(script, scenario(json{{"players", 2}, {"seed", 5}, {"until", 1}}), options);
    EXPECT_TRUE(r.passed()) << r.error;
    for (const auto& e : r.log) {
      if (e.event == "roll") return e.payload["n"].get<int>();
    }
    return -1;
  };
  EXPECT_EQ(roll({}), roll({}));
  EXPECT_EQ(roll({.seed = 5}), roll({}));
  EXPECT_NE(roll({.seed = 6}), roll({.seed = 7}));

  auto r = ModeSimulator::run(script, scenario(json{{"players", 2}, {"until", 1}}), {.players = 4});
  EXPECT_EQ(r.players.size(), 4u);
  auto bad = ModeSimulator::run(script, scenario(json{{"players", 1}}), {.players = 11});
  EXPECT_NE(bad.error.find("1 to 10 players"), std::string::npos) << bad.error;
}

TEST(ModeSimulator, DefaultScenarioEveryoneSolves) {
  auto script = compile(mode_source());
  auto s = ModeSimulator::default_scenario(*script, 3);
  ASSERT_EQ(s.events.size(), 3u);
  EXPECT_EQ(s.events[2].at_ms, 15000);
  auto r = ModeSimulator::run(script, s);
  EXPECT_TRUE(r.passed()) << ::testing::PrintToString(r.failures) << r.error;
  ASSERT_EQ(r.standings.size(), 3u);
  for (const auto& row : r.standings) EXPECT_EQ(row["score"], 100);
}

TEST(ModeSimulator, ModeOptionsAndDurationFromTheScenario) {
  auto script = compile(mode_source(R"J(
    function mode.on_start(state, ctx)
      ctx.broadcast("game", { duration = ctx.game.duration, rounds = ctx.game.options.rounds })
    end)J",
                                    "options = { rounds = { type = \"integer\", default = 3, min = 1, max = 9 } },"));
  auto r = ModeSimulator::run(script, scenario(json{{"players", 1}, {"duration", 30}, {"options", {{"rounds", 5}}}}));
  EXPECT_TRUE(r.passed()) << r.error;
  EXPECT_EQ(r.ended_at_ms, 30000);
  auto game = std::find_if(r.log.begin(), r.log.end(), [](const SimulationEntry& e) { return e.event == "game"; });
  ASSERT_NE(game, r.log.end());
  EXPECT_EQ(game->payload, json({{"duration", 30}, {"rounds", 5}}));

  auto bad = ModeSimulator::run(script, scenario(json{{"players", 1}, {"options", {{"rounds", 50}}}}));
  EXPECT_NE(bad.error.find("rounds"), std::string::npos) << bad.error;
}

TEST(ScenarioFile, ParsesPuzzlesAndRejectsTypos) {
  auto s = scenario(json::parse(R"J({
    "players": 1,
    "puzzles": [{"title": "Echo", "statement": "echo", "tests": [{"input": "a", "output": "a"},
                 {"input": "b", "output": "b", "hidden": true}], "starters": {"python": "pass"},
                 "solution": {"language": "python", "code": "print(input())"
}
}],
    "events": [{"at": 2, "player": 1, "code": "x"}, {"at": 1, "player": 1, "code": "y", "comment": "sorted"}]
})J"));
  ASSERT_TRUE(s.puzzles);
  EXPECT_EQ((*s.puzzles)[0].validators.size(), 2u);
  EXPECT_TRUE((*s.puzzles)[0].validators[1].hidden);
  EXPECT_EQ((*s.puzzles)[0].solution_code, "print(input())");
  EXPECT_EQ(s.events[0].code, "y");

  EXPECT_NE(parse_error(json{{"player", 2}}).find("unknown key 'player'"), std::string::npos);
  EXPECT_NE(parse_error(json::parse(R"J({"events": [{"at": 1, "player": 3, "code": "x"}]})J")).find("no player 3"),
            std::string::npos);
  EXPECT_NE(parse_error(json::parse(R"J({"events": [{"at": 1, "player": 1}]})J")).find("exactly one"),
            std::string::npos);
  EXPECT_NE(
      parse_error(json::parse(R"J({"events": [{"at": 1, "player": 1, "submit": "x", "result": {"verdit": "OK"}}]})J"))
          .find("verdit"),
      std::string::npos);
  EXPECT_NE(parse_error(json::parse(R"J({"events": [{"player": 1, "code": "x"}]})J")).find("at"), std::string::npos);
  EXPECT_NE(parse_error(json::parse(R"J({"events": [{"at": 1e300, "player": 1, "code": "x"}]})J")).find("at most"),
            std::string::npos);
  EXPECT_NE(parse_error(json::parse(R"J({"events": [{"at": 1, "player": 1, "submit": "x", "judge_ms": 1e300}]})J"))
                .find("judge_ms"),
            std::string::npos);

  auto synthetic = synthetic_puzzles(2);
  ASSERT_EQ(synthetic.size(), 2u);
  EXPECT_EQ(synthetic[1].validators.size(), 5u);
  EXPECT_EQ(std::count_if(synthetic[1].validators.begin(), synthetic[1].validators.end(),
                          [](const PuzzleTestCase& t) { return t.hidden; }),
            3);
  EXPECT_EQ(synthetic[0].starters[0].code, "print(int(input())+2)");
  EXPECT_EQ(synthetic[0].solution_code, "print(int(input())+1)");
}

}  // namespace
}  // namespace arena::games::test
