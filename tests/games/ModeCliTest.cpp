// `arena mode check` and `arena mode simulate` through the real binary: no config, no
// database, no plugins.

#include "SessionFixture.h"
#include "support/Subprocess.h"

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace arena::games::test {
namespace {

using arena::test::run_arena;
using nlohmann::json;
namespace fs = std::filesystem;

class ModeCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("arena-mode-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }

  // Runs in the test's directory with a config that cannot load: the mode tools never read it.
  arena::test::ProcessResult arena(std::vector<std::string> args) {
    return run_arena(args, dir_.string(), {{"ARENA_CONFIG", (dir_ / "missing.json").string()}});
  }

  fs::path dir_;
};

const std::string kOptions =
    "options = { rounds = { type = \"integer\", default = 3, min = 1, max = 9, doc = \"how many\" } },";

TEST_F(ModeCli, CheckPrintsWhatTheModeDeclares) {
  auto file = write("test.lua", mode_source("", kOptions));
  auto r = arena({"mode", "check", file});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto version = compile(mode_source("", kOptions))->version();
  EXPECT_NE(r.out.find("TEST version " + version), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("title:       Test"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("players:     1 to 10"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("duration:    20 s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rounds  integer  default 3  min 1  max 9  - how many"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("A mode for tests."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nok\n"), std::string::npos) << r.out;
}

TEST_F(ModeCli, CheckReportsTheErrorAndFails) {
  auto file = write("test.lua", "local mode = {\n  name = \"TEST\",\n  oops oops\n}\nreturn mode\n");
  auto r = arena({"mode", "check", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("test.lua:3"), std::string::npos) << r.err;

  auto missing = arena({"mode", "check", (dir_ / "nothing.lua").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_FALSE(missing.err.empty());
}

TEST_F(ModeCli, SimulateWithoutAScriptEveryoneSolves) {
  auto file = write("test.lua", mode_source());
  auto r = arena({"mode", "simulate", file, "--players", "3"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("place"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("player3 (p3)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("100 points"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ended: finished (time_up) at 20 s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("expect: ok"), std::string::npos) << r.out;
}

TEST_F(ModeCli, SimulateAScriptExitsOneWhenExpectFails) {
  auto file = write("test.lua", mode_source());
  const std::string events = R"("events": [{"at": 2, "player": 2, "submit": "x", "result": {"verdict": "OK"}}])";
  auto good = write("good.json", "{\"players\": [\"ann\", \"ben\"], " + events + ", \"expect\": {\"winner\": 2}}");
  auto bad = write("bad.json", "{\"players\": [\"ann\", \"ben\"], " + events + ", \"expect\": {\"winner\": 1}}");

  auto pass = arena({"mode", "simulate", file, "--script", good});
  EXPECT_EQ(pass.exit_code, 0) << pass.out << pass.err;
  EXPECT_NE(pass.out.find("ben (p2)"), std::string::npos) << pass.out;

  auto fail = arena({"mode", "simulate", file, "--script=" + bad});
  EXPECT_EQ(fail.exit_code, 1) << fail.out << fail.err;
  EXPECT_NE(fail.out.find("expect: FAILED"), std::string::npos) << fail.out;
  EXPECT_NE(fail.out.find("winner: expected 1, got 2"), std::string::npos) << fail.out;

  auto broken = write("broken.json", "{\"players\": 2, \"evnts\": []}");
  auto refused = arena({"mode", "simulate", file, "--script", broken});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("unknown key 'evnts'"), std::string::npos) << refused.err;
}

TEST_F(ModeCli, SimulateJsonPrintsTheEventLog) {
  auto file = write("test.lua", mode_source());
  auto r = arena({"mode", "simulate", file, "--players", "2", "--seed", "3", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::istringstream lines(r.out);
  std::vector<json> entries;
  for (std::string line; std::getline(lines, line);) entries.push_back(json::parse(line));
  ASSERT_GT(entries.size(), 3u);
  EXPECT_TRUE(std::any_of(entries.begin(), entries.end(),
                          [](const json& e) { return e.value("event", "") == "game_started" && e["at"] == 0; }));
  EXPECT_TRUE(std::any_of(entries.begin(), entries.end(),
                          [](const json& e) { return e.value("input", "") == "submit" && e["from"] == "p1"; }));
  const auto& result = entries.back()["result"];
  EXPECT_EQ(result["mode"], "TEST");
  EXPECT_EQ(result["reason"], "time_up");
  EXPECT_EQ(result["passed"], true);
  EXPECT_EQ(result["standings"].size(), 2u);
}

TEST_F(ModeCli, UsageAndBadCommandLines) {
  auto help = run_arena({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("mode check FILE"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("mode simulate FILE"), std::string::npos) << help.out;
  auto mode_help = arena({"mode", "--help"});
  EXPECT_EQ(mode_help.exit_code, 0);
  EXPECT_NE(mode_help.out.find("--script"), std::string::npos);
  EXPECT_NE(mode_help.out.find("absent_events"), std::string::npos) << mode_help.out;

  auto file = write("test.lua", mode_source());
  EXPECT_EQ(arena({"mode"}).exit_code, 2);
  EXPECT_EQ(arena({"mode", "frobnicate", file}).exit_code, 2);
  EXPECT_EQ(arena({"mode", "check"}).exit_code, 2);
  EXPECT_EQ(arena({"mode", "simulate", file, "--players"}).exit_code, 2);
  EXPECT_EQ(arena({"mode", "simulate", file, "--players", "0"}).exit_code, 2);
  EXPECT_EQ(arena({"mode", "simulate", file, "--bogus"}).exit_code, 2);
}

}  // namespace
}  // namespace arena::games::test
