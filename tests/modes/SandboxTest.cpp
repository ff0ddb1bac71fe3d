// The sandbox suite (issue 7's acceptance): each attack is contained, reported as an error with
// a message, and the next call on the same runtime works with the state as it was.

#include "ModeTestSupport.h"

#include <filesystem>

namespace arena::modes {
namespace {

using namespace testing;

// on_code runs the "code" as Lua (the attack), then marks the state: a successful call leaves
// state.after set, a contained failure leaves the state untouched.
const std::string kAttackMode = test_mode(R"lua(
function mode.on_code(state, ctx, player, code)
  state.calls = (state.calls or 0) + 1
  local f, err = load(code, "=attack.lua")
  if not f then error(err, 0) end
  f(state, ctx)
end
)lua");

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    script_ = load_ok(kAttackMode);
    ASSERT_TRUE(script_);
    runtime_ = started(script_);
    ASSERT_TRUE(runtime_);
    ASSERT_TRUE(runtime_->on_code(p1_, "local state = ...; state.before = true").ok);
  }

  // Runs `attack`; expects an error containing `expected`; then checks the runtime still works.
  void expect_contained(const std::string& attack, const std::string& expected) {
    const nlohmann::json before = runtime_->state();
    CallOutcome out = runtime_->on_code(p1_, attack);
    EXPECT_FALSE(out.ok) << "the attack ran to completion: " << attack;
    EXPECT_NE(out.error.find(expected), std::string::npos) << "error: " << out.error;
    EXPECT_TRUE(out.effects.empty());
    EXPECT_EQ(runtime_->state(), before) << "a failed call must leave the saved state as it was";
    CallOutcome next = runtime_->on_code(p1_, "local state = ...; state.after = (state.after or 0) + 1");
    ASSERT_TRUE(next.ok) << next.error;
    EXPECT_EQ(runtime_->state()["calls"], before["calls"].get<int>() + 1) << "the attack's changes were rolled back";
    EXPECT_GE(runtime_->state()["after"].get<int>(), 1);
    CallOutcome rows = runtime_->standings();
    EXPECT_TRUE(rows.ok) << rows.error;
  }

  std::shared_ptr<const ModeScript> script_;
  std::unique_ptr<GameRuntime> runtime_;
  PlayerFacts p1_ = two_players()[0];
};

TEST_F(SandboxTest, InfiniteLoop) {
  expect_contained("while true do end", "instruction budget exceeded in on_code");
}

TEST_F(SandboxTest, InfiniteLoopReportsTheLine) {
  expect_contained("local x = 0\nwhile true do x = x + 1 end", "(attack.lua:2)");
}

TEST_F(SandboxTest, InfiniteLoopCannotBeSwallowedByPcall) {
  expect_contained("while true do pcall(function() while true do end end) end", "instruction budget exceeded");
  expect_contained("while true do xpcall(function() while true do end end, function() return 'caught' end) end",
                   "instruction budget exceeded");
}

TEST_F(SandboxTest, MemoryBombOfTables) {
  expect_contained("local t = {} for i = 1, 1e9 do t[i] = {i, i, i, i} end", "memory limit exceeded (8 MiB)");
}

TEST_F(SandboxTest, MemoryBombOfStringsByConcatenation) {
  expect_contained("local s = 'x' while true do s = s .. s end", "memory limit exceeded (8 MiB)");
}

TEST_F(SandboxTest, MemoryBombCannotBeSwallowedByPcall) {
  expect_contained("local t = {} while true do pcall(function() for i = 1, 1e9 do t[#t + 1] = {i} end end) end",
                   "memory limit exceeded");
}

TEST_F(SandboxTest, MemoryBombInTheState) {
  // The state itself grows past the cap: the call fails and the saved state comes back.
  expect_contained("local state = ... for i = 1, 1e9 do state[i] = 'item ' .. i end", "memory limit exceeded");
}

TEST_F(SandboxTest, NoOs) {
  expect_contained("os.execute('touch /tmp/arena-pwned')", "global 'os'");
  EXPECT_FALSE(std::filesystem::exists("/tmp/arena-pwned"));
}

TEST_F(SandboxTest, NoIo) {
  expect_contained("io.open('/etc/passwd')", "global 'io'");
}

