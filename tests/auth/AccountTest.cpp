#include "AuthTestSupport.h"

#include <gtest/gtest.h>

using arena::test::http;
using namespace auth_test;

namespace {

class AccountTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<arena::test::TestServer>(std::vector<std::string>{"auth", "probe"}, auth_sets());
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static std::unique_ptr<arena::test::TestServer> server_;
};
std::unique_ptr<arena::test::TestServer> AccountTest::server_;

}  // namespace

TEST_F(AccountTest, ProfileUpdatesMergeAndValidate) {
  auto s = register_user(port(), "profiler");
  auto updated = http("PATCH", port(), "/api/account/profile",
                      R"({"bio": "I like puzzles", "website": "https://example.com", "skills": ["c++", "lua"]})",
                      s.bearer());
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json()["user"]["profile"]["bio"], "I like puzzles");
  auto second = http("PATCH", port(), "/api/account/profile", R"({"github": "octo-cat", "bio": null})", s.bearer());
  auto profile = second.json()["user"]["profile"];
  EXPECT_EQ(profile["github"], "octo-cat");
  EXPECT_FALSE(profile.contains("bio"));  // null removes
  EXPECT_EQ(profile["skills"], nlohmann::json({"c++", "lua"}));
  EXPECT_EQ(http("GET", port(), "/api/user/profiler").json()["user"]["profile"]["github"], "octo-cat");

  auto bad = http("PATCH", port(), "/api/account/profile",
                  R"j({"website": "javascript:alert(1)", "github": "not valid!", "bio": 7, "skills": "all", "admin": true})j",
                  s.bearer());
  EXPECT_EQ(bad.status, 422);
  auto details = bad.json()["error"]["details"];
  for (const char* field : {"website", "github", "bio", "skills", "admin"}) EXPECT_TRUE(details.contains(field)) << field;
  auto long_bio = http("PATCH", port(), "/api/account/profile", nlohmann::json{{"bio", std::string(501, 'b')}}.dump(),
                       s.bearer());
  EXPECT_EQ(long_bio.status, 422);
  EXPECT_EQ(http("PATCH", port(), "/api/account/profile", R"({"bio": "x"})").status, 401);
}

TEST_F(AccountTest, PreferencesRoundTripAndValidate) {
  auto s = register_user(port(), "prefs");
  register_user(port(), "annoying");
  auto initial = http("GET", port(), "/api/account/preferences", "", s.bearer());
  ASSERT_EQ(initial.status, 200);
  EXPECT_EQ(initial.json()["preferences"]["theme"], "system");
  auto saved = http("PUT", port(), "/api/account/preferences",
                    R"({"theme": "dark", "preferred_language": "python", "editor": {"tab_size": 4, "vim": true},
                        "blocked_users": ["ANNOYING"]})",
                    s.bearer());
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto prefs = http("GET", port(), "/api/account/preferences", "", s.bearer()).json()["preferences"];
  EXPECT_EQ(prefs["theme"], "dark");
  EXPECT_EQ(prefs["preferred_language"], "python");
  EXPECT_EQ(prefs["editor"]["tab_size"], 4);
  EXPECT_EQ(prefs["blocked_users"], nlohmann::json({"annoying"}));
  // A partial update keeps the rest.
  http("PUT", port(), "/api/account/preferences", R"({"theme": "light"})", s.bearer());
  prefs = http("GET", port(), "/api/account/preferences", "", s.bearer()).json()["preferences"];
  EXPECT_EQ(prefs["theme"], "light");
  EXPECT_EQ(prefs["preferred_language"], "python");

  auto bad = http("PUT", port(), "/api/account/preferences",
                  R"({"theme": "neon", "preferred_language": "<script>", "editor": [], "blocked_users": [1]})",
                  s.bearer());
  EXPECT_EQ(bad.status, 422);
  for (const char* field : {"theme", "preferred_language", "editor", "blocked_users"})
    EXPECT_TRUE(bad.json()["error"]["details"].contains(field)) << field;
  auto ghost = http("PUT", port(), "/api/account/preferences", R"({"blocked_users": ["ghost_user"]})", s.bearer());
  EXPECT_EQ(ghost.status, 422);
  EXPECT_NE(ghost.body.find("ghost_user"), std::string::npos);
}

TEST_F(AccountTest, PasswordChangeNeedsTheCurrentOneAndEndsOtherSessions) {
  auto here = register_user(port(), "changer");
  auto elsewhere = session_from(http("POST", port(), "/api/login",
                                     R"({"identifier": "changer", "password": "correct horse battery staple"})"));
  std::map<std::string, std::string> headers = here.bearer();
  headers["Cookie"] = "arena_refresh=" + here.cookies.at("arena_refresh");

  auto wrong = http("POST", port(), "/api/account/password",
                    R"({"current_password": "nope nope nope", "new_password": "a brand new passphrase"})", headers);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(wrong.json()["error"]["details"].contains("current_password"));
  auto weak = http("POST", port(), "/api/account/password",
                   R"({"current_password": "correct horse battery staple", "new_password": "short"})", headers);
  EXPECT_EQ(weak.status, 422);
  EXPECT_TRUE(weak.json()["error"]["details"].contains("new_password"));

  auto changed = http("POST", port(), "/api/account/password",
                      R"({"current_password": "correct horse battery staple", "new_password": "a brand new passphrase"})",
                      headers);
  EXPECT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(http("POST", port(), "/api/login", R"({"identifier": "changer", "password": "correct horse battery staple"})").status, 401);
  EXPECT_EQ(http("POST", port(), "/api/login", R"({"identifier": "changer", "password": "a brand new passphrase"})").status, 200);
  // The other login's refresh token is revoked; this session's survives.
  EXPECT_EQ(http("POST", port(), "/api/refresh", "", {{"Cookie", "arena_refresh=" + elsewhere.cookies.at("arena_refresh")}}).status, 401);
  EXPECT_EQ(http("POST", port(), "/api/refresh", "", {{"Cookie", "arena_refresh=" + here.cookies.at("arena_refresh")}}).status, 200);
}
