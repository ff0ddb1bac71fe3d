#include "AccessTokens.h"
#include "AuthTestSupport.h"

#include <Poco/Base64Encoder.h>
#include <gtest/gtest.h>
#include <sstream>

using arena::test::http;
using namespace auth_test;

namespace {

class SessionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<arena::test::TestServer>(std::vector<std::string>{"auth", "probe"}, auth_sets());
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static int me_status(const std::string& token) {
    return http("GET", port(), "/api/me", "", {{"Authorization", "Bearer " + token}}).status;
  }
  static arena::test::HttpResult refresh_with(const std::string& refresh_token) {
    return http("POST", port(), "/api/refresh", "", {{"Cookie", std::string("arena_refresh=") + refresh_token}});
  }
  static std::unique_ptr<arena::test::TestServer> server_;
};
std::unique_ptr<arena::test::TestServer> SessionsTest::server_;

std::string base64url(const std::string& data) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.rdbuf()->setLineLength(0);
  encoder << data;
  encoder.close();
  return out.str();
}

nlohmann::json claims_for(const nlohmann::json& user, long exp_offset_s = 600) {
  long now = static_cast<long>(std::time(nullptr));
  return {{"sub", user["id"]}, {"typ", "access"}, {"aud", "codearena"}, {"iss", "codearena"}, {"iat", now},
          {"exp", now + exp_offset_s}, {"jti", "x"}, {"username", user["username"]}, {"role", "admin"}};
}

}  // namespace

TEST_F(SessionsTest, MeNeedsAValidToken) {
  auto session = register_user(port(), "meg");
  auto me = http("GET", port(), "/api/me", "", session.bearer());
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["user"]["username"], "meg");
  EXPECT_EQ(me.json()["user"]["email"], "meg@example.com");
  auto anonymous = http("GET", port(), "/api/me");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.json()["error"]["type"], "unauthorized");
  // The access cookie works as well as the header.
  EXPECT_EQ(http("GET", port(), "/api/me", "", {{"Cookie", session.cookie_header()}}).status, 200);
}

TEST_F(SessionsTest, TokenAttacksAreRefused) {
  auto session = register_user(port(), "mallory");
  const std::string& good = session.access_token;
  ASSERT_EQ(me_status(good), 200);
  auto dot1 = good.find('.');
  auto dot2 = good.rfind('.');
  std::string header = good.substr(0, dot1), payload = good.substr(dot1 + 1, dot2 - dot1 - 1),
              signature = good.substr(dot2 + 1);

  // alg "none" with no signature, and with the original signature.
  std::string none_header = base64url(R"({"alg":"none","typ":"JWT"})");
  EXPECT_EQ(me_status(none_header + "." + payload + "."), 401);
  EXPECT_EQ(me_status(none_header + "." + payload + "." + signature), 401);
  // Another algorithm in the header over the same signature.
  EXPECT_EQ(me_status(base64url(R"({"alg":"HS512","typ":"JWT"})") + "." + payload + "." + signature), 401);
  // A payload changed after signing (role escalation).
  auto claims = claims_for(session.user);
  EXPECT_EQ(me_status(header + "." + base64url(claims.dump()) + "." + signature), 401);
  // Signed with another key.
  auth::AccessTokens other_key("another-secret-that-is-long-enough-123456", "codearena", "codearena",
                               std::chrono::seconds(600));
  arena::Principal principal{session.user["id"], "mallory", arena::Role::User, ""};
  EXPECT_EQ(me_status(other_key.issue(principal)), 401);
  // Right key, wrong audience or issuer.
  EXPECT_EQ(me_status(auth::AccessTokens(kSecret, "codearena", "elsewhere", std::chrono::seconds(600)).issue(principal)), 401);
  EXPECT_EQ(me_status(auth::AccessTokens(kSecret, "evil", "codearena", std::chrono::seconds(600)).issue(principal)), 401);
  // Right key, already expired.
  EXPECT_EQ(me_status(auth::AccessTokens(kSecret, "codearena", "codearena", std::chrono::seconds(-5)).issue(principal)), 401);
  // Malformed.
  for (const char* junk : {"", "garbage", "a.b", "a.b.c", "....", "eyJ.eyJ.eyJ"}) EXPECT_EQ(me_status(junk), 401) << junk;
  EXPECT_EQ(http("GET", port(), "/api/me", "", {{"Authorization", "Basic dXNlcjpwYXNz"}}).status, 401);
  // The genuine token still works, and the error shape holds for the refusals.
  EXPECT_EQ(me_status(good), 200);
  auto refused = http("GET", port(), "/api/me", "", {{"Authorization", "Bearer " + none_header + "." + payload + "."}});
  EXPECT_EQ(refused.json()["error"]["status"], 401);
}

