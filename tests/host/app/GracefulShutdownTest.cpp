#include "support/HttpClient.h"
#include "support/TestServer.h"

#include <Poco/Net/NetException.h>
#include <future>
#include <gtest/gtest.h>
#include <thread>

using arena::test::http;
using arena::test::TestServer;

TEST(GracefulShutdownTest, InFlightRequestFinishesAndNewConnectionsAreRefused) {
  TestServer server({"probe"});
  auto port = server.port();
  auto slow = std::async(std::launch::async, [port] { return http("GET", port, "/api/probe/slow?ms=700"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the request is now in the handler

  auto started = std::chrono::steady_clock::now();
  server.host().stop();
  auto stop_took = std::chrono::steady_clock::now() - started;

  auto result = slow.get();
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.json()["slept_ms"], 700);
  // stop() waited for the request rather than cutting it off.
  EXPECT_GE(stop_took, std::chrono::milliseconds(300));
  EXPECT_THROW(http("GET", port, "/api/health"), Poco::Exception);
}

TEST(GracefulShutdownTest, RequestsPastTheTimeoutAreCut) {
  TestServer server({"probe"}, {"server.shutdown_timeout_s=0"});
  auto port = server.port();
  auto slow = std::async(std::launch::async, [port] {
    try {
      return http("GET", port, "/api/probe/slow?ms=2000").status;
    } catch (const Poco::Exception&) {
      return -1;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto stopping = std::async(std::launch::async, [&server] { server.host().stop(); });
  // With no grace the client's connection is closed at once, long before the handler ends;
  // stop() itself still waits for the handler thread, which cannot be killed.
  ASSERT_EQ(slow.wait_for(std::chrono::milliseconds(1000)), std::future_status::ready);
  EXPECT_EQ(slow.get(), -1);
  stopping.get();
}
