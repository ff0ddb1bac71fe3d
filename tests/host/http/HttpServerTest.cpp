#include "support/HttpClient.h"
#include "support/TestServer.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <fstream>
#include <gtest/gtest.h>

using arena::test::http;
using arena::test::HttpResult;
using arena::test::TestServer;

namespace {

// One server for the whole suite: the tests only read its state.
class HttpServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<TestServer>(std::vector<std::string>{"probe"},
                                           std::vector<std::string>{"server.cors_origins=http://allowed.test"});
    auto web = server_->scratch().path() / "web";
    std::filesystem::create_directories(web / "assets");
    std::ofstream(web / "index.html") << "<!doctype html><title>CodeArena</title>";
    std::ofstream(web / "assets" / "app.1234.js") << "console.log('hi')";
    std::ofstream(web / "robots.txt") << "User-agent: *";
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }

  static void expect_error_shape(const HttpResult& result, int status, const std::string& type) {
    EXPECT_EQ(result.status, status) << result.body;
    EXPECT_EQ(result.header("content-type"), "application/json");
    auto body = result.json();
    ASSERT_TRUE(body.contains("error")) << result.body;
    EXPECT_EQ(body["error"]["type"], type);
    EXPECT_EQ(body["error"]["status"], status);
    EXPECT_TRUE(body["error"]["message"].is_string());
    EXPECT_TRUE(body["error"]["details"].is_object());
  }

  static std::unique_ptr<TestServer> server_;
};
std::unique_ptr<TestServer> HttpServerTest::server_;

}  // namespace

TEST_F(HttpServerTest, RoutesWithParametersAndQuery) {
  auto result = http("GET", port(), "/api/probe/items/42?q=a%20b");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.json()["id"], "42");
  EXPECT_EQ(result.json()["q"], "a b");
  EXPECT_EQ(http("GET", port(), "/api/probe/items/special").json()["special"], true);
}

TEST_F(HttpServerTest, UnknownApiRouteIs404WithErrorShape) {
  expect_error_shape(http("GET", port(), "/api/nothing/here"), 404, "not_found");
}

TEST_F(HttpServerTest, WrongMethodIs405WithAllowHeader) {
  auto result = http("POST", port(), "/api/probe/items/1", "{}");
  expect_error_shape(result, 405, "method_not_allowed");
  EXPECT_EQ(result.header("allow"), "DELETE, GET");
}

TEST_F(HttpServerTest, OversizeBodyIs413) {
  std::string big(2 * 1024 * 1024, 'x');
  expect_error_shape(http("POST", port(), "/api/probe/echo", big), 413, "payload_too_large");
  // A route may raise its own limit.
  auto result = http("POST", port(), "/api/probe/big", big);
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.json()["bytes"], big.size());
}

TEST_F(HttpServerTest, OversizeChunkedBodyIs413) {
  Poco::Net::HTTPClientSession session("127.0.0.1", port());
  Poco::Net::HTTPRequest request("POST", "/api/probe/echo", Poco::Net::HTTPMessage::HTTP_1_1);
  request.setChunkedTransferEncoding(true);
  std::ostream& out = session.sendRequest(request);
  std::string chunk(64 * 1024, 'y');
  for (int i = 0; i < 20 && out; ++i) out << chunk;
  Poco::Net::HTTPResponse response;
  std::string body;
  try {
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
  } catch (const Poco::Exception&) {
    // The server may close once it has answered; the status is what matters.
  }
  EXPECT_EQ(response.getStatus(), 413);
}

TEST_F(HttpServerTest, HandlerExceptionIs500WithoutLeakingDetails) {
  auto result = http("GET", port(), "/api/probe/boom");
  expect_error_shape(result, 500, "internal_error");
  EXPECT_EQ(result.body.find("secret internal detail"), std::string::npos);
  EXPECT_EQ(result.json()["error"]["details"]["request_id"], result.header("x-request-id"));
}

TEST_F(HttpServerTest, BadJsonIs400AndInvalidFieldIs422) {
  expect_error_shape(http("POST", port(), "/api/probe/validate", "{not json"), 400, "bad_request");
  expect_error_shape(http("POST", port(), "/api/probe/validate", "[1,2]"), 400, "bad_request");
  auto invalid = http("POST", port(), "/api/probe/validate", R"({"n": "seven"})");
  expect_error_shape(invalid, 422, "validation_error");
  EXPECT_EQ(invalid.json()["error"]["details"]["n"], "required integer");
  EXPECT_EQ(http("POST", port(), "/api/probe/validate", R"({"n": 7})").json()["n"], 7);
}

TEST_F(HttpServerTest, RequestIdIsEchoedOrGenerated) {
  EXPECT_EQ(http("GET", port(), "/api/probe/items/1", "", {{"X-Request-Id", "trace-42"}}).header("x-request-id"),
            "trace-42");
  auto generated = http("GET", port(), "/api/probe/items/1", "", {{"X-Request-Id", "bad id <script>"}});
  EXPECT_EQ(generated.header("x-request-id").size(), 16u);
  EXPECT_NE(generated.header("x-request-id"), http("GET", port(), "/api/probe/items/1").header("x-request-id"));
}

