#include "support/HttpClient.h"
#include "support/TestServer.h"

#include <gtest/gtest.h>

using arena::test::http;
using arena::test::TestServer;

TEST(HealthTest, ReportsDatabasePluginsAndMigrations) {
  TestServer server({"alpha", "probe"});
  auto result = http("GET", server.port(), "/api/health");
  ASSERT_EQ(result.status, 200) << result.body;
  auto body = result.json();
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["checks"]["database"]["ok"], true);
  EXPECT_EQ(body["checks"]["migrations"]["ok"], true);
  EXPECT_EQ(body["checks"]["probe"]["ok"], true);
  ASSERT_EQ(body["plugins"].size(), 2u);
  EXPECT_EQ(body["plugins"][0]["name"], "alpha");
  EXPECT_EQ(body["plugins"][0]["version"], "1.2.3");
}

TEST(HealthTest, FailingPluginCheckMakesItUnavailable) {
  TestServer server({"probe"}, {"probe.healthy=false"});
  auto result = http("GET", server.port(), "/api/health");
  EXPECT_EQ(result.status, 503);
  EXPECT_EQ(result.json()["status"], "unavailable");
  EXPECT_EQ(result.json()["checks"]["probe"]["ok"], false);
  EXPECT_EQ(result.json()["checks"]["database"]["ok"], true);
}

TEST(HealthTest, PendingMigrationsAndUnreachableDatabaseAreReported) {
  arena::test::TestDatabase database;
  arena::test::TempDir scratch;
  arena::host::ConfigSources sources;
  sources.sets = arena::test::test_host_sets(database, scratch, {"alpha"});
  {
    arena::host::Host host(sources);  // not migrated
    host.setup();
    host.start();
    auto result = http("GET", host.port(), "/api/health");
    EXPECT_EQ(result.status, 503);
    EXPECT_EQ(result.json()["checks"]["migrations"]["ok"], false);
    EXPECT_NE(result.json()["checks"]["migrations"]["detail"].get<std::string>().find("pending"), std::string::npos);
    host.migrate();
    EXPECT_EQ(http("GET", host.port(), "/api/health").status, 200);
  }
  sources.sets.push_back("database.url=host=" + scratch.path().string() + "/nowhere dbname=x user=x");
  sources.sets.push_back("database.connect_timeout_s=1");
  arena::host::Host host(sources);
  host.setup();
  host.start();
  auto down = http("GET", host.port(), "/api/health");
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.json()["checks"]["database"]["ok"], false);
}

TEST(MetricsTest, ExposesRequestCountsLatencyAndPool) {
  TestServer server({"probe"});
  http("GET", server.port(), "/api/health");
  http("GET", server.port(), "/api/probe/items/1");
  http("GET", server.port(), "/api/probe/items/2");
  http("GET", server.port(), "/api/nope");
  auto result = http("GET", server.port(), "/metrics");
  ASSERT_EQ(result.status, 200);
  EXPECT_NE(result.header("content-type").find("text/plain"), std::string::npos);
  const std::string& text = result.body;
  EXPECT_NE(text.find("# TYPE arena_http_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find(R"(arena_http_requests_total{route="/api/probe/items/:id",method="GET",status="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(arena_http_requests_total{route="unmatched",method="GET",status="404"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(arena_http_request_duration_seconds_bucket{route="/api/health",le="+Inf"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(arena_db_pool_connections{state="max"} )"), std::string::npos);
}

TEST(MetricsTest, RefusedToAddressesNotAllowed) {
  TestServer server({"probe"}, {"metrics.allow=10.9.9.9"});
  auto result = http("GET", server.port(), "/metrics");
  EXPECT_EQ(result.status, 403);
  EXPECT_EQ(result.json()["error"]["type"], "forbidden");
}
