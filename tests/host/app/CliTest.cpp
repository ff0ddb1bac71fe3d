// The `arena` program as an operator uses it: a real process, real database, real signals.
#include "support/HttpClient.h"
#include "support/Subprocess.h"
#include "support/TestServer.h"

#include <csignal>
#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <regex>

using arena::test::run_arena;

namespace {

std::vector<std::string> with_sets(const std::vector<std::string>& sets, std::vector<std::string> args) {
  std::vector<std::string> all;
  for (const auto& set : sets) {
    all.push_back("--set");
    all.push_back(set);
  }
  all.insert(all.end(), args.begin(), args.end());
  return all;
}

}  // namespace

TEST(CliTest, PrintsVersionAndHelp) {
  auto version = run_arena({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("arena 0.1.0"), std::string::npos);
  auto help = run_arena({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"serve", "migrate", "seed", "config", "plugins"})
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
}

TEST(CliTest, UnknownKeyStopsStartupNamingIt) {
  auto result = run_arena({"--set", "server.bogus=1", "config"});
  EXPECT_EQ(result.exit_code, 78);
  EXPECT_NE(result.err.find("server.bogus: unknown key"), std::string::npos) << result.err;
  auto bad_value = run_arena({"--set", "server.port=many", "serve"});
  EXPECT_EQ(bad_value.exit_code, 78);
  EXPECT_NE(bad_value.err.find("server.port"), std::string::npos) << bad_value.err;
}

TEST(CliTest, ConfigMasksSecrets) {
  auto result = run_arena({"--set", "database.url=postgresql://arena:hunter2@db/arena", "config"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find("hunter2"), std::string::npos);
  auto config = nlohmann::json::parse(result.out);
  EXPECT_EQ(config["database"]["url"], "********");
}

TEST(CliTest, ConfigReferenceListsEveryKey) {
  auto result = run_arena({"config", "--reference"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  for (const char* key : {"`server.port`", "`database.url`", "`plugins.enabled`", "`web.root`", "ARENA_SERVER_PORT"})
    EXPECT_NE(result.out.find(key), std::string::npos) << key;
}

TEST(CliTest, PluginsListsFoundPluginsAndTheirProblems) {
  auto result = run_arena({"--set", std::string("plugins.path=") + ARENA_TEST_PLUGIN_DIR, "--set",
                           "plugins.enabled=alpha,beta", "plugins"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::string abi = "abi " + std::to_string(arena::kSdkAbiVersion);
  EXPECT_TRUE(std::regex_search(result.out, std::regex("enabled +alpha 1\\.2\\.3 +" + abi)));
  EXPECT_TRUE(std::regex_search(result.out, std::regex("enabled +beta 0\\.1\\.0 +" + abi + " +requires alpha")));
  EXPECT_TRUE(std::regex_search(result.out, std::regex("disabled +wrong_abi .*ERROR: .*ABI")));
}

TEST(CliTest, RefusesToStartWithABrokenPluginSet) {
  for (const char* set : {"plugins.enabled=wrong_abi", "plugins.enabled=needs_missing",
                          "plugins.enabled=cycle_x,cycle_y"}) {
    auto result = run_arena({"--set", std::string("plugins.path=") + ARENA_TEST_PLUGIN_DIR, "--set", set, "migrate"});
    EXPECT_EQ(result.exit_code, 78) << set;
    EXPECT_NE(result.err.find("plugin"), std::string::npos) << result.err;
  }
}

TEST(CliTest, MigrateAndSeedAreIdempotent) {
  arena::test::TestDatabase database;
  arena::test::TempDir scratch;
  auto sets = arena::test::test_host_sets(database, scratch, {"alpha"});
  auto first = run_arena(with_sets(sets, {"migrate"}));
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("applied host/0001_extensions.sql"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("applied alpha/0002_alpha_seed_column.sql"), std::string::npos) << first.out;
  auto second = run_arena(with_sets(sets, {"migrate"}));
  EXPECT_NE(second.out.find("already current"), std::string::npos) << second.out;
  auto status = run_arena(with_sets(sets, {"migrate", "--status"}));
  EXPECT_NE(status.out.find("applied  alpha/0001_alpha_items.sql"), std::string::npos) << status.out;

  EXPECT_EQ(run_arena(with_sets(sets, {"seed"})).exit_code, 0);
  EXPECT_EQ(run_arena(with_sets(sets, {"seed"})).exit_code, 0);
  pqxx::connection connection{database.url()};
  pqxx::nontransaction tx{connection};
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM alpha_items")[0].as<int>(), 1);
}

TEST(CliTest, ServeAnswersHealthAndStopsOnSigterm) {
  arena::test::TestDatabase database;
  arena::test::TempDir scratch;
  auto sets = arena::test::test_host_sets(database, scratch, {"alpha"});
  ASSERT_EQ(run_arena(with_sets(sets, {"migrate"})).exit_code, 0);

  arena::test::ArenaProcess server(with_sets(sets, {"serve"}));
  std::string line = server.wait_for_line("serving on http://localhost:");
  std::smatch port;
  ASSERT_TRUE(std::regex_search(line, port, std::regex("localhost:([0-9]+)"))) << line;
  auto health = arena::test::http("GET", static_cast<std::uint16_t>(std::stoi(port[1])), "/api/health");
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.json()["checks"]["database"]["ok"], true);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);
}
