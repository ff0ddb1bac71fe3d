// ModeScript::load refusals (each with a clear message), options, ModeInfo, puzzle_count, and
// the modes shipped in modes/.

#include "ModeTestSupport.h"

#include <filesystem>

namespace arena::modes {
namespace {

using namespace testing;

// The test mode with `from` replaced by `to` (once).
std::string edited(const std::string& from, const std::string& to, const std::string& extra = "") {
  std::string source = test_mode(extra);
  const auto at = source.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) source.replace(at, from.size(), to);
  return source;
}

void expect_refused(const std::string& source, const std::string& message, const std::string& file = "test.lua") {
  const std::string error = load_error(source, file);
  EXPECT_NE(error, "") << "loaded, but should be refused with: " << message;
  EXPECT_NE(error.find(message), std::string::npos) << "error: " << error;
  EXPECT_EQ(error.rfind(std::filesystem::path(file).filename().string() + ":", 0), 0u) << "names the file: " << error;
}

TEST(ModeScriptTest, LoadsAValidModeAndDescribesIt) {
  auto script = load_ok(test_mode(), "/some/dir/test.lua");
  ASSERT_TRUE(script);
  const ModeInfo& info = script->info();
  EXPECT_EQ(info.name, "TEST");
  EXPECT_EQ(info.title, "Test");
  EXPECT_EQ(info.max_players, 8u);
  EXPECT_EQ(info.duration_s, 300);
  EXPECT_EQ(info.countdown_s, -1);
  EXPECT_EQ(info.tick_s, 0);
  EXPECT_FALSE(info.has_migrate);
  EXPECT_EQ(info.file, "/some/dir/test.lua");
  EXPECT_EQ(script->chunk_name(), "test.lua");
  EXPECT_EQ(info.version.size(), 12u);
  EXPECT_EQ(info.version.find_first_not_of("0123456789abcdef"), std::string::npos);
  ASSERT_EQ(info.options.size(), 2u);
  const nlohmann::json json = info.to_json();
  EXPECT_EQ(json["name"], "TEST");
  EXPECT_EQ(json["options"]["bonus"]["default"], 10);
  EXPECT_EQ(json["options"]["bonus"]["min"], 0);
  EXPECT_EQ(json["options"]["label"]["enum"], nlohmann::json::array({"x", "y"}));
  EXPECT_EQ(json["version"], info.version);
}

TEST(ModeScriptTest, VersionIsTheSourceHash) {
  auto a = load_ok(test_mode());
  auto b = load_ok(test_mode());
  auto c = load_ok(test_mode("-- a comment changes the version\n"));
  EXPECT_EQ(a->version(), b->version());
  EXPECT_NE(a->version(), c->version());
  EXPECT_NE(load_error("", "empty.lua").find("must return the mode table"), std::string::npos);
}

TEST(ModeScriptTest, TickAndMigrateAreDetected) {
  auto script =
      load_ok(test_mode("mode.tick = 2\nfunction mode.on_tick() end\nfunction mode.migrate(s) return s end\n"));
  EXPECT_EQ(script->info().tick_s, 2);
  EXPECT_TRUE(script->info().has_migrate);
  auto default_tick = load_ok(test_mode("function mode.on_tick() end\n"));
  EXPECT_EQ(default_tick->info().tick_s, 1);
}

TEST(ModeScriptTest, SyntaxAndRuntimeErrorsOfTheChunk) {
  expect_refused("local mode = {", "test.lua:1:");
  expect_refused("error('boom')", "boom");
  expect_refused("while true do end", "instruction budget exceeded in load");
  expect_refused("local t = {} for i = 1, 1e9 do t[i] = {} end", "memory limit exceeded");
  expect_refused("return 42", "the file must return the mode table, not number");
  expect_refused(
      "\x1b"
      "Lua",
      "binary chunk");
}

TEST(ModeScriptTest, NameAndApi) {
  expect_refused(edited("name = \"TEST\",", ""), "missing field 'name'");
  expect_refused(edited("name = \"TEST\"", "name = \"OTHER\""),
                 "name 'OTHER' does not match the file name (expected 'TEST')");
  expect_refused(edited("name = \"TEST\"", "name = 5"), "field 'name' must be a string, not number");
  expect_refused(edited("api = 1,", ""), "missing field 'api'");
  expect_refused(edited("api = 1", "api = 2"), "api 2 is not supported");
  expect_refused(edited("api = 1", "api = '1'"), "field 'api' must be an integer");
  auto other = load_ok(edited("name = \"TEST\"", "name = \"MY_MODE\""), "my_mode.lua");
  EXPECT_EQ(other->name(), "MY_MODE");
}

TEST(ModeScriptTest, FieldTypesAndRanges) {
  expect_refused(edited("title = \"Test\",", ""), "missing field 'title'");
  expect_refused(edited("description = \"A mode for the tests.\"", "description = ''"),
                 "field 'description' must not be empty");
  expect_refused(edited("max_players = 8", "max_players = 51"), "field 'max_players' must be between 1 and 50");
  expect_refused(edited("min_players = 1", "min_players = 9"), "max_players is less than min_players");
  expect_refused(edited("duration = 300", "duration = 'long'"), "field 'duration' must be an integer, not string");
  expect_refused(edited("duration = 300", "duration = 1.5"), "field 'duration' must be an integer");
  expect_refused(test_mode("mode.tick = 0\nfunction mode.on_tick() end\n"), "field 'tick'");
  expect_refused(test_mode("mode.requires_starter = 'yes'\n"), "field 'requires_starter' must be a boolean");
  expect_refused(test_mode("mode.puzzles = 11\n"), "field 'puzzles' must be between 1 and 10");
  expect_refused(test_mode("mode.puzzles = 'many'\n"), "field 'puzzles' must be a number or function");
  expect_refused(test_mode("mode.countdown = -1\n"), "field 'countdown' must be between 0 and 3600");
}

TEST(ModeScriptTest, Handlers) {
  expect_refused(test_mode("mode.standings = nil\n"), "missing function 'standings'");
  expect_refused(test_mode("mode.on_result = nil\n"), "missing function 'on_result'");
  expect_refused(test_mode("mode.init = nil\n"), "missing function 'init'");
  expect_refused(test_mode("mode.view = 'a view'\n"), "field 'view' must be a function, not string");
  expect_refused(test_mode("mode.on_tick = {}\n"), "field 'on_tick' must be a function, not table");
  // Helper functions and extra data are the mode's business.
  EXPECT_TRUE(load_ok(test_mode("function mode.helper() end\nmode.points = { 10, 5 }\n")));
}

TEST(ModeScriptTest, OptionsMustBeWellFormed) {
  const auto with_options = [](const std::string& options) { return test_mode("mode.options = " + options + "\n"); };
  expect_refused(with_options("5"), "field 'options' must be a table");
  expect_refused(with_options("{ x = 5 }"), "option 'x' must be a table");
  expect_refused(with_options("{ x = { default = 1 } }"), "option 'x': 'type' must be");
  expect_refused(with_options("{ x = { type = 'date', default = 1 } }"), "option 'x': unknown type 'date'");
  expect_refused(with_options("{ x = { type = 'integer' } }"), "option 'x': 'default' is required");
  expect_refused(with_options("{ x = { type = 'integer', default = 'a' } }"),
                 "the default must be of type integer, not string");
  expect_refused(with_options("{ x = { type = 'integer', default = 1.5 } }"),
                 "the default must be of type integer, not number");
  expect_refused(with_options("{ x = { type = 'integer', default = 1, mini = 0 } }"), "option 'x': unknown key 'mini'");
  expect_refused(with_options("{ x = { type = 'integer', default = 1, min = 5, max = 2 } }"),
                 "min is greater than max");
  expect_refused(with_options("{ x = { type = 'integer', default = 1, min = 5 } }"), "the default is invalid");
  expect_refused(with_options("{ x = { type = 'string', default = 'a', enum = { 'b', 'c' } } }"),
                 "the default is invalid");
  expect_refused(with_options("{ x = { type = 'boolean', default = true, min = 1 } }"),
                 "'min' applies to integer and number");
  expect_refused(with_options("{ x = { type = 'string', default = 'a', enum = { 1 } } }"),
                 "enum value 1 is not of type string");
  expect_refused(with_options("{ x = { type = 'string', default = 'a', doc = 5 } }"), "'doc' must be a string");
  expect_refused(with_options("{ x = { type = 'string', default = 'a', f = print } }"),
                 "options.x.f: functions cannot be used");
}

TEST(ModeScriptTest, DryRunFailuresAreReported) {
  expect_refused(test_mode("function mode.init() return nil end\n"), "init must return the state (a table), not nil");
  expect_refused(test_mode("function mode.on_join(state) state.x.y = 1 end\n"), "(dry run: on_join)");
  expect_refused(test_mode("function mode.on_start() while true do end end\n"),
                 "instruction budget exceeded in on_start");
  expect_refused(test_mode("function mode.view(state, ctx, player) return player.id end\n"), "(dry run: view");
  expect_refused(test_mode("function mode.standings() return { { player = 'nobody', place = 1 } } end\n"),
                 "standings row 1: 'player' must be a player's id");
  expect_refused(test_mode("function mode.standings(s, ctx) return { { player = 'p1', place = 0 } } end\n"),
                 "standings row 1: 'place' must be an integer >= 1");
  expect_refused(test_mode("function mode.init() return { f = print } end\n"), "state.f: functions cannot be saved");
  expect_refused(test_mode("function mode.on_start(state, ctx) ctx.broadcast('game_completed', {}) end\n"),
                 "'game_completed' is an event of the host");
}

TEST(ModeScriptTest, DryRunSeesASyntheticGame) {
  auto script = load_ok(test_mode(R"lua(
mode.puzzles = 2
function mode.on_start(state, ctx)
  local p = ctx.puzzles[2]
  assert(#ctx.puzzles == 2, "two puzzles")
  assert(#p.tests == 5 and #p.examples == 2 and not p.tests[1].hidden and p.tests[3].hidden, "five tests")
  assert(p.starters.python == "print(int(input())+2)", "a python starter")
  assert(p.solution.language == "python" and p.solution.code == "print(int(input())+1)", "a solution")
  assert(#ctx.players() == 2 and ctx.now() == 0, "two players at time 0")
end
)lua"));
  EXPECT_TRUE(script);
}

TEST(ModeScriptTest, PuzzleCount) {
  EXPECT_EQ(load_ok(test_mode())->puzzle_count({}, 4), 1);
  EXPECT_EQ(load_ok(test_mode("mode.puzzles = 3\n"))->puzzle_count({}, 4), 3);
  auto by_function = load_ok(test_mode("function mode.puzzles(options, players) return players + options.bonus end\n"));
  EXPECT_EQ(by_function->puzzle_count({{"bonus", 1}}, 4), 5);
  EXPECT_EQ(by_function->puzzle_count({{"bonus", 100}}, 4), 10) << "clamped";
  EXPECT_EQ(by_function->puzzle_count({{"bonus", -100}}, 4), 1) << "clamped";
  EXPECT_EQ(by_function->puzzle_count({}, 4), 1) << "a failing function means 1";
  expect_refused(test_mode("function mode.puzzles() return 'three' end\n"),
                 "puzzles(options, players) must return a number");
  expect_refused(test_mode("function mode.puzzles() while true do end end\n"),
                 "instruction budget exceeded in puzzles");
}

TEST(ResolveOptionsTest, DefaultsAndChecks) {
  auto script = load_ok(test_mode());
  const ModeInfo& info = script->info();
  OptionsResult r = resolve_options(info, nlohmann::json::object());
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.options, (nlohmann::json{{"bonus", 10}, {"label", "x"}}));
  r = resolve_options(info, nullptr);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.options["bonus"], 10);
  r = resolve_options(info, {{"bonus", 20.0}, {"label", "y"}});
  EXPECT_EQ(r.error, "");
  EXPECT_TRUE(r.options["bonus"].is_number_integer());
  EXPECT_EQ(r.options["bonus"], 20);
  EXPECT_EQ(resolve_options(info, {{"bonus", 101}}).error, "option 'bonus' must be between 0 and 100 (it is 101)");
  EXPECT_EQ(resolve_options(info, {{"bonus", 1.5}}).error, "option 'bonus' must be of type integer, not number");
  EXPECT_EQ(resolve_options(info, {{"bonus", "5"}}).error, "option 'bonus' must be of type integer, not string");
  EXPECT_EQ(resolve_options(info, {{"label", "z"}}).error, "option 'label' must be one of [\"x\",\"y\"] (it is \"z\")");
  EXPECT_EQ(resolve_options(info, {{"colour", 1}}).error, "unknown option 'colour' for mode TEST");
  EXPECT_EQ(resolve_options(info, nlohmann::json::array()).error, "options must be an object");
}

TEST(ShippedModesTest, EveryModeFileLoads) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ARENA_MODES_DIR)) {
    if (entry.path().extension() != ".lua") continue;
    ++count;
    LoadResult result = ModeScript::load_file(entry.path(), ModeLimits{});
    EXPECT_TRUE(result) << result.error;
  }
  EXPECT_GT(count, 0u);
}

}  // namespace
}  // namespace arena::modes
