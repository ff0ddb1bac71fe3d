// GameRuntime against real Lua: handlers, state, effects, rollback, rng, JSON.

#include "ModeTestSupport.h"

namespace arena::modes {
namespace {

using namespace testing;

TEST(GameRuntimeTest, InitJoinViewStandings) {
  auto script = load_ok(test_mode());
  ASSERT_TRUE(script);
  auto rt = started(script);
  ASSERT_TRUE(rt);
  EXPECT_EQ(rt->state()["bonus"], 10);
  EXPECT_EQ(rt->state()["scores"]["p1"], 0);
  rt->set_clock(1234);
  const PlayerFacts p1 = two_players()[0];
  CallOutcome view = rt->view(&p1);
  ASSERT_TRUE(view.ok) << view.error;
  EXPECT_EQ(view.value["score"], 0);
  EXPECT_EQ(view.value["now"], 1234);
  EXPECT_EQ(view.value["puzzles"], 1);
  CallOutcome spectator = rt->view(nullptr);
  ASSERT_TRUE(spectator.ok) << spectator.error;
  EXPECT_EQ(spectator.value["score"], false);
  CallOutcome rows = rt->standings();
  ASSERT_TRUE(rows.ok) << rows.error;
  ASSERT_EQ(rows.value.size(), 2u);
  EXPECT_EQ(rows.value[0]["place"], 1);
}

}  // namespace
}  // namespace arena::modes

