#pragma once

// Shared by the GameSession tests: small inline modes compiled by the real ModeScript and run
// by the real GameRuntime, and a game on a clock the test moves by hand.

#include "games/GameSession.h"
#include "games/ScenarioFile.h"
#include "modes/GameRuntime.h"
#include "modes/ModeScript.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

// Tests name only the settings they change ({.players = 3}); the rest keep their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace arena::games::test {

// Times of every test game: created at kCreated, started 10 s later, 20 s long.
inline constexpr std::int64_t kCreated = 1'000'000;
inline constexpr std::int64_t kStart = kCreated + 10'000;
inline constexpr int kDuration = 20;
inline constexpr std::int64_t kEnd = kStart + kDuration * 1000;

// A complete mode named TEST with every handler; `extra` (Lua appended before `return mode`)
// redefines what a test needs. State: counters and strings, so the JSON form is unambiguous.
// Scores: 100 per passed submission; standings by score, then join order.
inline std::string mode_source(const std::string& extra = "", const std::string& fields = "") {
  return R"LUA(
local mode = { name = "TEST", api = 1, title = "Test", description = "A mode for tests.",
               min_players = 1, max_players = 10, duration = 20, grace = 5, tick = 1, )LUA" +
         fields + R"LUA( }
function mode.init(ctx, options)
  return { ticks = 0, tick_log = "", timers = "", codes = "", results = "", joined = "", left = "",
           started_at = "none", scores = {}, rolls = "" }
end
function mode.on_join(state, ctx, player)
  state.joined = state.joined .. player.id .. ";"
  state.scores[player.id] = 0
end
function mode.on_start(state, ctx) state.started_at = ctx.now() end
function mode.on_tick(state, ctx, now)
  state.ticks = state.ticks + 1
  state.tick_log = state.tick_log .. ctx.now() .. ";"
end
function mode.on_timer(state, ctx, tag) state.timers = state.timers .. tag .. "@" .. ctx.now() .. ";" end
function mode.on_code(state, ctx, player, code) state.codes = state.codes .. player.id .. "=" .. code .. "@" .. ctx.now() .. ";" end
function mode.on_result(state, ctx, player, result)
  state.results = state.results .. player.id .. ":" .. result.verdict .. ":" .. result.length .. ":" ..
                  result.submitted_at .. ":" .. result.puzzle .. ":" .. result.code .. ":" .. result.tests_passed ..
                  "/" .. result.tests_total .. ";"
  if result.passed then
    state.scores[player.id] = state.scores[player.id] + 100
    ctx.complete(player.id)
  end
end
function mode.on_leave(state, ctx, player) state.left = state.left .. player.id .. ";" end
function mode.view(state, ctx, player)
  return { who = player and player.id or "spectator", ticks = state.ticks,
           tests = { { input = "1\n", output = "2\n" }, { input = "5\n", output = "6\n" } } }
end
function mode.standings(state, ctx)
  local rows = {}
  for _, p in ipairs(ctx.players()) do
    rows[#rows + 1] = { player = p.id, index = p.index, score = state.scores[p.id] or 0 }
  end
  table.sort(rows, function(a, b)
    if a.score ~= b.score then return a.score > b.score end
    return a.index < b.index
  end)
  local out = {}
  for i, r in ipairs(rows) do
    local place = i
    if i > 1 and rows[i - 1].score == r.score then place = out[i - 1].place end
    out[i] = { player = r.player, place = place, score = r.score, detail = r.score .. " points" }
  end
  return out
end
)LUA" + extra +
         "\nreturn mode\n";
}

inline std::shared_ptr<const modes::ModeScript> compile(const std::string& source) {
  auto loaded = modes::ModeScript::load("test.lua", source, modes::ModeLimits{});
  EXPECT_TRUE(loaded) << loaded.error;
  return loaded.script;
}

inline modes::GameFacts facts_for(const modes::ModeScript& script, std::vector<std::string> languages = {},
                                  int puzzles = 1) {
  modes::GameFacts facts;
  facts.game_id = "game-1";
  facts.mode = script.name();
  facts.version = script.version();
  facts.options = modes::resolve_options(script.info(), nlohmann::json::object()).options;
  facts.duration_s = kDuration;
  facts.languages = std::move(languages);
  facts.puzzles = synthetic_puzzles(puzzles);
  return facts;
}

inline std::unique_ptr<modes::GameRuntime> runtime_for(std::shared_ptr<const modes::ModeScript> script,
                                                       const modes::GameFacts& facts) {
  std::string error;
  auto runtime = modes::GameRuntime::create(std::move(script), facts, &error);
  EXPECT_TRUE(runtime) << error;
  return runtime;
}

struct GameOptions {
  int players = 2;
  std::vector<std::string> languages;
  int puzzles = 1;
  SessionSettings settings{.countdown_s = 10, .grace_s = 10, .max_faults = 5, .code_update_interval_ms = 200};
  std::uint64_t seed = 7;
};

inline std::unique_ptr<GameSession> make_game(std::shared_ptr<const modes::ModeScript> script,
                                              const GameOptions& options = {}, std::string* error = nullptr) {
  GameSession::Setup setup;
  setup.facts = facts_for(*script, options.languages, options.puzzles);
  for (int i = 1; i <= options.players; ++i) {
    modes::PlayerFacts p;
    p.id = "u" + std::to_string(i);
    p.name = "user" + std::to_string(i);
    p.connected = true;
    setup.players.push_back(p);
  }
  setup.created_at_ms = kCreated;
  setup.starts_at_ms = kStart;
  setup.seed = options.seed;
  setup.settings = options.settings;
  auto runtime = runtime_for(script, setup.facts);
  std::string why;
  auto session = GameSession::create(std::move(setup), std::move(runtime), &why);
  if (error) *error = why;
  EXPECT_TRUE(session || error) << why;
  return session;
}

// Events of one name from a drained batch.
inline std::vector<Outgoing> named(const std::vector<Outgoing>& out, const std::string& event) {
  std::vector<Outgoing> found;
  std::copy_if(out.begin(), out.end(), std::back_inserter(found), [&](const Outgoing& o) { return o.event == event; });
  return found;
}

inline modes::SubmissionFacts verdict(bool passed, std::size_t tests = 5) {
  modes::SubmissionFacts r;
  r.verdict = passed ? "OK" : "WA";
  r.passed = passed;
  r.tests.assign(tests, passed);
  r.tests_total = tests;
  r.tests_passed = passed ? tests : 0;
  r.cpu_ms = 30;
  r.memory_kb = 9000;
  return r;
}

inline const nlohmann::json& state_of(const GameSession& session) {
  static thread_local nlohmann::json snapshot;
  snapshot = session.snapshot();
  return snapshot["state"];
}

}  // namespace arena::games::test