TEST_F(SandboxTest, NoRequireDofileLoadfileDebugPackage) {
  expect_contained("require('os')", "global 'require'");
  expect_contained("dofile('/etc/passwd')", "global 'dofile'");
  expect_contained("loadfile('/etc/passwd')", "global 'loadfile'");
  expect_contained("debug.getregistry()", "global 'debug'");
  expect_contained("package.loadlib('libc.so.6', 'system')", "global 'package'");
}

TEST_F(SandboxTest, NoCollectgarbage) {
  expect_contained("collectgarbage('stop')", "global 'collectgarbage'");
}

TEST_F(SandboxTest, NoStringDump) {
  expect_contained("return string.dump(print)", "field 'dump'");
}

TEST_F(SandboxTest, LoadRefusesBinaryChunks) {
  expect_contained("assert(load('\\27Lua\\84\\0\\25\\147\\13\\10\\26\\10\\4\\8\\8'))", "binary chunk");
  expect_contained("assert(load('\\27Lua', 'x', 'b'))", "binary chunk");
  expect_contained(
      "local parts = {'\\27Lua', ''} local i = 0 "
      "assert(load(function() i = i + 1 return parts[i] end))",
      "binary chunk");
}

TEST_F(SandboxTest, LoadCannotEscapeTheEnvironment) {
  // The env argument is ignored: the chunk sees the sandbox's globals, never a chosen table.
  expect_contained("local f = load('return os', 'x', 't', {os = 'fake'}) assert(f() == nil) error('still sandboxed')",
                   "still sandboxed");
}

TEST_F(SandboxTest, StringRepOfAHugeString) {
  expect_contained("return string.rep('x', 1e9)", "string.rep: result too large");
  expect_contained("return ('xy'):rep(2^40, ',')", "string.rep: result too large");
  expect_contained("return getmetatable('').__index.rep('x', 1 << 30)", "string.rep: result too large");
}

TEST_F(SandboxTest, FormatWidthsAreBounded) {
  expect_contained("return string.format('%099999d', 1)", "invalid conversion");
}

TEST_F(SandboxTest, TableConcatOfAHugeResult) {
  expect_contained(
      "local t = {} local s = string.rep('x', 1 << 19) for i = 1, 8 do t[i] = s end return table.concat(t)",
      "table.concat: result too large");
}

TEST_F(SandboxTest, DeepLuaRecursion) {
  CallOutcome out = runtime_->on_code(p1_, "local function f(n) return 1 + f(n + 1) end return f(1)");
  EXPECT_FALSE(out.ok);
  EXPECT_TRUE(out.error.find("stack overflow") != std::string::npos ||
              out.error.find("memory limit exceeded") != std::string::npos)
      << out.error;
  expect_contained("local function f(n) return 1 + f(n + 1) end return f(1)", "");
}

TEST_F(SandboxTest, DeepRecursionThroughMetamethods) {
  expect_contained("local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return t.x",
                   "stack overflow");
  expect_contained("local t = setmetatable({}, {__add = function(a, b) return a + b end}) return t + 1",
                   "stack overflow");
  expect_contained("local t = setmetatable({}, {__tostring = function(s) return tostring(s) end}) return tostring(t)",
                   "stack overflow");
}

TEST_F(SandboxTest, DeepRecursionThroughGsubCallbacks) {
  expect_contained("local function f(s) return (('ab'):gsub('.', f)) end return f('a')", "stack overflow");
}

TEST_F(SandboxTest, PatternOnAHugeSubject) {
  expect_contained("return string.find(string.rep('a', 100000), 'b')", "subject too long");
  expect_contained("return (string.rep('a', 100000)):gsub('a', 'b')", "subject too long");
  expect_contained("for w in string.gmatch(string.rep('a ', 50000), '%a+') do end", "subject too long");
}

TEST_F(SandboxTest, PathologicalPattern) {
  // A subject within the limit and a pattern whose backtracking would take ages: the matcher's
  // steps are charged to the budget.
  expect_contained("return string.find(string.rep('a', 60000), string.rep('a*', 12) .. 'b')",
                   "instruction budget exceeded");
  expect_contained("return string.match(string.rep('a', 5000), '(.-)(.-)(.-)(.-)(.-)$b')",
                   "instruction budget exceeded");
}

