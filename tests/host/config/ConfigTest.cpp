#include "config/ConfigLoader.h"
#include "config/ConfigSchema.h"
#include "config/HostConfigSchema.h"
#include "support/TestServer.h"

#include <fstream>
#include <gtest/gtest.h>

using arena::host::ConfigError;
using arena::host::ConfigLoader;
using arena::host::ConfigSources;
using arena::host::host_config_schema;
using nlohmann::json;

namespace {

std::filesystem::path write_config(const arena::test::TempDir& dir, const std::string& text) {
  auto file = dir.path() / "arena.json";
  std::ofstream(file) << text;
  return file;
}

std::string problems_of(const ConfigSources& sources) {
  try {
    ConfigLoader(sources).load(host_config_schema());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ConfigTest, DefaultsApplyWithoutAnySource) {
  auto config = ConfigLoader(ConfigSources{}).load(host_config_schema());
  EXPECT_EQ(config["server"]["port"], 8080);
  EXPECT_EQ(config["env"], "development");
  EXPECT_EQ(config["plugins"]["enabled"], json::array());
}

TEST(ConfigTest, PrecedenceIsDefaultsThenFileThenEnvironmentThenSet) {
  arena::test::TempDir dir;
  ConfigSources sources;
  sources.file = write_config(dir, R"({"server": {"port": 9001, "threads": 8}, "log": {"level": "debug"}})");
  sources.environment = {{"ARENA_SERVER_PORT", "9002"}, {"ARENA_LOG_LEVEL", "warn"}};
  sources.sets = {"server.port=9003"};
  auto config = ConfigLoader(sources).load(host_config_schema());
  EXPECT_EQ(config["server"]["port"], 9003);      // --set beats the environment
  EXPECT_EQ(config["log"]["level"], "warn");      // the environment beats the file
  EXPECT_EQ(config["server"]["threads"], 8);      // the file beats the default
  EXPECT_EQ(config["server"]["keep_alive_timeout_s"], 15);  // default
}

TEST(ConfigTest, UnknownKeysAreRejectedWithTheirPath) {
  arena::test::TempDir dir;
  ConfigSources sources;
  sources.file = write_config(dir, R"({"server": {"prot": 80}, "nonsense": 1})");
  std::string problems = problems_of(sources);
  EXPECT_NE(problems.find("server.prot: unknown key"), std::string::npos) << problems;
  EXPECT_NE(problems.find("nonsense: unknown key"), std::string::npos) << problems;
}

TEST(ConfigTest, UnknownSetKeyIsRejected) {
  ConfigSources sources;
  sources.sets = {"server.bogus=1"};
  EXPECT_NE(problems_of(sources).find("server.bogus: unknown key"), std::string::npos);
}

TEST(ConfigTest, BadValuesAreRejectedNamingTheKey) {
  arena::test::TempDir dir;
  ConfigSources sources;
  sources.file = write_config(dir, R"({"server": {"port": "eighty", "threads": 1}, "log": {"level": "loud"}})");
  std::string problems = problems_of(sources);
  EXPECT_NE(problems.find("server.port: expected integer"), std::string::npos) << problems;
  EXPECT_NE(problems.find("server.threads: must be at least 2"), std::string::npos) << problems;
  EXPECT_NE(problems.find("log.level: must be one of"), std::string::npos) << problems;
}

TEST(ConfigTest, BadEnvironmentValueIsRejected) {
  ConfigSources sources;
  sources.environment = {{"ARENA_SERVER_PORT", "http"}};
  EXPECT_NE(problems_of(sources).find("ARENA_SERVER_PORT"), std::string::npos);
}

TEST(ConfigTest, InvalidJsonFileIsReported) {
  arena::test::TempDir dir;
  ConfigSources sources;
  sources.file = write_config(dir, R"({"server": )");
  EXPECT_THROW(ConfigLoader{sources}, ConfigError);
}

TEST(ConfigTest, ArraysParseFromCommaListsAndJson) {
  ConfigSources sources;
  sources.sets = {"plugins.enabled=auth,puzzles", "server.cors_origins=[\"http://a\",\"http://b\"]"};
  auto config = ConfigLoader(sources).load(host_config_schema());
  EXPECT_EQ(config["plugins"]["enabled"], json({"auth", "puzzles"}));
  EXPECT_EQ(config["server"]["cors_origins"], json({"http://a", "http://b"}));
}

TEST(ConfigTest, LenientModeIgnoresUnknownSections) {
  arena::test::TempDir dir;
  ConfigSources sources;
  sources.file = write_config(dir, R"({"judge": {"workers": 4}, "server": {"port": 1234}})");
  sources.sets = {"judge.workers=2"};
  auto config = ConfigLoader(sources).load(host_config_schema(), /*lenient=*/true);
  EXPECT_EQ(config["server"]["port"], 1234);
  EXPECT_FALSE(config.contains("judge"));
}

TEST(ConfigTest, SecretsAreMasked) {
  ConfigSources sources;
  sources.sets = {"database.url=postgresql://arena:hunter2@db/arena"};
  auto config = ConfigLoader(sources).load(host_config_schema());
  auto masked = arena::host::mask_secrets(config, host_config_schema());
  EXPECT_EQ(masked["database"]["url"], "********");
  EXPECT_EQ(masked["server"]["port"], 8080);
}

TEST(ConfigTest, DevelopmentSecretsAreGeneratedOnceAndKept) {
  arena::test::TempDir dir;
  json schema = host_config_schema();
  schema["auth"] = {{"type", "object"},
                    {"keys", {{"jwt_secret", {{"type", "string"}, {"default", ""}, {"secret", true},
                                              {"generate_in_development", true}}}}}};
  auto config = ConfigLoader(ConfigSources{}).load(schema);
  arena::host::fill_generated_secrets(config, schema, dir.path());
  std::string first = config["auth"]["jwt_secret"];
  EXPECT_EQ(first.size(), 64u);
  auto again = ConfigLoader(ConfigSources{}).load(schema);
  arena::host::fill_generated_secrets(again, schema, dir.path());
  EXPECT_EQ(again["auth"]["jwt_secret"], first);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "secrets" / "auth.jwt_secret"));
  auto perms = std::filesystem::status(dir.path() / "secrets" / "auth.jwt_secret").permissions();
  EXPECT_EQ(perms & std::filesystem::perms::others_read, std::filesystem::perms::none);

  ConfigSources production;
  production.sets = {"env=production"};
  auto prod = ConfigLoader(production).load(schema);
  EXPECT_THROW(arena::host::fill_generated_secrets(prod, schema, dir.path()), ConfigError);
}

TEST(ConfigTest, EnvironmentNamesFollowKeys) {
  EXPECT_EQ(ConfigLoader::environment_name("server.port"), "ARENA_SERVER_PORT");
  EXPECT_EQ(ConfigLoader::environment_name("auth.jwt_secret"), "ARENA_AUTH_JWT_SECRET");
}

TEST(ConfigTest, SchemaCheckFindsBrokenSchemas) {
  json broken = {{"a", {{"type", "integer"}}}, {"b", {{"type", "float"}, {"default", 1}}},
                 {"c", {{"type", "string"}, {"default", 3}}}};
  auto problems = arena::host::ConfigSchema::check_schema(broken);
  EXPECT_EQ(problems.size(), 3u);
  EXPECT_TRUE(arena::host::ConfigSchema::check_schema(host_config_schema()).empty());
}
