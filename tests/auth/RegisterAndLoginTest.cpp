#include "AuthTestSupport.h"

#include <gtest/gtest.h>

using arena::test::http;
using arena::test::HttpResult;
using namespace auth_test;

namespace {

class RegisterAndLoginTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<arena::test::TestServer>(std::vector<std::string>{"auth", "probe"}, auth_sets());
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static HttpResult post(const std::string& path, const nlohmann::json& body) {
    return http("POST", port(), path, body.dump());
  }
  static void expect_field_error(const HttpResult& result, const std::string& field, const std::string& fragment) {
    EXPECT_EQ(result.status, 422) << result.body;
    EXPECT_EQ(result.json()["error"]["type"], "validation_error");
    auto details = result.json()["error"]["details"];
    ASSERT_TRUE(details.contains(field)) << result.body;
    EXPECT_NE(details[field].get<std::string>().find(fragment), std::string::npos) << result.body;
  }
  static std::unique_ptr<arena::test::TestServer> server_;
};
std::unique_ptr<arena::test::TestServer> RegisterAndLoginTest::server_;

}  // namespace

TEST_F(RegisterAndLoginTest, RegisterReturnsUserTokenAndCookies) {
  auto result = post("/api/register", registration("reggie"));
  ASSERT_EQ(result.status, 201) << result.body;
  auto body = result.json();
  EXPECT_EQ(body["user"]["username"], "reggie");
  EXPECT_EQ(body["user"]["email"], "reggie@example.com");
  EXPECT_EQ(body["user"]["role"], "user");
  EXPECT_FALSE(body["user"].contains("password_hash"));
  EXPECT_EQ(body["access_token"].get<std::string>().substr(0, 3), "eyJ");
  EXPECT_EQ(body["expires_in"], 900);
  std::string cookies;
  auto range = result.headers.equal_range("set-cookie");
  for (auto it = range.first; it != range.second; ++it) cookies += it->second + "\n";
  EXPECT_NE(cookies.find("arena_refresh="), std::string::npos);
  EXPECT_NE(cookies.find("Path=/api/; Max-Age=604800; SameSite=Lax; HttpOnly"), std::string::npos) << cookies;
  EXPECT_NE(cookies.find("arena_access="), std::string::npos);
  EXPECT_EQ(cookies.find("Secure"), std::string::npos);  // plain HTTP in auto mode
}

TEST_F(RegisterAndLoginTest, RegisterRejectsMissingAndWrongTypes) {
  auto missing = post("/api/register", nlohmann::json::object());
  expect_field_error(missing, "username", "required");
  expect_field_error(missing, "email", "required");
  expect_field_error(missing, "password", "required");
  auto types = post("/api/register", {{"username", 5}, {"email", true}, {"password", {1, 2}}});
  expect_field_error(types, "username", "must be a string");
  expect_field_error(types, "email", "must be a string");
  expect_field_error(types, "password", "must be a string");
  EXPECT_EQ(http("POST", port(), "/api/register", "{oops").status, 400);
  EXPECT_EQ(http("POST", port(), "/api/register", "[]").status, 400);
}

TEST_F(RegisterAndLoginTest, RegisterValidatesEachField) {
  auto body = registration("valid_name");
  body["username"] = "ab";
  expect_field_error(post("/api/register", body), "username", "3 to 24");
  body["username"] = std::string(25, 'a');
  expect_field_error(post("/api/register", body), "username", "3 to 24");
  body["username"] = std::string(100, 'a');
  expect_field_error(post("/api/register", body), "username", "at most 64");
  body["username"] = "bad name!";
  expect_field_error(post("/api/register", body), "username", "only letters");
  body = registration("valid_name");
  for (const char* email : {"not-an-email", "a@b", "a b@example.com", "@example.com", "x@-bad.com"}) {
    body["email"] = email;
    expect_field_error(post("/api/register", body), "email", "valid email");
  }
  body["email"] = std::string(250, 'a') + "@example.com";
  expect_field_error(post("/api/register", body), "email", "254");
  body = registration("valid_name");
  body["password"] = "short";
  expect_field_error(post("/api/register", body), "password", "at least 10");
  body["password"] = "Password123";
  expect_field_error(post("/api/register", body), "password", "too common");
  body["password"] = "xx-valid_name-xx-1";
  expect_field_error(post("/api/register", body), "password", "username");
  body["password"] = std::string(300, 'z');
  expect_field_error(post("/api/register", body), "password", "at most 256");
}

