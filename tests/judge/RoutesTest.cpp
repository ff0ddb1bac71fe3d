// The judge's HTTP routes over a real server: shapes, bad inputs (never a 500), roles, limits.
#include "JudgeTestSupport.h"

#include <gtest/gtest.h>
#include <future>

using arena::test::http;
using judge_test::register_user;

namespace {

class JudgeRoutesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<arena::test::TestServer>(
        std::vector<std::string>{"auth", "judge"},
        judge_test::judge_sets(
            {"judge.workers=0", "judge.execute.per_user_burst=100000", "judge.execute.per_user_concurrency=8"}));
    user_ = register_user(port(), "runner");
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static arena::test::HttpResult post(const std::string& path, const std::string& body) {
    return http("POST", port(), path, body, user_);
  }
  static arena::test::HttpResult post(const std::string& path, const nlohmann::json& body) {
    return post(path, body.dump());
  }
  static void skip_without_sandbox() {
    if (!judge_test::can_sandbox()) GTEST_SKIP() << "the sandbox needs root (CI runs as root)";
  }
  static inline std::unique_ptr<arena::test::TestServer> server_;
  static inline std::map<std::string, std::string> user_;
};

// Asserts our error shape: {"error": {"type", "message", "status", "details"}}.
void expect_error(const arena::test::HttpResult& result, int status, const std::string& type) {
  EXPECT_EQ(result.status, status) << result.body;
  auto body = result.json();
  ASSERT_TRUE(body.contains("error")) << result.body;
  EXPECT_EQ(body["error"]["type"], type) << result.body;
  EXPECT_EQ(body["error"]["status"], status);
  EXPECT_TRUE(body["error"]["message"].is_string());
  EXPECT_TRUE(body["error"]["details"].is_object());
}

}  // namespace

TEST_F(JudgeRoutesTest, LanguagesArePublicWithAvailability) {
  auto result = http("GET", port(), "/api/programming-language");
  ASSERT_EQ(result.status, 200) << result.body;
  auto languages = result.json()["languages"];
  ASSERT_EQ(languages.size(), 5u);
  nlohmann::json python, cobra;
  for (const auto& language : languages) {
    if (language["id"] == "python") python = language;
    if (language["id"] == "cobra") cobra = language;
  }
  EXPECT_EQ(python["name"], "Python");
  EXPECT_EQ(python["version"], "3.11.2");
  EXPECT_EQ(python["aliases"], nlohmann::json({"py", "python3"}));
  EXPECT_EQ(python["available"], true);
  EXPECT_EQ(python["reason"], "");
  EXPECT_EQ(cobra["available"], false);
  EXPECT_NE(cobra["reason"].get<std::string>().find("not installed"), std::string::npos);
}

TEST_F(JudgeRoutesTest, ExecuteNeedsASignedInUser) {
  expect_error(http("POST", port(), "/api/execute", R"json({"language": "python", "code": "print(1)"})json"), 401,
               "unauthorized");
  expect_error(http("POST", port(), "/api/execute", R"json({"language": "python", "code": "print(1)"})json",
                    {{"Authorization", "Bearer not-a-token"}}),
               401, "unauthorized");
}

TEST_F(JudgeRoutesTest, ExecuteRunsPython) {
  skip_without_sandbox();
  auto result = post("/api/execute",
                     nlohmann::json{{"language", "python"}, {"code", "print(input()[::-1])"}, {"stdin", "stressed"}});
  ASSERT_EQ(result.status, 200) << result.body;
  auto body = result.json();
  EXPECT_EQ(body["language"], "python");
  EXPECT_EQ(body["version"], "3.11.2");
  EXPECT_TRUE(body["compile"].is_null());
  const auto& run = body["run"];
  EXPECT_EQ(run["verdict"], "OK");
  EXPECT_EQ(run["stdout"], "desserts\n");
  EXPECT_EQ(run["stderr"], "");
  EXPECT_EQ(run["exit_code"], 0);
  EXPECT_TRUE(run["signal"].is_null());
  EXPECT_TRUE(run["cpu_ms"].is_number());
  EXPECT_TRUE(run["wall_ms"].is_number());
  EXPECT_TRUE(run["memory_kb"].is_number());
  EXPECT_EQ(run["truncated"], false);
}