TEST_F(SandboxTest, StringMetatableEscapes) {
  // The string metatable leads only to the sandbox's own string table.
  expect_contained(
      "local s = getmetatable('').__index assert(s.dump == nil) assert(rawget(_G, 'os') == nil) "
      "error('no way out')",
      "no way out");
  expect_contained("getmetatable('').__index = function() return os end return ('x').execute('id')", "");
}

TEST_F(SandboxTest, GcMetamethodsAreRefused) {
  expect_contained("setmetatable({}, {__gc = function() while true do end end})", "__gc metamethods are not allowed");
}

TEST_F(SandboxTest, ErrorObjectsThatAreNotStrings) {
  expect_contained("error({code = 1})", "error object is a table value");
  expect_contained("error(setmetatable({}, {__tostring = function() return 'custom' end}))", "custom");
}

TEST_F(SandboxTest, GlobalsAreTheWhitelist) {
  CallOutcome out = runtime_->on_code(p1_, R"lua(
    local names = {}
    for k in pairs(_G) do names[#names + 1] = k end
    table.sort(names)
    local state = ...
    state.globals = table.concat(names, " ")
  )lua");
  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(runtime_->state()["globals"],
            "_G _VERSION arena assert error getmetatable ipairs load math next pairs pcall print rawequal rawget "
            "rawlen rawset select setmetatable string table tonumber tostring type utf8 xpcall");
}

TEST_F(SandboxTest, ManyAttacksInARowLeaveTheRuntimeUsable) {
  for (int i = 0; i < 5; ++i) {
    expect_contained("while true do end", "instruction budget exceeded");
    expect_contained("local s = 'x' while true do s = s .. s end", "memory limit exceeded");
  }
  EXPECT_LT(runtime_->memory_bytes(), 2u << 20) << "the garbage of failed calls is collectable";
}

}  // namespace
}  // namespace arena::modes

namespace arena::modes {
namespace {

using namespace testing;

TEST_F(SandboxTest, LongCLoopsAreCharged) {
  // One C call that would loop a trillion times: charged before it starts.
  expect_contained("table.move({}, 1, 1e12, 2)", "instruction budget exceeded");
  expect_contained("local t = {} for i = 1, 100000 do t[i] = i end for i = 1, 1000 do table.insert(t, 1, i) end",
                   "instruction budget exceeded");
  expect_contained(
      "local t = setmetatable({}, {__index = function() return 'x' end}) return table.concat(t, '', 1, 1e12)", "");
  CallOutcome ok = runtime_->on_code(p1_,
                                     "local t = {3, 1, 2} table.sort(t) table.insert(t, 1, 0) table.remove(t, 1) "
                                     "assert(table.concat(table.move(t, 1, 3, 1, {}), ',') == '1,2,3')");
  EXPECT_TRUE(ok.ok) << ok.error;
}

}  // namespace
}  // namespace arena::modes

namespace arena::modes {
namespace {

using namespace testing;

TEST_F(SandboxTest, ExpensiveInstructionsHitTheCpuGuard) {
  // Each iteration is a handful of instructions that copy megabytes: the instruction budget
  // alone would allow ~a minute of this; the CPU guard stops it.
  expect_contained("local s = string.rep('x', 1 << 20) while true do local t = s .. s end",
                   "CPU time limit exceeded in on_code (attack.lua:1)");
}

}  // namespace
}  // namespace arena::modes

namespace arena::modes {
namespace {

using namespace testing;

TEST_F(SandboxTest, ActionsAreBounded) {
  // The host's copies of payloads count too: 20 broadcasts of 1 MiB would be 20 MiB in C++.
  expect_contained(
      "local state, ctx = ... local s = string.rep('x', 1 << 20) for i = 1, 20 do ctx.broadcast('big', s) end",
      "ctx.broadcast: payload: too large");
  expect_contained("local state, ctx = ... for i = 1, 20000 do ctx.refresh() end", "ctx.refresh: too many actions");
  expect_contained("local state, ctx = ... ctx.after(1e9, 'never')", "seconds must be between 0 and 86400");
  expect_contained("local state, ctx = ... ctx.broadcast(string.rep('e', 65), {})",
                   "event names have 1 to 64 characters");
}

}  // namespace
}  // namespace arena::modes
