#pragma once

// Shared by the puzzles tests: a host with auth, judge and puzzles on a fresh database, users
// and moderators, puzzles in a given state, the error shape.
#include "support/HttpClient.h"
#include "support/TestServer.h"

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <unistd.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace puzzles_test {

using Headers = std::map<std::string, std::string>;
using arena::test::http;
using arena::test::HttpResult;

inline constexpr const char* kSecret = "puzzles-test-secret-that-is-long-enough-for-hs256";

/// python, c, cpp, bash (and one language that is not installed): the judge's test languages.
inline std::string languages_file() { return std::string(ARENA_SOURCE_DIR) + "/tests/judge/languages.json"; }

inline std::vector<std::string> puzzle_sets(std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {"judge.languages_file=" + languages_file(),
                                   "judge.poll_interval_ms=200",
                                   std::string("auth.jwt_secret=") + kSecret,
                                   "auth.argon2.ops_limit=1",
                                   "auth.argon2.mem_limit_kib=8192",
                                   "auth.rate_limits.register_per_ip_burst=100000",
                                   "judge.execute.per_user_burst=100000",
                                   "judge.execute.per_user_concurrency=8",
                                   "puzzles.seeds_dir=" + std::string(ARENA_SOURCE_DIR) + "/tests/puzzles/fixtures"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return sets;
}

/// The sandbox needs root (CI runs as root); tests that run programs skip without it.
inline bool can_sandbox() { return ::geteuid() == 0; }

/// A test suite's server and helpers, shared by its tests.
class PuzzlesFixture : public ::testing::Test {
 protected:
  static void start_server(std::vector<std::string> extra = {}) {
    server_ = std::make_unique<arena::test::TestServer>(std::vector<std::string>{"auth", "judge", "puzzles"},
                                                        puzzle_sets(std::move(extra)));
  }
  static void stop_server() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }

  static void sql(const std::string& statement) {
    pqxx::connection c{server_->database().url()};
    pqxx::nontransaction(c).exec(statement);
  }
  static std::string sql_value(const std::string& query) {
    pqxx::connection c{server_->database().url()};
    auto rows = pqxx::nontransaction(c).exec(query);
    return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].as<std::string>();
  }

  /// Registers a user and returns its Authorization header.
  static Headers user(const std::string& name) {
    nlohmann::json body = {{"username", name}, {"email", name + "@example.com"}, {"password", "correct horse battery"}};
    auto result = http("POST", port(), "/api/register", body.dump());
    if (result.status != 201) throw std::runtime_error("register failed: " + result.body);
    return {{"Authorization", "Bearer " + result.json().value("access_token", "")}};
  }
  static Headers moderator(const std::string& name) {
    auto headers = user(name);
    sql("UPDATE users SET role = 'moderator' WHERE username = '" + name + "'");
    return headers;
  }

  static HttpResult call(const std::string& method, const std::string& path, const Headers& who = {},
                         const nlohmann::json& body = nullptr) {
    return http(method, port(), path, body.is_null() ? "" : body.dump(), who);
  }

  /// A valid puzzle body: sums two numbers; two public and two hidden validators.
  static nlohmann::json sum_puzzle(const std::string& title, const std::string& secret = "") {
    return {{"title", title},
            {"statement", "Read **two** integers and print their sum.\n\n```\n1 2\n```"},
            {"constraints", "`-10^9 <= a, b <= 10^9`"},
            {"difficulty", "BEGINNER"},
            {"tags", {"math", "io"}},
            {"solution", {{"language", "python"}, {"code", "a, b = map(int, input().split())\nprint(a + b)\n"}}},
            {"examples", {{{"input", "1 2\n"}, {"output", "3\n"}, {"explanation", "1 + 2 = 3"}}}},
            {"validators",
             {{{"input", "1 2\n"}, {"output", "3\n"}, {"public", true}},
              {{"input", "10 -4\n"}, {"output", "6\n"}, {"public", true}},
              {{"input", "1000000000 7\n" + (secret.empty() ? std::string() : secret + "\n")},
               {"output", "1000000007\n"},
               {"public", false}},
              {{"input", "-5 -6\n"}, {"output", "-11\n"}, {"public", false}}}},
            {"starters", {{"python", "a, b = map(int, input().split())\nprint(a - b)\n"}}}};
  }

  /// Creates a puzzle as `author` and returns its id.
  static std::string create(const Headers& author, const nlohmann::json& body) {
    auto result = call("POST", "/api/puzzle", author, body);
    if (result.status != 201) throw std::runtime_error("create failed: " + result.body);
    return result.json()["puzzle"]["id"];
  }
  /// Creates a puzzle and puts it straight into `visibility` (bypassing review: for set-ups).
  static std::string create_in(const Headers& author, const nlohmann::json& body, const std::string& visibility) {
    auto id = create(author, body);
    sql("UPDATE puzzles SET visibility = '" + visibility + "' WHERE id = '" + id + "'");
    return id;
  }

  /// Polls GET /api/submission/:id until it is done.
  static nlohmann::json wait_judged(const std::string& id, const Headers& who) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    nlohmann::json last;
    while (std::chrono::steady_clock::now() < deadline) {
      auto result = call("GET", "/api/submission/" + id, who);
      last = result.json();
      if (result.status == 200 && last["submission"]["status"] == "done") return last["submission"];
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "submission " << id << " was not judged in time: " << last.dump();
    return last;
  }

  static inline std::unique_ptr<arena::test::TestServer> server_;
};

/// Asserts our error shape: {"error": {"type", "message", "status", "details"}}.
inline void expect_error(const HttpResult& result, int status, const std::string& type) {
  EXPECT_EQ(result.status, status) << result.body;
  auto body = result.json();
  ASSERT_TRUE(body.contains("error")) << result.body;
  EXPECT_EQ(body["error"]["type"], type) << result.body;
  EXPECT_EQ(body["error"]["status"], status);
  EXPECT_TRUE(body["error"]["message"].is_string());
  EXPECT_TRUE(body["error"]["details"].is_object());
}

}  // namespace puzzles_test