TEST_F(JudgeRoutesTest, ExecuteReportsCompileErrorsAndRuntimeFailures) {
  skip_without_sandbox();
  auto broken = post("/api/execute", nlohmann::json{{"language", "c"}, {"code", "int main( {"}});
  ASSERT_EQ(broken.status, 200) << broken.body;
  EXPECT_EQ(broken.json()["compile"]["verdict"], "CE");
  EXPECT_TRUE(broken.json()["run"].is_null());
  auto crash = post("/api/execute", nlohmann::json{{"language", "c"}, {"code", "int main(){volatile int*p=0;*p=1;}"}});
  ASSERT_EQ(crash.status, 200) << crash.body;
  EXPECT_EQ(crash.json()["compile"]["verdict"], "OK");
  EXPECT_EQ(crash.json()["run"]["verdict"], "SG");
  EXPECT_EQ(crash.json()["run"]["signal"], "SIGSEGV");
  EXPECT_TRUE(crash.json()["run"]["exit_code"].is_null());
}

TEST_F(JudgeRoutesTest, ExecuteRefusesBadInputsWithTheErrorShape) {
  expect_error(post("/api/execute", std::string("{not json")), 400, "bad_request");
  expect_error(post("/api/execute", std::string("[1, 2]")), 400, "bad_request");
  auto missing = post("/api/execute", nlohmann::json::object());
  expect_error(missing, 422, "validation_error");
  EXPECT_EQ(missing.json()["error"]["details"]["language"], "is required");
  EXPECT_EQ(missing.json()["error"]["details"]["code"], "is required");
  auto types = post("/api/execute", nlohmann::json{{"language", 7}, {"code", {1}}, {"stdin", false}, {"args", "x"}});
  expect_error(types, 422, "validation_error");
  for (const char* field : {"language", "code", "stdin", "args"})
    EXPECT_TRUE(types.json()["error"]["details"].contains(field)) << field << types.body;
  auto unknown = post("/api/execute", nlohmann::json{{"language", "brainfuck"}, {"code", "+"}});
  expect_error(unknown, 422, "validation_error");
  EXPECT_EQ(unknown.json()["error"]["details"]["language"], "is not a known language");
  auto unavailable = post("/api/execute", nlohmann::json{{"language", "cobra"}, {"code", "x"}});
  expect_error(unavailable, 422, "validation_error");
  EXPECT_NE(unavailable.json()["error"]["details"]["language"].get<std::string>().find("not available"),
            std::string::npos);
  auto big = post("/api/execute", nlohmann::json{{"language", "python"}, {"code", std::string(65537, '#')}});
  expect_error(big, 422, "validation_error");
  EXPECT_EQ(big.json()["error"]["details"]["code"], "must be at most 65536 bytes");
  auto big_stdin =
      post("/api/execute", nlohmann::json{{"language", "python"}, {"code", "1"}, {"stdin", std::string(1048577, 'x')}});
  expect_error(big_stdin, 422, "validation_error");
  EXPECT_TRUE(big_stdin.json()["error"]["details"].contains("stdin"));
  // Far beyond any sensible size: the host refuses the body itself.
  auto huge = post("/api/execute", nlohmann::json{{"language", "python"}, {"code", std::string(8 << 20, '#')}});
  expect_error(huge, 413, "payload_too_large");
}

TEST_F(JudgeRoutesTest, PistonRuntimesListAvailableLanguages) {
  auto result = http("GET", port(), "/api/v2/runtimes");
  ASSERT_EQ(result.status, 200) << result.body;
  auto runtimes = result.json();
  ASSERT_TRUE(runtimes.is_array());
  EXPECT_EQ(runtimes.size(), 4u);  // cobra is not installed
  for (const auto& runtime : runtimes) {
    EXPECT_TRUE(runtime["language"].is_string());
    EXPECT_TRUE(runtime["version"].is_string());
    EXPECT_TRUE(runtime["aliases"].is_array());
    EXPECT_NE(runtime["language"], "cobra");
  }
}

