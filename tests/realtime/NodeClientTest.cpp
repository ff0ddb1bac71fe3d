// Compatibility with the maintained `phoenix` npm client: tests/realtime/node/client.js (Node,
// with `ws` as its transport) connects, joins while tracking presence, gets the presence_state
// and a broadcast, and leaves. node_modules is installed with `npm ci` on first use.
#include "support/TestServer.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>

namespace {

struct Output {
  int exit_code = -1;
  std::string text;
};

Output run(const std::string& command) {
  Output output;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return output;
  std::array<char, 4096> chunk{};
  while (fgets(chunk.data(), chunk.size(), pipe)) output.text += chunk.data();
  int status = pclose(pipe);
  output.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return output;
}

TEST(RealtimeNode, ThePhoenixNpmClientJoinsGetsPresenceAndABroadcast) {
  namespace fs = std::filesystem;
  const fs::path dir = ARENA_REALTIME_NODE_DIR;
  if (run("command -v node").exit_code != 0) GTEST_SKIP() << "node is not installed";
  if (!fs::exists(dir / "node_modules" / "phoenix" / "package.json")) {
    auto install = run("cd '" + dir.string() + "' && npm ci --no-audit --no-fund 2>&1");
    ASSERT_EQ(install.exit_code, 0) << "npm ci failed in " << dir << ":\n" << install.text;
  }
  arena::test::TestServer server({"realtime_probe"});
  auto result = run("timeout 30 node '" + (dir / "client.js").string() + "' " + std::to_string(server.port()) +
                    " nodeuser test:node 2>&1");
  EXPECT_EQ(result.exit_code, 0) << result.text;
  std::map<std::string, nlohmann::json> steps;
  std::istringstream lines(result.text);
  std::string line;
  while (std::getline(lines, line)) {
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    if (parsed.is_object() && parsed.contains("step")) steps[parsed["step"]] = parsed["data"];
  }
  ASSERT_TRUE(steps.contains("open")) << result.text;
  ASSERT_TRUE(steps.contains("joined")) << result.text;
  EXPECT_EQ(steps["joined"]["joined"], "test:node");
  ASSERT_TRUE(steps.contains("presence")) << result.text;
  ASSERT_EQ(steps["presence"].size(), 1u);
  EXPECT_EQ(steps["presence"][0]["metas"], nlohmann::json::array({"nodeuser"}));
  ASSERT_TRUE(steps.contains("broadcast")) << result.text;
  EXPECT_EQ(steps["broadcast"]["from"], "node");
  EXPECT_TRUE(steps.contains("left")) << result.text;
}

}  // namespace