namespace arena::modes {
namespace {

using namespace testing;

TEST(GameRuntimeTest, OnResultChangesStateAndEmitsEffects) {
  auto rt = started(load_ok(test_mode()));
  ASSERT_TRUE(rt);
  const PlayerFacts p1 = two_players()[0];
  CallOutcome out = rt->on_result(p1, result(true, 5));
  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(rt->state()["scores"]["p1"], 15);
  ASSERT_EQ(out.effects.size(), 2u);
  EXPECT_EQ(out.effects[0].kind, Effect::Kind::Complete);
  EXPECT_EQ(out.effects[0].player, "p1");
  EXPECT_EQ(out.effects[1].kind, Effect::Kind::Broadcast);
  EXPECT_EQ(out.effects[1].name, "scored");
  EXPECT_EQ(out.effects[1].payload, (nlohmann::json{{"player", "p1"}, {"score", 15}}));
  CallOutcome rows = rt->standings();
  ASSERT_TRUE(rows.ok);
  EXPECT_EQ(rows.value[0]["player"], "p1");
  EXPECT_EQ(rows.value[0]["score"], 15);
  EXPECT_GT(out.cpu.count(), 0);
}

TEST(GameRuntimeTest, ResultFieldsReachTheMode) {
  auto rt = started(load_ok(test_mode(R"lua(
function mode.on_result(state, ctx, player, r)
  state.seen = { r.submission_id, r.puzzle, r.language, r.verdict, r.passed, #r.tests, r.tests[1], r.tests[5],
                 r.tests_passed, r.tests_total, r.cpu_ms, r.wall_ms, r.memory_kb, r.length, r.code, r.submitted_at,
                 player.name, player.index }
end
)lua")));
  ASSERT_TRUE(rt);
  SubmissionFacts r = result(false, 3);
  r.puzzle = 2;
  r.cpu_ms = 40;
  r.wall_ms = 50;
  r.memory_kb = 9000;
  r.length = 12;
  r.code = "print(1)";
  r.submitted_at = 2500;
  CallOutcome out = rt->on_result(two_players()[1], r);
  ASSERT_TRUE(out.ok) << out.error;
  const auto expected = nlohmann::json::parse(
      R"J(["s1", 2, "python", "WA", false, 5, true, false, 3, 5, 40, 50, 9000, 12, "print(1)", 2500, "bob", 2])J");
  EXPECT_EQ(rt->state()["seen"], expected);
}

TEST(GameRuntimeTest, EveryCtxAction) {
  auto rt = started(load_ok(test_mode(R"lua(
function mode.on_start(state, ctx)
  ctx.broadcast("round", { n = 1 })
  ctx.send("p2", "hint", "look left")
  ctx.refresh()
  ctx.refresh("p1")
  ctx.complete("p1")
  ctx.eliminate("p2", "too slow")
  ctx.after(1.5, "unlock")
  ctx.log("hello", 42)
  print("printed", true)
  ctx.finish("done")
  state.game = ctx.game
  state.puzzle = ctx.puzzles[1].title
  state.me = ctx.player("p2").name
  state.nobody = ctx.player("p9") == nil
  state.count = #ctx.players()
end
)lua")));
  ASSERT_TRUE(rt);
  CallOutcome out = rt->on_start();
  ASSERT_TRUE(out.ok) << out.error;
  using K = Effect::Kind;
  ASSERT_EQ(out.effects.size(), 10u);
  EXPECT_EQ(out.effects[0].kind, K::Broadcast);
  EXPECT_EQ(out.effects[0].payload["n"], 1);
  EXPECT_EQ(out.effects[1].kind, K::Send);
  EXPECT_EQ(out.effects[1].player, "p2");
  EXPECT_EQ(out.effects[1].payload, "look left");
  EXPECT_EQ(out.effects[2].kind, K::Refresh);
  EXPECT_EQ(out.effects[2].player, "");
  EXPECT_EQ(out.effects[3].player, "p1");
  EXPECT_EQ(out.effects[4].kind, K::Complete);
  EXPECT_EQ(out.effects[5].kind, K::Eliminate);
  EXPECT_EQ(out.effects[5].name, "too slow");
  EXPECT_EQ(out.effects[6].kind, K::After);
  EXPECT_EQ(out.effects[6].delay_ms, 1500);
  EXPECT_EQ(out.effects[6].name, "unlock");
  EXPECT_EQ(out.effects[7].kind, K::Log);
  EXPECT_EQ(out.effects[7].name, "hello 42");
  EXPECT_EQ(out.effects[8].name, "printed\ttrue");
  EXPECT_EQ(out.effects[9].kind, K::Finish);
  EXPECT_EQ(out.effects[9].name, "done");
  const auto& state = rt->state();
  EXPECT_EQ(state["game"]["id"], "game-1");
  EXPECT_EQ(state["game"]["mode"], "TEST");
  EXPECT_EQ(state["game"]["options"]["bonus"], 10);
  EXPECT_EQ(state["puzzle"], "Puzzle 1");
  EXPECT_EQ(state["me"], "bob");
  EXPECT_EQ(state["nobody"], true);
  EXPECT_EQ(state["count"], 2);
}

TEST(GameRuntimeTest, HostEventsAndUnknownPlayersAreRefused) {
  auto rt = started(load_ok(test_mode(R"lua(
function mode.on_timer(state, ctx, tag)
  if tag == "view" then ctx.broadcast("view", {}) end
  if tag == "send" then ctx.send("nobody", "x", {}) end
  if tag == "fn" then ctx.broadcast("x", { f = print }) end
end
)lua")));
  ASSERT_TRUE(rt);
  CallOutcome out = rt->on_timer("view");
  EXPECT_FALSE(out.ok);
  EXPECT_NE(out.error.find("'view' is an event of the host"), std::string::npos) << out.error;
  out = rt->on_timer("send");
  EXPECT_NE(out.error.find("no player 'nobody'"), std::string::npos) << out.error;
  out = rt->on_timer("fn");
  EXPECT_NE(out.error.find("payload.f: functions cannot be sent"), std::string::npos) << out.error;
}

TEST(GameRuntimeTest, ErrorsCarryFileAndLineAndRollBack) {
  auto rt = started(load_ok(test_mode(R"lua(
function mode.on_tick(state, ctx, now)
  state.ticks = (state.ticks or 0) + 1
  ctx.broadcast("tick", { now = now })
  if now == 99 then
    local x = nil
    return x.field
  end
end
)lua")));
  ASSERT_TRUE(rt);
  ASSERT_TRUE(rt->on_tick().ok);
  EXPECT_EQ(rt->state()["ticks"], 1);
  rt->set_clock(99);
  CallOutcome out = rt->on_tick();
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error.rfind("test.lua:", 0), 0u) << out.error;
  EXPECT_NE(out.error.find("attempt to index a nil value"), std::string::npos) << out.error;
  EXPECT_TRUE(out.effects.empty()) << "the failed handler's effects are dropped";
  EXPECT_EQ(rt->state()["ticks"], 1) << "the state is the last saved one";
  rt->set_clock(100);
  ASSERT_TRUE(rt->on_tick().ok) << "the in-Lua state was restored too";
  EXPECT_EQ(rt->state()["ticks"], 2);
}

TEST(GameRuntimeTest, ErrorWithoutPositionGetsOne) {
  auto rt = started(load_ok(test_mode("function mode.on_timer(state, ctx)\n  error('plain', 0)\nend\n")));
  ASSERT_TRUE(rt);
  CallOutcome out = rt->on_timer("x");
  EXPECT_FALSE(out.ok);
  EXPECT_NE(out.error.find("test.lua:"), std::string::npos) << out.error;
  EXPECT_NE(out.error.find("plain"), std::string::npos) << out.error;
}

TEST(GameRuntimeTest, StateMustBePlainData) {
  auto rt = started(load_ok(test_mode(R"lua(
function mode.on_timer(state, ctx, tag)
  if tag == "fn" then state.players = { {}, {}, { fn = function() end } } end
  if tag == "mixed" then state.mixed = { 1, 2, x = 3 } end
  if tag == "holes" then state.holes = { [1] = 1, [3] = 3 } end
  if tag == "cycle" then state.me = state end
end
)lua")));
  ASSERT_TRUE(rt);
  const nlohmann::json before = rt->state();
  CallOutcome out = rt->on_timer("fn");
  EXPECT_FALSE(out.ok);
  EXPECT_NE(out.error.find("state.players[3].fn: functions cannot be saved"), std::string::npos) << out.error;
  EXPECT_EQ(rt->state(), before);
  EXPECT_NE(rt->on_timer("mixed").error.find("state.mixed: tables must have only string keys"), std::string::npos);
  EXPECT_NE(rt->on_timer("holes").error.find("state.holes"), std::string::npos);
  EXPECT_NE(rt->on_timer("cycle").error.find("state.me"), std::string::npos);
  EXPECT_EQ(rt->state(), before);
}

TEST(GameRuntimeTest, JsonRoundTripKeepsIntegersAndFloats) {
  auto rt = started(load_ok(test_mode(R"lua(
function mode.on_timer(state, ctx, tag)
  if tag == "set" then
    state.values = { int = 3, float = 3.0, half = 0.5, big = math.maxinteger, neg = -7, s = "é\0x", t = true,
                     list = { 1, 2.5, "x", { y = false } }, ["key with space"] = 1 }
  else
    local v = state.values
    state.checks = { math.type(v.int), math.type(v.float), math.type(v.big), v.big == math.maxinteger,
                     #v.s, v.list[4].y, v["key with space"] }
  end
end
)lua")));
  ASSERT_TRUE(rt);
  ASSERT_TRUE(rt->on_timer("set").ok);
  const auto& v = rt->state()["values"];
  EXPECT_TRUE(v["int"].is_number_integer());
  EXPECT_TRUE(v["float"].is_number_float());
  EXPECT_EQ(v["s"], std::string("\xc3\xa9\0x", 4));
  // Through JSON text and back into a fresh runtime, as after a restart.
  const nlohmann::json saved = nlohmann::json::parse(rt->state().dump());
  auto resumed = started(load_ok(test_mode(R"lua(
function mode.on_timer(state, ctx, tag)
  local v = state.values
  state.checks = { math.type(v.int), math.type(v.float), math.type(v.big), v.big == math.maxinteger,
                   #v.s, v.list[4].y, v["key with space"] }
end
)lua")));
  std::string error;
  ASSERT_TRUE(resumed->restore(saved, &error)) << error;
  CallOutcome out = resumed->on_timer("check");
  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(resumed->state()["checks"], nlohmann::json::parse(R"(["integer", "float", "integer", true, 4, false, 1])"));
}

TEST(GameRuntimeTest, RandomIsSeededAndDeterministic) {
  const std::string source = test_mode(R"lua(
function mode.on_timer(state, ctx, tag)
  state.draws = {}
  for i = 1, 20 do state.draws[i] = ctx.random(1, 6) end
  state.big = ctx.random(100)
  state.float = ctx.random()
  state.math = math.random(10)
  local ok = pcall(ctx.random, 5, 1)
  state.empty_refused = not ok
end
)lua");
  auto script = load_ok(source);
  auto a = started(script);
  auto b = started(script);
  a->set_rng_state(42);
  b->set_rng_state(42);
  ASSERT_TRUE(a->on_timer("x").ok);
  ASSERT_TRUE(b->on_timer("x").ok);
  EXPECT_EQ(a->state(), b->state());
  EXPECT_EQ(a->rng_state(), b->rng_state());
  EXPECT_NE(a->rng_state(), 42u);
  for (const auto& d : a->state()["draws"]) {
    EXPECT_GE(d.get<int>(), 1);
    EXPECT_LE(d.get<int>(), 6);
  }
  EXPECT_TRUE(a->state()["float"].is_number_float());
  EXPECT_LT(a->state()["float"].get<double>(), 1.0);
  EXPECT_EQ(a->state()["empty_refused"], true);
  // A resumed game continues the sequence: same state in, same numbers out.
  const std::uint64_t mid = a->rng_state();
  ASSERT_TRUE(a->on_timer("x").ok);
  b->set_rng_state(mid);
  ASSERT_TRUE(b->on_timer("x").ok);
  EXPECT_EQ(a->state()["draws"], b->state()["draws"]);
  // Another seed, other numbers.
  auto c = started(script);
  c->set_rng_state(7);
  ASSERT_TRUE(c->on_timer("x").ok);
  EXPECT_NE(c->state()["draws"], b->state()["draws"]);
}

TEST(GameRuntimeTest, FailedCallRollsTheGeneratorBack) {
  auto rt = started(load_ok(test_mode("function mode.on_timer(state, ctx) ctx.random() error('no') end\n")));
  rt->set_rng_state(5);
  EXPECT_FALSE(rt->on_timer("x").ok);
  EXPECT_EQ(rt->rng_state(), 5u);
}

TEST(GameRuntimeTest, BeforeSubmitAndRun) {
  auto rt = started(load_ok(test_mode(R"lua(
function mode.before_submit(state, ctx, player, code, info)
  if code == "refuse" then return nil, "not now" end
  if info.puzzle == 2 then return arena.reverse(code), { puzzle = 2 } end
  return code .. "!" .. info.language
end
)lua")));
  ASSERT_TRUE(rt);
  const PlayerFacts p1 = two_players()[0];
  CallOutcome out = rt->before_submit(p1, "abc", "python", 1);
  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(out.value, nlohmann::json::array({"abc!python"}));
  out = rt->before_submit(p1, "refuse", "python", 1);
  EXPECT_EQ(out.value, nlohmann::json::parse(R"([null, "not now"])"));
  out = rt->before_submit(p1, "héllo", "python", 2);
  EXPECT_EQ(out.value, nlohmann::json::parse(R"(["olléh", {"puzzle": 2}])"));
  // No before_run: the code runs as written.
  out = rt->before_run(p1, "x", "python", 1);
  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.value, nlohmann::json::array({"x"}));
  EXPECT_TRUE(rt->has_handler("before_submit"));
  EXPECT_FALSE(rt->has_handler("before_run"));
  EXPECT_FALSE(rt->has_handler("nonsense"));
}

TEST(GameRuntimeTest, ViewAndStandingsMustReturnTables) {
  auto rt = started(load_ok(test_mode(R"lua(
local real_view, real_standings = mode.view, mode.standings
function mode.view(state, ctx, player) if state.bad then return 42 end return real_view(state, ctx, player) end
function mode.standings(state, ctx) if state.bad then return { x = 1 } end return real_standings(state, ctx) end
function mode.on_timer(state) state.bad = true end
)lua")));
  ASSERT_TRUE(rt);
  ASSERT_TRUE(rt->on_timer("x").ok);
  CallOutcome view = rt->view(nullptr);
  EXPECT_FALSE(view.ok);
  EXPECT_NE(view.error.find("view must return a table, not number"), std::string::npos) << view.error;
  CallOutcome rows = rt->standings();
  EXPECT_FALSE(rows.ok);
  EXPECT_NE(rows.error.find("standings must return an array"), std::string::npos) << rows.error;
}

TEST(GameRuntimeTest, ArenaHelpers) {
  auto rt = started(load_ok(test_mode(R"lua(
function mode.on_timer(state)
  state.d = { arena.edit_distance("kitten", "sitting"), arena.edit_distance("", "abc"), arena.edit_distance("héllo", "hello"),
              arena.edit_distance("same", "same") }
  state.r = arena.reverse("añb😀c")
  state.api = arena.api
  local ok, err = pcall(arena.edit_distance, string.rep("x", 70000), "y")
  state.too_long = err
end
)lua")));
  ASSERT_TRUE(rt);
  CallOutcome out = rt->on_timer("x");
  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(rt->state()["d"], nlohmann::json::parse("[3, 3, 1, 0]"));
  EXPECT_EQ(rt->state()["r"], "c😀bña");
  EXPECT_EQ(rt->state()["api"], kModeApiVersion);
  EXPECT_NE(rt->state()["too_long"].get<std::string>().find("at most 65536 bytes"), std::string::npos);
}

TEST(GameRuntimeTest, RestoreRefusesNonObjects) {
  auto rt = started(load_ok(test_mode()));
  std::string error;
  EXPECT_FALSE(rt->restore(nlohmann::json::array(), &error));
  EXPECT_NE(error, "");
  EXPECT_EQ(rt->state()["bonus"], 10);
}

TEST(GameRuntimeTest, MigrateSwitchesScriptAndState) {
  auto old_script = load_ok(test_mode());
  auto rt = started(old_script);
  ASSERT_TRUE(rt->on_result(two_players()[0], result(true, 5)).ok);
  // A version without migrate cannot take over.
  auto plain = load_ok(test_mode("mode.title = 'Plain'\n"));
  CallOutcome refused = rt->migrate(plain);
  EXPECT_FALSE(refused.ok);
  EXPECT_NE(refused.error.find("no migrate"), std::string::npos) << refused.error;
  EXPECT_EQ(rt->script().version(), old_script->version());
  // A failing migrate leaves the game on its version.
  auto failing = load_ok(test_mode("function mode.migrate(old, api) error('cannot') end\n"));
  CallOutcome failed = rt->migrate(failing);
  EXPECT_FALSE(failed.ok);
  EXPECT_NE(failed.error.find("cannot"), std::string::npos);
  EXPECT_EQ(rt->script().version(), old_script->version());
  EXPECT_EQ(rt->state()["scores"]["p1"], 15);
  ASSERT_TRUE(rt->on_result(two_players()[1], result(false, 1)).ok) << "still running the old version";
  // A working migrate: the state goes through it and the new handlers run from now on.
  auto next = load_ok(test_mode(R"lua(
function mode.migrate(old, api)
  old.migrated_from = api
  return old
end
local real_view = mode.view
function mode.view(state, ctx, player) local v = real_view(state, ctx, player) v.version = ctx.game.version return v end
)lua"));
  CallOutcome migrated = rt->migrate(next);
  ASSERT_TRUE(migrated.ok) << migrated.error;
  EXPECT_EQ(rt->script().version(), next->version());
  EXPECT_EQ(rt->facts().version, next->version());
  EXPECT_EQ(rt->state()["migrated_from"], 1);
  EXPECT_EQ(rt->state()["scores"]["p1"], 15);
  CallOutcome view = rt->view(nullptr);
  ASSERT_TRUE(view.ok) << view.error;
  EXPECT_EQ(view.value["version"], next->version());
}

TEST(GameRuntimeTest, MemoryIsReported) {
  auto rt = started(load_ok(test_mode()));
  const std::size_t before = rt->memory_bytes();
  EXPECT_GT(before, 0u);
  ASSERT_TRUE(rt->on_code(two_players()[0], "x").ok);  // no on_code: nothing happens
}

}  // namespace
}  // namespace arena::modes

namespace arena::modes {
namespace {

using namespace testing;

TEST(GameRuntimeTest, RestoreRefusesAbsurdlyDeepJson) {
  auto rt = started(load_ok(test_mode()));
  nlohmann::json deep = nlohmann::json::object();
  nlohmann::json* at = &deep;
  for (int i = 0; i < 100000; ++i) at = &((*at)["x"] = nlohmann::json::object());
  std::string error;
  EXPECT_FALSE(rt->restore(deep, &error));
  EXPECT_NE(error.find("nested too deeply"), std::string::npos) << error;
  EXPECT_EQ(rt->state()["bonus"], 10);
  EXPECT_TRUE(rt->on_result(two_players()[0], result(true, 5)).ok);
  // nlohmann's recursive destructor on 100000 levels is its own business: flatten before it runs.
  while (deep.contains("x")) {
    nlohmann::json inner = std::move(deep["x"]);
    deep = std::move(inner);
  }
}

}  // namespace
}  // namespace arena::modes
