#include "AuthTestSupport.h"
#include "support/Subprocess.h"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

using arena::test::http;
using namespace auth_test;

namespace {

class RolesAndBansTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<arena::test::TestServer>(std::vector<std::string>{"auth", "probe"}, auth_sets());
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static void sql(const std::string& statement) {
    pqxx::connection c{server_->database().url()};
    pqxx::nontransaction(c).exec(statement);
  }
  static std::unique_ptr<arena::test::TestServer> server_;
};
std::unique_ptr<arena::test::TestServer> RolesAndBansTest::server_;

}  // namespace

TEST_F(RolesAndBansTest, RolesAreEnforcedAndPromotionAppliesAtOnce) {
  auto s = register_user(port(), "climber");
  auto forbidden = http("DELETE", port(), "/api/probe/items/1", "", s.bearer());
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.json()["error"]["details"]["required_role"], "moderator");
  EXPECT_EQ(http("DELETE", port(), "/api/probe/items/1").status, 401);
  sql("UPDATE users SET role = 'moderator' WHERE username = 'climber'");
  // Same token: the role is read from the database, not trusted from the token.
  EXPECT_EQ(http("DELETE", port(), "/api/probe/items/1", "", s.bearer()).status, 200);
  EXPECT_EQ(http("GET", port(), "/api/probe/admin", "", s.bearer()).status, 403);
  sql("UPDATE users SET role = 'user' WHERE username = 'climber'");
  EXPECT_EQ(http("DELETE", port(), "/api/probe/items/1", "", s.bearer()).status, 403);
}

TEST_F(RolesAndBansTest, BannedUsersReadButCannotWrite) {
  auto s = register_user(port(), "troll");
  sql("INSERT INTO user_bans (user_id, reason, expires_at) SELECT id, 'spamming chat', now() + interval '2 days' "
      "FROM users WHERE username = 'troll'");
  auto write = http("POST", port(), "/api/probe/write", "{}", s.bearer());
  EXPECT_EQ(write.status, 403);
  EXPECT_EQ(write.json()["error"]["details"]["ban"]["reason"], "spamming chat");
  EXPECT_TRUE(write.json()["error"]["details"]["ban"]["expires_at"].is_string());
  EXPECT_EQ(http("PATCH", port(), "/api/account/profile", R"({"bio": "x"})", s.bearer()).status, 403);
  EXPECT_EQ(http("GET", port(), "/api/me", "", s.bearer()).status, 200);
  // Logging out stays possible.
  EXPECT_EQ(http("POST", port(), "/api/logout", "", {{"Cookie", s.cookie_header()}}).status, 204);
  // An expired ban no longer applies.
  sql("UPDATE user_bans SET expires_at = now() - interval '1 minute'");
  EXPECT_EQ(http("POST", port(), "/api/probe/write", "{}", s.bearer()).status, 200);
}

TEST_F(RolesAndBansTest, OperatorCommandsCreatePromoteAndBan) {
  auto sets = arena::test::test_host_sets(server_->database(), server_->scratch(), {"auth"});
  auto with = [&](std::vector<std::string> args) {
    std::vector<std::string> all;
    for (const auto& set : auth_sets()) {
      if (!set.starts_with("auth.")) continue;  // the CLI host loads only the auth plugin
      all.push_back("--set");
      all.push_back(set);
    }
    for (const auto& set : sets) { all.push_back("--set"); all.push_back(set); }
    all.insert(all.end(), args.begin(), args.end());
    return all;
  };
  std::map<std::string, std::string> env = {{"ARENA_USER_PASSWORD", "root password for ops"}};
  auto created = arena::test::run_arena(with({"user", "create", "opsadmin", "ops@example.com", "--role", "admin"}), ".", env);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto login = http("POST", port(), "/api/login", R"({"identifier": "opsadmin", "password": "root password for ops"})");
  ASSERT_EQ(login.status, 200);
  EXPECT_EQ(login.json()["user"]["role"], "admin");
  EXPECT_EQ(http("GET", port(), "/api/probe/admin", "", session_from(login).bearer()).status, 200);

  auto weak = arena::test::run_arena(with({"user", "create", "weakling", "weak@example.com"}), ".",
                                     {{"ARENA_USER_PASSWORD", "short"}});
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.err.find("password"), std::string::npos);

  register_user(port(), "promoted");
  EXPECT_EQ(arena::test::run_arena(with({"user", "promote", "promoted", "moderator"})).exit_code, 0);
  auto p = session_from(http("POST", port(), "/api/login", R"({"identifier": "promoted", "password": "correct horse battery staple"})"));
  EXPECT_EQ(http("DELETE", port(), "/api/probe/items/3", "", p.bearer()).status, 200);

  EXPECT_EQ(arena::test::run_arena(with({"user", "ban", "promoted", "--reason", "abuse", "--days", "3"})).exit_code, 0);
  EXPECT_EQ(http("POST", port(), "/api/probe/write", "{}", p.bearer()).status, 403);
  EXPECT_EQ(arena::test::run_arena(with({"user", "unban", "promoted"})).exit_code, 0);
  EXPECT_EQ(http("POST", port(), "/api/probe/write", "{}", p.bearer()).status, 200);
  EXPECT_EQ(arena::test::run_arena(with({"user", "promote", "nobody_x", "admin"})).exit_code, 2);
}

TEST(RateLimitTest, LoginAndRegisterAnswer429WithRetryAfter) {
  arena::test::TestServer server({"auth"}, {std::string("auth.jwt_secret=") + kSecret, "auth.argon2.ops_limit=1",
                                            "auth.argon2.mem_limit_kib=8192", "auth.rate_limits.login_per_ip_burst=3",
                                            "auth.rate_limits.login_per_ip_per_minute=1",
                                            "auth.rate_limits.register_per_ip_burst=2"});
  std::string attempt = R"({"identifier": "someone", "password": "guess guess guess"})";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(http("POST", server.port(), "/api/login", attempt).status, 401);
  auto limited = http("POST", server.port(), "/api/login", attempt);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.json()["error"]["type"], "rate_limited");
  EXPECT_GE(std::stoi(limited.header("retry-after")), 1);

  EXPECT_EQ(http("POST", server.port(), "/api/register", registration("first_one").dump()).status, 201);
  EXPECT_EQ(http("POST", server.port(), "/api/register", registration("second_one").dump()).status, 201);
  EXPECT_EQ(http("POST", server.port(), "/api/register", registration("third_one").dump()).status, 429);
}

TEST(RateLimitTest, PerIdentifierLimitStopsDistributedGuessing) {
  // Behind a trusted proxy each attempt comes from another address; the account's own
  // bucket still runs dry.
  arena::test::TestServer server({"auth"}, {std::string("auth.jwt_secret=") + kSecret, "auth.argon2.ops_limit=1",
                                            "auth.argon2.mem_limit_kib=8192", "server.trust_proxy=true",
                                            "auth.rate_limits.login_per_identifier_burst=2"});
  std::string attempt = R"({"identifier": "Target", "password": "guess guess guess"})";
  EXPECT_EQ(http("POST", server.port(), "/api/login", attempt, {{"X-Forwarded-For", "10.0.0.1"}}).status, 401);
  EXPECT_EQ(http("POST", server.port(), "/api/login", attempt, {{"X-Forwarded-For", "10.0.0.2"}}).status, 401);
  auto limited = http("POST", server.port(), "/api/login", R"({"identifier": "TARGET", "password": "x"})",
                      {{"X-Forwarded-For", "10.0.0.3"}});
  EXPECT_EQ(limited.status, 429);
}