TEST_F(HttpServerTest, SecurityHeadersOnEveryResponse) {
  for (const std::string path : {"/api/probe/items/1", "/api/missing", "/"}) {
    auto result = http("GET", port(), path);
    EXPECT_EQ(result.header("x-content-type-options"), "nosniff") << path;
    EXPECT_EQ(result.header("referrer-policy"), "strict-origin-when-cross-origin") << path;
    EXPECT_NE(result.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos) << path;
  }
  EXPECT_EQ(http("GET", port(), "/api/probe/items/1").header("cache-control"), "no-store");
}

TEST_F(HttpServerTest, CorsAllowsOnlyConfiguredOrigins) {
  auto preflight = http("OPTIONS", port(), "/api/probe/write", "",
                        {{"Origin", "http://allowed.test"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("access-control-allow-origin"), "http://allowed.test");
  EXPECT_NE(preflight.header("access-control-allow-methods").find("POST"), std::string::npos);

  auto simple = http("GET", port(), "/api/probe/items/1", "", {{"Origin", "http://allowed.test"}});
  EXPECT_EQ(simple.header("access-control-allow-origin"), "http://allowed.test");
  EXPECT_EQ(simple.header("access-control-allow-credentials"), "true");

  auto other = http("OPTIONS", port(), "/api/probe/write", "",
                    {{"Origin", "http://evil.test"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(other.header("access-control-allow-origin"), "");
  EXPECT_EQ(http("GET", port(), "/api/probe/items/1", "", {{"Origin", "http://evil.test"}})
                .header("access-control-allow-origin"),
            "");
}

TEST_F(HttpServerTest, RolesAreEnforcedBeforeHandlers) {
  expect_error_shape(http("POST", port(), "/api/probe/write", "{}"), 401, "unauthorized");
  expect_error_shape(http("POST", port(), "/api/probe/write", "{}", {{"X-Test-User", "eve"}}), 401, "unauthorized");
  EXPECT_EQ(http("POST", port(), "/api/probe/write", "{}", {{"X-Test-User", "bob:user"}}).json()["by"], "bob");

  auto forbidden = http("DELETE", port(), "/api/probe/items/9", "", {{"X-Test-User", "bob:user"}});
  expect_error_shape(forbidden, 403, "forbidden");
  EXPECT_EQ(forbidden.json()["error"]["details"]["required_role"], "moderator");
  EXPECT_EQ(http("DELETE", port(), "/api/probe/items/9", "", {{"X-Test-User", "mia:moderator"}}).status, 200);
  EXPECT_EQ(http("DELETE", port(), "/api/probe/items/9", "", {{"X-Test-User", "ada:admin"}}).status, 200);
  expect_error_shape(http("GET", port(), "/api/probe/admin", "", {{"X-Test-User", "mia:moderator"}}), 403,
                     "forbidden");
}

TEST_F(HttpServerTest, BannedUsersCanReadButNotWrite) {
  auto write = http("POST", port(), "/api/probe/write", "{}", {{"X-Test-User", "sam:user:banned"}});
  expect_error_shape(write, 403, "forbidden");
  EXPECT_EQ(write.json()["error"]["details"]["ban"]["reason"], "spam");
  EXPECT_EQ(http("GET", port(), "/api/probe/items/1", "", {{"X-Test-User", "sam:user:banned"}}).status, 200);
}

TEST_F(HttpServerTest, ServesStaticFilesWithCachingAndSpaFallback) {
  auto index = http("GET", port(), "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("CodeArena"), std::string::npos);
  EXPECT_EQ(index.header("cache-control"), "no-cache");
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");

  auto asset = http("GET", port(), "/assets/app.1234.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(asset.header("content-type"), "text/javascript; charset=utf-8");

  auto revalidated = http("GET", port(), "/assets/app.1234.js", "", {{"If-None-Match", asset.header("etag")}});
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_TRUE(revalidated.body.empty());

  auto client_route = http("GET", port(), "/puzzles/42");
  EXPECT_EQ(client_route.status, 200);
  EXPECT_NE(client_route.body.find("CodeArena"), std::string::npos);

  EXPECT_EQ(http("GET", port(), "/robots.txt").body, "User-agent: *");
  expect_error_shape(http("GET", port(), "/missing.js"), 404, "not_found");
  expect_error_shape(http("GET", port(), "/api/unknown"), 404, "not_found");
}

TEST_F(HttpServerTest, StaticFilesNeverLeaveTheRoot) {
  auto secret = server_->scratch().path() / "secret.txt";
  std::ofstream(secret) << "top secret";
  for (const std::string path : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt", "/..%2fsecret.txt"}) {
    auto result = http("GET", port(), path);
    EXPECT_EQ(result.body.find("top secret"), std::string::npos) << path;
  }
  std::filesystem::create_symlink(secret, server_->scratch().path() / "web" / "link.txt");
  EXPECT_EQ(http("GET", port(), "/link.txt").body.find("top secret"), std::string::npos);
}

TEST_F(HttpServerTest, HeadHasHeadersButNoBody) {
  auto head = http("HEAD", port(), "/api/probe/items/1");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}