TEST_F(RegisterAndLoginTest, DuplicatesAreRefusedWithoutRegardToCase) {
  ASSERT_EQ(post("/api/register", registration("Dupe")).status, 201);
  auto same_name = registration("dUPE");
  same_name["email"] = "other@example.com";
  auto conflict = post("/api/register", same_name);
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.json()["error"]["type"], "conflict");
  EXPECT_TRUE(conflict.json()["error"]["details"].contains("username"));
  auto same_email = registration("another");
  same_email["email"] = "DUPE@EXAMPLE.COM";
  auto email_conflict = post("/api/register", same_email);
  EXPECT_EQ(email_conflict.status, 409);
  EXPECT_TRUE(email_conflict.json()["error"]["details"].contains("email"));
}

TEST_F(RegisterAndLoginTest, LoginByUsernameOrEmailInAnyCase) {
  register_user(port(), "logan");
  for (const char* identifier : {"logan", "LOGAN", "logan@example.com", "Logan@Example.COM"}) {
    auto result = post("/api/login", {{"identifier", identifier}, {"password", "correct horse battery staple"}});
    EXPECT_EQ(result.status, 200) << identifier << " " << result.body;
    EXPECT_EQ(result.json()["user"]["username"], "logan");
  }
}

TEST_F(RegisterAndLoginTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  register_user(port(), "wanda");
  auto wrong = post("/api/login", {{"identifier", "wanda"}, {"password", "not the passphrase"}});
  auto unknown = post("/api/login", {{"identifier", "nobody_here"}, {"password", "not the passphrase"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json()["error"], unknown.json()["error"]);
  auto missing = post("/api/login", {{"identifier", "wanda"}});
  expect_field_error(missing, "password", "required");
}

TEST_F(RegisterAndLoginTest, UnknownUserCostsAPasswordHashToo) {
  // Without the dummy verification an unknown user would answer in microseconds, telling
  // an attacker which accounts exist. Compare medians of a few tries with a wide margin.
  register_user(port(), "timmy");
  auto time_login = [&](const std::string& identifier) {
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) {
      auto started = std::chrono::steady_clock::now();
      post("/api/login", {{"identifier", identifier}, {"password", "wrong passphrase"}});
      times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    }
    std::sort(times.begin(), times.end());
    return times[2];
  };
  double known = time_login("timmy");
  double unknown = time_login("no_such_timmy");
  EXPECT_GT(unknown, known * 0.4) << "known " << known << " ms, unknown " << unknown << " ms";
}

TEST_F(RegisterAndLoginTest, UserLookupAndAvailability) {
  register_user(port(), "visible");
  auto user = http("GET", port(), "/api/user/VISIBLE");
  ASSERT_EQ(user.status, 200);
  EXPECT_EQ(user.json()["user"]["username"], "visible");
  EXPECT_FALSE(user.json()["user"].contains("email"));
  EXPECT_EQ(http("GET", port(), "/api/user/nobody_at_all").status, 404);
  EXPECT_EQ(http("GET", port(), "/api/user/bad%20name").status, 404);
  EXPECT_EQ(http("GET", port(), "/api/user/Visible/isAvailable").json()["available"], false);
  EXPECT_EQ(http("GET", port(), "/api/user/free_name/isAvailable").json()["available"], true);
  auto invalid = http("GET", port(), "/api/user/x/isAvailable").json();
  EXPECT_EQ(invalid["available"], false);
  EXPECT_NE(invalid["reason"].get<std::string>().find("3 to 24"), std::string::npos);
}