TEST_F(SessionsTest, RefreshRotatesAndReuseRevokesTheFamily) {
  auto session = register_user(port(), "rotor");
  std::string first = session.cookies.at("arena_refresh");
  auto refreshed = refresh_with(first);
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  auto next = session_from(refreshed);
  std::string second = next.cookies.at("arena_refresh");
  EXPECT_NE(first, second);
  EXPECT_EQ(me_status(next.access_token), 200);

  // The first token again: reuse. 401, and the whole family dies with it.
  auto reuse = refresh_with(first);
  EXPECT_EQ(reuse.status, 401);
  EXPECT_NE(reuse.json()["error"]["message"].get<std::string>().find("reuse"), std::string::npos);
  EXPECT_EQ(refresh_with(second).status, 401);

  // Other logins of the same user are untouched.
  auto other = session_from(http("POST", port(), "/api/login",
                                 nlohmann::json{{"identifier", "rotor"}, {"password", "correct horse battery staple"}}.dump()));
  EXPECT_EQ(refresh_with(other.cookies.at("arena_refresh")).status, 200);
}

TEST_F(SessionsTest, RefreshAcceptsABodyTokenAndRefusesJunk) {
  auto session = register_user(port(), "bodyrefresh");
  auto result = http("POST", port(), "/api/refresh",
                     nlohmann::json{{"refresh_token", session.cookies.at("arena_refresh")}}.dump());
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(http("POST", port(), "/api/refresh", "{}").status, 401);
  EXPECT_EQ(refresh_with("not-a-real-token").status, 401);
}

TEST_F(SessionsTest, LogoutRevokesTheRefreshFamilyAndClearsCookies) {
  auto session = register_user(port(), "leaver");
  auto logout = http("POST", port(), "/api/logout", "", {{"Cookie", session.cookie_header()}});
  EXPECT_EQ(logout.status, 204);
  std::map<std::string, std::string> jar = session.cookies;
  absorb_cookies(logout, jar);
  EXPECT_TRUE(jar.empty());
  EXPECT_EQ(refresh_with(session.cookies.at("arena_refresh")).status, 401);
}

TEST_F(SessionsTest, CookieWritesNeedTheCsrfToken) {
  auto session = register_user(port(), "csrfuser");
  std::string body = R"({"bio": "hello"})";
  auto forged = http("PATCH", port(), "/api/account/profile", body, {{"Cookie", session.cookie_header()}});
  EXPECT_EQ(forged.status, 403) << forged.body;
  EXPECT_NE(forged.json()["error"]["message"].get<std::string>().find("CSRF"), std::string::npos);
  auto wrong = http("PATCH", port(), "/api/account/profile", body,
                    {{"Cookie", session.cookie_header()}, {"X-CSRF-Token", "guess"}});
  EXPECT_EQ(wrong.status, 403);
  auto evil_origin = http("PATCH", port(), "/api/account/profile", body,
                          {{"Cookie", session.cookie_header()}, {"Origin", "http://evil.test"}});
  EXPECT_EQ(evil_origin.status, 403);
  auto with_token = http("PATCH", port(), "/api/account/profile", body,
                         {{"Cookie", session.cookie_header()}, {"X-CSRF-Token", session.cookies.at("arena_csrf")}});
  EXPECT_EQ(with_token.status, 200) << with_token.body;
  auto same_origin = http("PATCH", port(), "/api/account/profile", body,
                          {{"Cookie", session.cookie_header()},
                           {"Origin", "http://127.0.0.1:" + std::to_string(port())}});
  EXPECT_EQ(same_origin.status, 200) << same_origin.body;
  // A bearer token needs no CSRF token: a page of another site cannot set the header.
  EXPECT_EQ(http("PATCH", port(), "/api/account/profile", body, session.bearer()).status, 200);
}