TEST_F(JudgeRoutesTest, PistonExecuteAnswersInPistonsShape) {
  skip_without_sandbox();
  auto result = post(
      "/api/v2/execute",
      nlohmann::json{
          {"language", "python3"},
          {"version", "3.x"},
          {"files",
           {{{"name", "main.py"}, {"content", "import sys\nprint(sys.argv[1:], input())\nsys.stderr.write('e')"}}}},
          {"stdin", "in"},
          {"args", {"1", "2"}},
          {"run_timeout", 3000},
          {"compile_memory_limit", -1},
          {"run_memory_limit", -1}});
  ASSERT_EQ(result.status, 200) << result.body;
  auto body = result.json();
  EXPECT_EQ(body["language"], "python");
  EXPECT_EQ(body["version"], "3.11.2");
  EXPECT_FALSE(body.contains("compile"));
  const auto& run = body["run"];
  EXPECT_EQ(run["stdout"], "['1', '2'] in\n");
  EXPECT_EQ(run["stderr"], "e");
  EXPECT_EQ(run["output"], "['1', '2'] in\ne");
  EXPECT_EQ(run["code"], 0);
  EXPECT_TRUE(run["signal"].is_null());
  EXPECT_TRUE(run["status"].is_null());
  EXPECT_TRUE(run["memory"].is_number());
  EXPECT_TRUE(run["cpu_time"].is_number());
  EXPECT_TRUE(run["wall_time"].is_number());

  auto compiled =
      post("/api/v2/execute",
           nlohmann::json{{"language", "c"}, {"version", "*"}, {"files", {{{"content", "int main(){return 3;}"}}}}});
  ASSERT_EQ(compiled.status, 200) << compiled.body;
  EXPECT_EQ(compiled.json()["compile"]["code"], 0);
  EXPECT_EQ(compiled.json()["run"]["code"], 3);
  EXPECT_EQ(compiled.json()["run"]["status"], "RE");

  // A failed compile: Piston repeats the compile stage as "run".
  auto broken = post("/api/v2/execute",
                     nlohmann::json{{"language", "c"}, {"version", "*"}, {"files", {{{"content", "int main( {"}}}}});
  ASSERT_EQ(broken.status, 200) << broken.body;
  EXPECT_NE(broken.json()["compile"]["code"], 0);
  EXPECT_EQ(broken.json()["run"], broken.json()["compile"]);

  auto slow = post("/api/v2/execute", nlohmann::json{{"language", "python"},
                                                     {"version", "*"},
                                                     {"files", {{{"content", "while True: pass"}}}},
                                                     {"run_timeout", 300}});
  ASSERT_EQ(slow.status, 200) << slow.body;
  EXPECT_EQ(slow.json()["run"]["status"], "TO");
  EXPECT_EQ(slow.json()["run"]["signal"], "SIGKILL");
}

TEST_F(JudgeRoutesTest, PistonErrorsCarryPistonsMessageAndOurErrorObject) {
  auto check = [](const arena::test::HttpResult& result, int status, const std::string& message) {
    EXPECT_EQ(result.status, status) << result.body;
    auto body = result.json();
    EXPECT_EQ(body["message"], message) << result.body;
    EXPECT_EQ(body["error"]["status"], status) << result.body;
    EXPECT_EQ(body["error"]["message"], message) << result.body;
  };
  nlohmann::json files = {{{"content", "print(1)"}}};
  check(post("/api/v2/execute", nlohmann::json{{"version", "*"}, {"files", files}}), 422,
        "language is required as a string");
  check(post("/api/v2/execute", nlohmann::json{{"language", "python"}, {"files", files}}), 422,
        "version is required as a string");
  check(post("/api/v2/execute", nlohmann::json{{"language", "python"}, {"version", "*"}, {"files", "x"}}), 422,
        "files is required as an array");
  check(post("/api/v2/execute", nlohmann::json{{"language", "python"}, {"version", "9"}, {"files", files}}), 422,
        "python-9 runtime is unknown");
  check(post("/api/v2/execute",
             nlohmann::json{{"language", "python"}, {"version", "*"}, {"files", files}, {"run_timeout", 10000000}}),
        422, "run_timeout cannot exceed the configured limit of 20000");
  auto bad_json = post("/api/v2/execute", std::string("{"));
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_TRUE(bad_json.json()["message"].is_string());
  EXPECT_EQ(bad_json.json()["error"]["type"], "bad_request");
  // Without piston_public, anonymous callers are refused by the host (our shape only).
  expect_error(http("POST", port(), "/api/v2/execute",
                    nlohmann::json{{"language", "python"}, {"version", "*"}, {"files", files}}.dump()),
               401, "unauthorized");
}

