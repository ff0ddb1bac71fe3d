// The visibility workflow and single-player solving with the real judge (sandboxed, as root):
// review gates, verdicts in Python, C++ and C, the Run button, metrics from judged events
// (once per job), and hidden test secrecy across every route.
#include "PuzzlesTestSupport.h"

#include <arena/JudgeService.h>

using namespace puzzles_test;

namespace {

class PuzzleSolvingTest : public PuzzlesFixture {
 protected:
  static void SetUpTestSuite() {
    start_server();
    author_ = user("setter");
    player_ = user("player");
    mod_ = moderator("referee");
  }
  static void TearDownTestSuite() { stop_server(); }
  void SetUp() override {
    if (!can_sandbox()) GTEST_SKIP() << "the sandbox needs root (CI runs as root)";
  }
  static std::string submit(const std::string& puzzle, const std::string& language, const std::string& code,
                            const Headers& who = player_) {
    auto result = call("POST", "/api/submission", who, {{"puzzle_id", puzzle}, {"language", language}, {"code", code}});
    EXPECT_EQ(result.status, 202) << result.body;
    return result.json()["submission"].value("id", "");
  }
  static inline Headers author_, player_, mod_;
};

constexpr const char* kSumCpp =
    "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<\"\\n\";}\n";
constexpr const char* kSumC =
    "#include <stdio.h>\nint main(){long long a,b;scanf(\"%lld %lld\",&a,&b);printf(\"%lld\\n\",a+b);}\n";

}  // namespace

