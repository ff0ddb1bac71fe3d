#include "plugins/PluginResolver.h"
#include "support/HttpClient.h"
#include "support/TestServer.h"

#include <gtest/gtest.h>

using arena::host::PluginError;
using arena::host::resolve_plugins;

namespace {

const std::filesystem::path kDir = ARENA_TEST_PLUGIN_DIR;

std::string refusal(const std::vector<std::string>& enabled) {
  try {
    resolve_plugins(kDir, enabled);
  } catch (const PluginError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> names(const std::vector<std::shared_ptr<arena::host::PluginLibrary>>& libraries) {
  std::vector<std::string> out;
  for (const auto& library : libraries) out.push_back(library->name());
  return out;
}

}  // namespace

TEST(PluginLoaderTest, LoadsInDependencyOrder) {
  EXPECT_EQ(names(resolve_plugins(kDir, {"gamma", "beta", "alpha"})),
            (std::vector<std::string>{"alpha", "beta", "gamma"}));
  EXPECT_EQ(names(resolve_plugins(kDir, {"beta", "probe", "alpha"})),
            (std::vector<std::string>{"alpha", "beta", "probe"}));
}

TEST(PluginLoaderTest, ReadsTheDescriptor) {
  auto libraries = resolve_plugins(kDir, {"alpha"});
  ASSERT_EQ(libraries.size(), 1u);
  EXPECT_EQ(libraries[0]->version(), "1.2.3");
  EXPECT_EQ(libraries[0]->abi_version(), arena::kSdkAbiVersion);
  EXPECT_EQ(libraries[0]->migrations().count, 2u);
  EXPECT_EQ(libraries[0]->config_schema()["size"]["default"], 3);
}

TEST(PluginLoaderTest, RefusesWrongAbi) {
  std::string message = refusal({"wrong_abi"});
  EXPECT_NE(message.find("plugin 'wrong_abi'"), std::string::npos) << message;
  EXPECT_NE(message.find("ABI " + std::to_string(arena::kSdkAbiVersion + 998)), std::string::npos) << message;
  EXPECT_NE(message.find("rebuild"), std::string::npos) << message;
}

TEST(PluginLoaderTest, RefusesMissingDependency) {
  std::string message = refusal({"needs_missing"});
  EXPECT_NE(message.find("plugin 'needs_missing' requires plugin 'nonexistent'"), std::string::npos) << message;
  // Present on disk but not enabled is refused too.
  message = refusal({"beta"});
  EXPECT_NE(message.find("plugin 'beta' requires plugin 'alpha', which is not enabled"), std::string::npos) << message;
}

TEST(PluginLoaderTest, RefusesCycles) {
  std::string message = refusal({"cycle_x", "cycle_y"});
  EXPECT_NE(message.find("cycle"), std::string::npos) << message;
  EXPECT_NE(message.find("'cycle_x'"), std::string::npos) << message;
  EXPECT_NE(message.find("'cycle_y'"), std::string::npos) << message;
}

TEST(PluginLoaderTest, RefusesMissingFile) {
  std::string message = refusal({"does_not_exist"});
  EXPECT_NE(message.find("plugin 'does_not_exist'"), std::string::npos) << message;
  EXPECT_NE(message.find("not found"), std::string::npos) << message;
}

TEST(PluginLoaderTest, ListsEveryPluginWithItsProblems) {
  auto listings = arena::host::list_plugins(kDir, {"alpha"});
  ASSERT_GE(listings.size(), 8u);
  bool saw_alpha = false, saw_wrong_abi = false;
  for (const auto& listing : listings) {
    if (listing.file.filename() == "libarena_alpha.so") {
      saw_alpha = true;
      EXPECT_TRUE(listing.enabled);
      EXPECT_TRUE(listing.error.empty());
    }
    if (listing.file.filename() == "libarena_wrong_abi.so") {
      saw_wrong_abi = true;
      EXPECT_FALSE(listing.enabled);
      EXPECT_NE(listing.error.find("ABI"), std::string::npos);
    }
  }
  EXPECT_TRUE(saw_alpha && saw_wrong_abi);
}

TEST(PluginLoaderTest, HostSetsPluginsUpInDependencyOrder) {
  arena::test::TestDatabase database;
  arena::test::TempDir scratch;
  arena::host::ConfigSources sources;
  sources.sets = arena::test::test_host_sets(database, scratch, {"gamma", "alpha", "beta"});
  arena::host::Host host(sources);
  std::vector<std::string> order;
  host.events().subscribe("test.setup", [&](const arena::Event& e) { order.push_back(e.payload["plugin"]); });
  host.setup();
  EXPECT_EQ(order, (std::vector<std::string>{"alpha", "beta", "gamma"}));
}

TEST(PluginLoaderTest, PluginConfigIsValidatedAgainstItsSchema) {
  arena::test::TestDatabase database;
  arena::test::TempDir scratch;
  arena::host::ConfigSources sources;
  sources.sets = arena::test::test_host_sets(database, scratch, {"alpha"});
  sources.sets.push_back("alpha.size=11");
  try {
    arena::host::Host host(sources);
    FAIL() << "alpha.size=11 should be refused";
  } catch (const arena::host::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("alpha.size: must be at most 10"), std::string::npos) << e.what();
  }
  sources.sets.back() = "alpha.size=4";
  arena::host::Host host(sources);
  EXPECT_EQ(host.config()["alpha"]["size"], 4);
}

TEST(PluginLoaderTest, DisabledPluginRoutesAnswer404) {
  arena::test::TestServer server({"alpha", "probe"});
  EXPECT_EQ(arena::test::http("GET", server.port(), "/api/alpha").status, 200);
  auto beta = arena::test::http("GET", server.port(), "/api/beta");
  EXPECT_EQ(beta.status, 404);
  EXPECT_EQ(beta.json()["error"]["type"], "not_found");
}