TEST_F(JudgeRoutesTest, HealthAndMetricsMentionTheJudge) {
  auto health = http("GET", port(), "/api/health");
  EXPECT_NE(health.body.find("judge"), std::string::npos) << health.body;
  if (judge_test::can_sandbox()) {
    EXPECT_EQ(health.status, 200) << health.body;
  }
  auto metrics = http("GET", port(), "/metrics");
  EXPECT_NE(metrics.body.find("arena_judge_queue_jobs"), std::string::npos);
}

// Tight limits on a server of their own.
TEST(JudgeRouteLimitsTest, RateAndConcurrencyLimitsAnswer429) {
  arena::test::TestServer server(
      {"auth", "judge"},
      judge_test::judge_sets({"judge.workers=0", "judge.execute.per_user_burst=3",
                              "judge.execute.per_user_per_minute=0.01", "judge.execute.per_user_concurrency=1"}));
  auto user = register_user(server.port(), "hasty");
  nlohmann::json body = {{"language", "python"}, {"code", "import time\ntime.sleep(3)"}};
  // One long execution under way: a second at the same time is refused.
  auto first =
      std::async(std::launch::async, [&] { return http("POST", server.port(), "/api/execute", body.dump(), user); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  auto concurrent = http("POST", server.port(), "/api/execute", body.dump(), user);
  EXPECT_EQ(concurrent.status, 429) << concurrent.body;
  EXPECT_EQ(concurrent.json()["error"]["type"], "rate_limited");
  EXPECT_EQ(concurrent.header("retry-after"), "1");
  if (judge_test::can_sandbox()) {
    EXPECT_EQ(first.get().status, 200);
  }
  // The burst of 3 is spent (2 above); the next is over the rate.
  http("POST", server.port(), "/api/execute", R"({"language": "python", "code": "1"})", user);
  auto limited = http("POST", server.port(), "/api/execute", R"({"language": "python", "code": "1"})", user);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.json()["error"]["type"], "rate_limited");
  EXPECT_GE(std::stoi(limited.header("retry-after")), 1);
  // Another user has a budget of their own.
  auto other = register_user(server.port(), "patient");
  EXPECT_NE(http("POST", server.port(), "/api/execute", R"({"language": "python", "code": "1"})", other).status, 429);
}

TEST(JudgeRouteLimitsTest, PublicPistonIsRateLimitedPerAddress) {
  arena::test::TestServer server(
      {"auth", "judge"},
      judge_test::judge_sets({"judge.workers=0", "judge.piston_public=true", "judge.execute.piston_per_ip_burst=2",
                              "judge.execute.piston_per_ip_per_minute=0.01"}));
  nlohmann::json body = {{"language", "bash"}, {"version", "*"}, {"files", {{{"content", "echo hi"}}}}};
  auto first = http("POST", server.port(), "/api/v2/execute", body.dump());
  if (judge_test::can_sandbox()) {
    EXPECT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.json()["run"]["stdout"], "hi\n");
  }
  http("POST", server.port(), "/api/v2/execute", body.dump());
  auto limited = http("POST", server.port(), "/api/v2/execute", body.dump());
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.json()["message"], "too many requests, retry later");
  EXPECT_EQ(limited.json()["error"]["type"], "rate_limited");
  EXPECT_FALSE(limited.header("retry-after").empty());
  // /api/execute stays for signed-in users only.
  EXPECT_EQ(http("POST", server.port(), "/api/execute", R"({"language": "bash", "code": "echo"})").status, 401);
}