TEST_F(PuzzleSolvingTest, TheReviewWorkflow) {
  auto id = create(author_, sum_puzzle("Reviewed Sum"));
  expect_error(call("PUT", "/api/puzzle/" + id, author_, {{"visibility", "APPROVED"}}), 403, "forbidden");
  expect_error(call("PUT", "/api/puzzle/" + id, author_, {{"visibility", "REVIEW"}}), 409, "conflict");
  expect_error(call("PUT", "/api/puzzle/" + id, author_, {{"visibility", "LIVE"}}), 422, "validation_error");
  ASSERT_EQ(call("PUT", "/api/puzzle/" + id, author_, {{"visibility", "READY"}}).status, 200);
  expect_error(call("POST", "/api/puzzle/" + id + "/submit-for-review", player_), 404, "not_found");

  auto review = call("POST", "/api/puzzle/" + id + "/submit-for-review", author_);
  ASSERT_EQ(review.status, 200) << review.body;
  EXPECT_EQ(review.json()["puzzle"]["visibility"], "REVIEW");
  EXPECT_EQ(review.json()["check"]["verdict"], "OK");
  expect_error(call("POST", "/api/puzzle/" + id + "/submit-for-review", author_), 409, "conflict");

  // An author cannot approve their own puzzle; not even when they are a moderator.
  expect_error(call("PUT", "/api/puzzle/" + id, author_, {{"visibility", "APPROVED"}}), 403, "forbidden");
  auto mod_author = moderator("modauthor");
  auto own = create(mod_author, sum_puzzle("Moderator's Own"));
  ASSERT_EQ(call("POST", "/api/puzzle/" + own + "/submit-for-review", mod_author).status, 200);
  expect_error(call("PUT", "/api/puzzle/" + own, mod_author, {{"visibility", "APPROVED"}}), 403, "forbidden");

  // The moderators' queue: longest waiting first; moderators only.
  auto queue = call("GET", "/api/moderation/review", mod_);
  ASSERT_EQ(queue.status, 200) << queue.body;
  std::vector<std::string> waiting;
  auto queued = queue.json();
  for (const auto& p : queued["puzzles"]) waiting.push_back(p["id"]);
  ASSERT_GE(waiting.size(), 2u) << queue.body;
  auto at = [&](const std::string& x) { return std::find(waiting.begin(), waiting.end(), x) - waiting.begin(); };
  EXPECT_LT(at(id), at(own)) << queue.body;
  EXPECT_EQ(at(own), static_cast<long>(waiting.size()) - 1) << "the newest comes last";
  expect_error(call("GET", "/api/moderation/review", player_), 403, "forbidden");
  expect_error(call("GET", "/api/moderation/review"), 401, "unauthorized");
  expect_error(call("GET", "/api/moderation/review?page_size=0", mod_), 422, "validation_error");

  expect_error(call("PUT", "/api/puzzle/" + id, mod_, {{"visibility", "REVISE"}}), 422, "validation_error");
  auto revise =
      call("PUT", "/api/puzzle/" + id, mod_, {{"visibility", "REVISE"}, {"moderation_feedback", "Add *edge* cases"}});
  ASSERT_EQ(revise.status, 200) << revise.body;
  EXPECT_EQ(call("GET", "/api/puzzle/" + id, author_).json()["puzzle"]["moderation_feedback"], "Add *edge* cases");
  ASSERT_EQ(call("POST", "/api/puzzle/" + id + "/submit-for-review", author_).status, 200);
  auto approved = call("PUT", "/api/puzzle/" + id, mod_, {{"visibility", "APPROVED"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["puzzle"]["visibility"], "APPROVED");
  EXPECT_EQ(call("GET", "/api/puzzle/" + id).status, 200);
  EXPECT_EQ(call("GET", "/api/puzzle?q=Reviewed%20Sum").json()["total"], 1);
  auto after = call("GET", "/api/moderation/review", mod_).json();
  for (const auto& p : after["puzzles"]) EXPECT_NE(p["id"], id);

  ASSERT_EQ(call("PUT", "/api/puzzle/" + id, author_, {{"visibility", "INACTIVE"}}).status, 200);
  EXPECT_EQ(call("GET", "/api/puzzle?q=Reviewed%20Sum").json()["total"], 0);
  expect_error(call("GET", "/api/puzzle/" + id, player_), 404, "not_found");
}

TEST_F(PuzzleSolvingTest, SubmitForReviewRefusesAFailingReference) {
  auto body = sum_puzzle("Wrong Reference");
  body["solution"]["code"] = "a, b = map(int, input().split())\nprint(a * b)\n";
  auto id = create(author_, body);
  auto refused = call("POST", "/api/puzzle/" + id + "/submit-for-review", author_);
  expect_error(refused, 422, "validation_error");
  EXPECT_EQ(refused.json()["error"]["details"]["verdict"], "WA") << refused.body;
  EXPECT_EQ(call("GET", "/api/puzzle/" + id, author_).json()["puzzle"]["visibility"], "DRAFT");

  auto broken = sum_puzzle("Broken Reference");
  broken["solution"] = {{"language", "cpp"}, {"code", "int main( {"}};
  auto broken_id = create(author_, broken);
  auto ce = call("POST", "/api/puzzle/" + broken_id + "/submit-for-review", author_);
  expect_error(ce, 422, "validation_error");
  EXPECT_EQ(ce.json()["error"]["details"]["verdict"], "CE");
}

TEST_F(PuzzleSolvingTest, ACompileErrorKeepsTheCompilersMessage) {
  auto id = create_in(author_, sum_puzzle("Compiled Sum"), "APPROVED");
  // The author submits: the player's statistics belong to another test.
  auto sid = submit(id, "cpp", "int main( {", author_);
  ASSERT_FALSE(sid.empty());
  auto judged = wait_judged(sid, author_);
  EXPECT_EQ(judged["verdict"], "CE") << judged.dump();
  EXPECT_NE(judged.value("compile_output", "").find("error"), std::string::npos) << judged.dump();
  auto ok = wait_judged(submit(id, "python", "a, b = map(int, input().split())\nprint(a + b)\n", author_), author_);
  EXPECT_EQ(ok["compile_output"], "");
}

TEST_F(PuzzleSolvingTest, VerdictsInThreeLanguagesAndMetrics) {
  auto id = create_in(author_, sum_puzzle("Solved Sum"), "APPROVED");
  struct Case {
    std::string language, code, verdict;
  };
  std::vector<Case> cases = {
      {"python", "a, b = map(int, input().split())\nprint(a + b)\n", "OK"},
      {"python", "a, b = map(int, input().split())\nprint(a - b)\n", "WA"},
      {"cpp", kSumCpp, "OK"},
      {"cpp", "#include <iostream>\nint main(){int a,b;std::cin>>a>>b;std::cout<<a*b<<\"\\n\";}\n", "WA"},
      {"c", kSumC, "OK"},
      {"c", "int main(){return 3;}\n", "RE"},
      {"py", "raise SystemExit(1)", "RE"},
  };
  for (const auto& c : cases) {
    auto sid = submit(id, c.language, c.code);
    ASSERT_FALSE(sid.empty());
    auto judged = wait_judged(sid, player_);
    EXPECT_EQ(judged["verdict"], c.verdict) << c.language << ": " << judged.dump();
    EXPECT_EQ(judged["total"], 4);
    ASSERT_EQ(judged["tests"].size(), 4u) << judged.dump();
    EXPECT_EQ(judged["tests"][2], nlohmann::json({{"index", 2}, {"hidden", true}, {"passed", c.verdict == "OK"}}));
    EXPECT_TRUE(judged["tests"][0].contains("verdict"));
    EXPECT_EQ(judged["code"], c.code);
  }
  auto puzzle = call("GET", "/api/puzzle/" + id).json()["puzzle"];
  EXPECT_EQ(puzzle["metrics"]["attempts"], 7);
  EXPECT_EQ(puzzle["metrics"]["successes"], 3);
  EXPECT_NEAR(puzzle["metrics"]["solve_rate"].get<double>(), 3.0 / 7.0, 1e-9);
  EXPECT_EQ(sql_value("SELECT solvers FROM puzzle_metrics WHERE puzzle_id = '" + id + "'"), "1");
  auto stats = call("GET", "/api/user/player/puzzle").json()["stats"];
  EXPECT_EQ(stats["solved"], 1);
  EXPECT_EQ(stats["attempted"], 1);
  // "Solved in" filter.
  EXPECT_EQ(call("GET", "/api/puzzle?language=cpp&q=Solved%20Sum").json()["total"], 1);
  EXPECT_EQ(call("GET", "/api/puzzle?language=bash&q=Solved%20Sum").json()["total"], 0);

  // Lists: one's own; another user's only for moderators.
  auto mine = call("GET", "/api/submission?puzzle_id=" + id, player_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json()["total"], 7);
  EXPECT_FALSE(mine.json()["submissions"][0].contains("code"));
  EXPECT_EQ(call("GET", "/api/submission?puzzle_id=" + id, author_).json()["total"], 0);
  expect_error(call("GET", "/api/submission?user=player", author_), 403, "forbidden");
  EXPECT_EQ(call("GET", "/api/submission?user=player&puzzle_id=" + id, mod_).json()["total"], 7);
  expect_error(call("GET", "/api/submission?puzzle_id=nope", player_), 422, "validation_error");
  expect_error(call("GET", "/api/submission?user=nobody-at-all", mod_), 422, "validation_error");
  expect_error(call("GET", "/api/submission?page_size=0", player_), 422, "validation_error");
}

TEST_F(PuzzleSolvingTest, JudgedEventsCountOncePerJob) {
  auto id = create_in(author_, sum_puzzle("Counted Once"), "APPROVED");
  auto sid = submit(id, "python", "a, b = map(int, input().split())\nprint(a + b)\n");
  wait_judged(sid, player_);
  auto job = sql_value("SELECT job_id FROM submissions WHERE id = '" + sid + "'");
  ASSERT_FALSE(job.empty());
  // The same announcement again (another host, a catch-up after a reconnect): nothing changes.
  auto& bus = server_->host().events();
  nlohmann::json payload = arena::JudgeResult{};
  payload["job_id"] = job;
  payload["status"] = "done";
  payload["verdict"] = "OK";
  payload["context"] = {{"origin", "puzzles"}, {"submission_id", sid}};
  bus.publish(arena::kSubmissionJudgedEvent, payload);
  bus.publish(arena::kSubmissionJudgedEvent, payload);
  EXPECT_EQ(sql_value("SELECT attempts FROM puzzle_metrics WHERE puzzle_id = '" + id + "'"), "1");
  EXPECT_EQ(sql_value("SELECT successes FROM puzzle_metrics WHERE puzzle_id = '" + id + "'"), "1");
  // Events of other plugins' jobs are not ours.
  payload["context"] = {{"submission_id", sid}};
  bus.publish(arena::kSubmissionJudgedEvent, payload);
  EXPECT_EQ(sql_value("SELECT attempts FROM puzzle_metrics WHERE puzzle_id = '" + id + "'"), "1");
}

TEST_F(PuzzleSolvingTest, RunChecksTheExamplesOnly) {
  auto id = create_in(author_, sum_puzzle("Run Sum"), "APPROVED");
  auto ok = call("POST", "/api/puzzle/" + id + "/run", player_,
                 {{"language", "python"}, {"code", "a, b = map(int, input().split())\nprint(a + b)\n"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["passed"], 1);
  EXPECT_EQ(ok.json()["total"], 1);
  EXPECT_EQ(ok.json()["tests"][0]["output"], "3\n");
  auto wrong = call("POST", "/api/puzzle/" + id + "/run", player_, {{"language", "cpp"}, {"code", "int main(){}"}});
  ASSERT_EQ(wrong.status, 200) << wrong.body;
  EXPECT_EQ(wrong.json()["passed"], 0);
  EXPECT_EQ(wrong.json()["tests"][0]["verdict"], "WA");
  auto broken = call("POST", "/api/puzzle/" + id + "/run", player_, {{"language", "c"}, {"code", "int main( {"}});
  ASSERT_EQ(broken.status, 200) << broken.body;
  EXPECT_EQ(broken.json()["tests"][0]["verdict"], "CE");
  EXPECT_EQ(sql_value("SELECT count(*) FROM submissions WHERE puzzle_id = '" + id + "'"), "0");  // nothing stored
}

TEST_F(PuzzleSolvingTest, SubmissionsRefuseBadInputs) {
  auto id = create_in(author_, sum_puzzle("Strict Sum"), "APPROVED");
  auto draft = create(author_, sum_puzzle("Unseen Draft"));
  auto post = [&](const nlohmann::json& body) { return call("POST", "/api/submission", player_, body); };
  auto unknown = post({{"puzzle_id", id}, {"language", "brainfuck"}, {"code", "+"}});
  expect_error(unknown, 422, "validation_error");
  EXPECT_EQ(unknown.json()["error"]["details"]["language"], "is not a known language");
  auto unavailable = post({{"puzzle_id", id}, {"language", "cobra"}, {"code", "x"}});
  expect_error(unavailable, 422, "validation_error");
  auto big = post({{"puzzle_id", id}, {"language", "python"}, {"code", std::string(65537, '#')}});
  expect_error(big, 422, "validation_error");
  EXPECT_EQ(big.json()["error"]["details"]["code"], "must be at most 65536 bytes");
  auto missing = post(nlohmann::json::object());
  expect_error(missing, 422, "validation_error");
  for (const char* field : {"puzzle_id", "language", "code"})
    EXPECT_EQ(missing.json()["error"]["details"][field], "is required") << field;
  expect_error(post({{"puzzle_id", "not-a-uuid"}, {"language", "python"}, {"code", "1"}}), 422, "validation_error");
  expect_error(post({{"puzzle_id", 42}, {"language", "python"}, {"code", "1"}}), 422, "validation_error");
  expect_error(post({{"puzzle_id", "00000000-0000-0000-0000-000000000000"}, {"language", "python"}, {"code", "1"}}),
               404, "not_found");
  expect_error(post({{"puzzle_id", draft}, {"language", "python"}, {"code", "1"}}), 404, "not_found");
  expect_error(call("POST", "/api/submission", {}, {{"puzzle_id", id}, {"language", "python"}, {"code", "1"}}), 401,
               "unauthorized");
  expect_error(call("GET", "/api/submission/not-a-uuid", player_), 404, "not_found");
  expect_error(call("GET", "/api/submission/00000000-0000-0000-0000-000000000000", player_), 404, "not_found");
  expect_error(call("POST", "/api/puzzle/" + id + "/run", player_, {{"language", "python"}}), 422, "validation_error");
  expect_error(call("POST", "/api/puzzle/" + id + "/run", player_, {{"language", "nope"}, {"code", "1"}}), 422,
               "validation_error");
  EXPECT_EQ(sql_value("SELECT count(*) FROM submissions WHERE puzzle_id = '" + id + "'"), "0");

  // Someone else's submission does not exist for the caller.
  auto sid = submit(id, "python", "print(3)");
  expect_error(call("GET", "/api/submission/" + sid, author_), 404, "not_found");
  EXPECT_EQ(call("GET", "/api/submission/" + sid, mod_).status, 200);
}

TEST_F(PuzzleSolvingTest, HiddenValidatorsNeverReachPlayers) {
  const std::string secret = "SECRETINPUT4242";
  auto id = create_in(author_, sum_puzzle("Secret Sum", secret), "APPROVED");
  std::vector<std::string> bodies;
  auto grab = [&](const HttpResult& r) {
    EXPECT_LT(r.status, 500) << r.body;
    bodies.push_back(r.body);
  };
  grab(call("GET", "/api/puzzle?q=Secret%20Sum"));
  grab(call("GET", "/api/puzzle/" + id));
  grab(call("GET", "/api/puzzle/" + id, player_));
  grab(call("GET", "/api/user/setter/puzzle", player_));
  // A program that echoes its input: its output on hidden tests would carry the secret.
  auto echo = submit(id, "python", "import sys\nprint(sys.stdin.read())\nprint(open(0).read() if False else '')\n");
  auto crash = submit(id, "python", "import sys\nraise ValueError(sys.stdin.read())\n");
  grab(call("GET", "/api/submission/" + echo, player_));
  wait_judged(echo, player_);
  wait_judged(crash, player_);
  grab(call("GET", "/api/submission/" + echo, player_));
  grab(call("GET", "/api/submission/" + crash, player_));
  grab(call("GET", "/api/submission?puzzle_id=" + id, player_));
  grab(call("POST", "/api/puzzle/" + id + "/run", player_, {{"language", "python"}, {"code", "print(input())"}}));
  grab(call("GET", "/api/puzzle/" + id + "/comment", player_));
  for (const auto& body : bodies) {
    EXPECT_EQ(body.find(secret), std::string::npos) << body;
    EXPECT_EQ(body.find("1000000007"), std::string::npos) << body;
  }
  // The author and moderators do see it.
  EXPECT_NE(call("GET", "/api/puzzle/" + id, author_).body.find(secret), std::string::npos);
  EXPECT_NE(call("GET", "/api/puzzle/" + id, mod_).body.find(secret), std::string::npos);
}
