// The JudgeService as other plugins use it: submit, events on the bus, result(), with the
// host's own worker threads judging in the real sandbox and a real database.
#include "JudgeTestSupport.h"

#include <gtest/gtest.h>

using judge_test::EventLog;
using judge_test::for_job;
using judge_test::submission;

namespace {

class JudgeServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<arena::test::TestServer>(std::vector<std::string>{"auth", "judge"},
                                                        judge_test::judge_sets({"judge.workers=2"}));
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    if (!judge_test::can_sandbox()) GTEST_SKIP() << "the sandbox needs root (CI runs as root)";
  }
  static arena::JudgeService& judge() { return *server_->host().services().require<arena::JudgeService>(); }
  static arena::EventBus& events() { return server_->host().events(); }
  static inline std::unique_ptr<arena::test::TestServer> server_;
};

}  // namespace

TEST_F(JudgeServiceTest, ASubmissionIsJudgedAndAnnouncedWithItsContext) {
  EventLog judged(events(), arena::kSubmissionJudgedEvent);
  EventLog progress(events(), arena::kSubmissionProgressEvent);
  auto s = submission("python", "print(sum(map(int, input().split())))", {{"1 2", "3"}, {"5 5", "10"}, {"2 2", "5"}});
  s.context = {{"submission_id", "s-1"}, {"puzzle", 9}};
  std::string job = judge().submit(s);
  ASSERT_EQ(job.size(), 36u);

  auto finals = judged.wait_for(1, for_job(job));
  ASSERT_EQ(finals.size(), 1u);
  const auto& result = finals[0];
  EXPECT_EQ(result["status"], "done");
  EXPECT_EQ(result["verdict"], "WA");
  EXPECT_EQ(result["passed"], 2);
  EXPECT_EQ(result["total"], 3);
  EXPECT_EQ(result["attempts"], 1);
  EXPECT_EQ(result["context"]["submission_id"], "s-1");
  EXPECT_EQ(result["language"], "python");
  ASSERT_EQ(result["tests"].size(), 3u);
  EXPECT_EQ(result["tests"][2]["verdict"], "WA");
  EXPECT_EQ(result["tests"][2]["output"], "4\n");

  auto steps = progress.wait_for(3, for_job(job));
  ASSERT_EQ(steps.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(steps[i]["done"], i + 1);
    EXPECT_EQ(steps[i]["total"], 3);
    EXPECT_EQ(steps[i]["test"]["index"], i);
    EXPECT_EQ(steps[i]["context"]["puzzle"], 9);
  }

  auto stored = judge().result(job);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, "done");
  EXPECT_EQ(stored->verdict, "WA");
  EXPECT_EQ(stored->version, "3.11.2");
  EXPECT_EQ(stored->context["submission_id"], "s-1");
  EXPECT_FALSE(judge().result("00000000-0000-4000-8000-000000000000"));
}

TEST_F(JudgeServiceTest, ManySubmissionsAreEachJudgedExactlyOnce) {
  EventLog judged(events(), arena::kSubmissionJudgedEvent);
  std::vector<std::string> jobs;
  for (int i = 0; i < 12; ++i) {
    auto s = submission(i % 2 == 0 ? "python" : "bash", i % 2 == 0 ? "print(input())" : "read x; echo $x",
                        {{std::to_string(i), std::to_string(i)}});
    jobs.push_back(judge().submit(s));
  }
  for (const auto& job : jobs) {
    auto finals = judged.wait_for(1, for_job(job));
    ASSERT_EQ(finals.size(), 1u) << job;
    EXPECT_EQ(finals[0]["verdict"], "OK") << finals[0].dump();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (const auto& job : jobs) EXPECT_EQ(judged.of_job(job).size(), 1u) << job;
}

TEST_F(JudgeServiceTest, CompiledSubmissionsAndCompileErrors) {
  EventLog judged(events(), arena::kSubmissionJudgedEvent);
  auto good =
      judge().submit(submission("cpp", "#include <iostream>\nint main(){long a,b;std::cin>>a>>b;std::cout<<a*b;}",
                                {{"6 7", "42"}, {"100000 100000", "10000000000"}}));
  auto bad = judge().submit(submission("cpp", "int main() { oops }", {{"", ""}}));
  auto good_result = judged.wait_for(1, for_job(good));
  auto bad_result = judged.wait_for(1, for_job(bad));
  ASSERT_EQ(good_result.size(), 1u);
  ASSERT_EQ(bad_result.size(), 1u);
  EXPECT_EQ(good_result[0]["verdict"], "OK") << good_result[0].dump();
  EXPECT_EQ(bad_result[0]["verdict"], "CE");
  EXPECT_NE(bad_result[0]["compile_output"].get<std::string>().find("oops"), std::string::npos);
}

TEST_F(JudgeServiceTest, SubmitRefusesInvalidSubmissions) {
  auto refused = [&](const arena::JudgeSubmission& s, const std::string& field) {
    try {
      judge().submit(s);
      ADD_FAILURE() << "accepted a submission with a bad " << field;
    } catch (const arena::HttpError& e) {
      EXPECT_EQ(e.status(), 422);
      EXPECT_TRUE(e.details().contains(field)) << field << ": " << e.details().dump();
    }
  };
  refused(submission("brainfuck", "+", {{"", ""}}), "language");
  refused(submission("cobra", "x", {{"", ""}}), "language");
  refused(submission("python", "print(1)", {}), "tests");
  refused(submission("python", std::string(70000, '#'), {{"", ""}}), "code");
  refused(submission("python", std::string("print(1)\0", 9), {{"", ""}}), "code");
  refused(submission("python", "print(1)", {{"\xff", ""}}), "tests[0]");
  auto no_checker = submission("python", "print(1)", {{"", "1"}});
  no_checker.comparison = arena::Comparison::Checker;
  refused(no_checker, "checker");
  auto greedy = submission("python", "print(1)", {{"", "1"}});
  greedy.limits.cpu_ms = 1000000;
  refused(greedy, "limits.cpu_ms");
  auto stranger = submission("python", "print(1)", {{"", "1"}});
  stranger.owner_id = "not-a-uuid-but-36-characters-long!!";
  refused(stranger, "owner_id");
  auto odd_context = submission("python", "print(1)", {{"", "1"}});
  odd_context.context = 5;
  refused(odd_context, "context");
}

TEST_F(JudgeServiceTest, ExecuteThroughTheService) {
  arena::ExecuteRequest request;
  request.language = "python3";
  request.code = "print('ran')";
  auto result = judge().execute(request);
  ASSERT_TRUE(result.run);
  EXPECT_EQ(result.run->stdout_data, "ran\n");
  auto languages = judge().languages();
  EXPECT_EQ(languages.size(), 5u);
}
