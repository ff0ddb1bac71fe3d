#pragma once

// Helpers shared by the modes tests: a small valid mode, and runtimes made from source text.

#include "modes/GameRuntime.h"
#include "modes/ModeScript.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace arena::modes::testing {

/// A complete, valid mode named TEST (file "test.lua"): scores by tests passed; `extra` is Lua
/// code inserted before `return mode` (to add or replace handlers).
inline std::string test_mode(const std::string& extra = "") {
  return R"lua(
local mode = {
  name = "TEST", api = 1, title = "Test", description = "A mode for the tests.",
  min_players = 1, max_players = 8, duration = 300,
  options = {
    bonus = { type = "integer", default = 10, min = 0, max = 100, doc = "points for passing" },
    label = { type = "string", default = "x", enum = { "x", "y" } },
  },
}
function mode.init(ctx, options)
  return { scores = {}, bonus = options.bonus, results = 0 }
end
function mode.on_join(state, ctx, player) state.scores[player.id] = 0 end
function mode.view(state, ctx, player)
  return { score = player and state.scores[player.id] or false, now = ctx.now(), puzzles = #ctx.puzzles }
end
function mode.standings(state, ctx)
  local rows = {}
  for _, p in ipairs(ctx.players()) do
    rows[#rows + 1] = { player = p.id, place = 1, score = state.scores[p.id] or 0, detail = p.name }
  end
  table.sort(rows, function(a, b) return a.score > b.score end)
  for i, r in ipairs(rows) do r.place = i end
  return rows
end
function mode.on_result(state, ctx, player, result)
  state.results = state.results + 1
  state.scores[player.id] = (state.scores[player.id] or 0) + result.tests_passed + (result.passed and state.bonus or 0)
  if result.passed then ctx.complete(player.id) end
  ctx.broadcast("scored", { player = player.id, score = state.scores[player.id] })
end
)lua" + extra +
         "\nreturn mode\n";
}

inline std::vector<PlayerFacts> two_players() {
  return {{"p1", "alice", 1, true, false, false, false}, {"p2", "bob", 2, true, false, false, false}};
}

inline GamePuzzle puzzle(int index) {
  GamePuzzle p;
  p.id = "puzzle-" + std::to_string(index);
  p.title = "Puzzle " + std::to_string(index);
  p.statement = "Add one.";
  for (int i = 1; i <= 5; ++i) p.validators.push_back({std::to_string(i), std::to_string(i + 1), i > 2});
  p.starters.push_back({"python", "print(int(input())+2)"});
  p.solution_language = "python";
  p.solution_code = "print(int(input())+1)";
  return p;
}

/// Loads `source` as `file`; fails the test when it is refused.
inline std::shared_ptr<const ModeScript> load_ok(const std::string& source, const std::string& file = "test.lua",
                                                 const ModeLimits& limits = {}) {
  LoadResult result = ModeScript::load(file, source, limits);
  EXPECT_TRUE(result) << result.error;
  return result.script;
}

/// The refusal of `source` ("" when it loaded).
inline std::string load_error(const std::string& source, const std::string& file = "test.lua",
                              const ModeLimits& limits = {}) {
  return ModeScript::load(file, source, limits).error;
}

/// A runtime of `script` with two players, init and on_join done.
inline std::unique_ptr<GameRuntime> started(const std::shared_ptr<const ModeScript>& script,
                                            nlohmann::json options = nlohmann::json::object()) {
  GameFacts facts;
  facts.game_id = "game-1";
  facts.mode = script->name();
  facts.version = script->version();
  OptionsResult resolved = resolve_options(script->info(), options);
  EXPECT_EQ(resolved.error, "");
  facts.options = resolved.options;
  facts.puzzles = {puzzle(1)};
  std::string error;
  auto runtime = GameRuntime::create(script, facts, &error);
  EXPECT_TRUE(runtime) << error;
  if (!runtime) return nullptr;
  runtime->set_players(two_players());
  CallOutcome init = runtime->init();
  EXPECT_TRUE(init.ok) << init.error;
  for (const PlayerFacts& p : two_players()) {
    CallOutcome join = runtime->on_join(p);
    EXPECT_TRUE(join.ok) << join.error;
  }
  return runtime;
}

inline SubmissionFacts result(bool passed, std::size_t tests_passed) {
  SubmissionFacts r;
  r.submission_id = "s1";
  r.language = "python";
  r.verdict = passed ? "OK" : "WA";
  r.passed = passed;
  r.tests_total = 5;
  r.tests_passed = tests_passed;
  for (std::size_t i = 0; i < 5; ++i) r.tests.push_back(i < tests_passed);
  return r;
}

}  // namespace arena::modes::testing
