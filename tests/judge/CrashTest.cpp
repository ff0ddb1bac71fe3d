// A judge-worker process killed with SIGKILL in the middle of a job: another worker takes the
// job once the lease runs out, and the submission gets exactly one final result.
#include "JudgeTestSupport.h"
#include "support/Subprocess.h"

#include <gtest/gtest.h>
#include <csignal>
#include <pqxx/pqxx>

using judge_test::EventLog;
using judge_test::for_job;

namespace {

std::vector<std::string> worker_args(const arena::test::TestServer& server, const std::vector<std::string>& sets) {
  std::vector<std::string> args;
  for (const auto& set : arena::test::test_host_sets(server.database(), server.scratch(), {"judge"})) {
    args.push_back("--set");
    args.push_back(set);
  }
  for (const auto& set : sets) {
    args.push_back("--set");
    args.push_back(set);
  }
  args.insert(args.end(), {"judge-worker", "--workers", "1"});
  return args;
}

}  // namespace

TEST(JudgeCrashTest, AKilledWorkersJobIsRetakenAndJudgedOnce) {
  if (!judge_test::can_sandbox()) GTEST_SKIP() << "the sandbox needs root (CI runs as root)";
  std::vector<std::string> sets = {"judge.languages_file=" + judge_test::languages_file(), "judge.lease_seconds=2",
                                   "judge.poll_interval_ms=200"};
  // The serving host judges nothing itself (workers=0); it announces what the workers finish.
  auto host_sets = sets;
  host_sets.push_back("judge.workers=0");
  arena::test::TestServer server({"judge"}, host_sets);
  EventLog judged(server.host().events(), arena::kSubmissionJudgedEvent);
  auto& judge = *server.host().services().require<arena::JudgeService>();

  auto first = std::make_unique<arena::test::ArenaProcess>(worker_args(server, sets));
  ASSERT_NE(first->wait_for_line("judge worker ready"), "");

  // Six tests of 400 ms each: long enough to kill the worker in the middle.
  arena::JudgeSubmission s;
  s.language = "python";
  s.code = "import time\ntime.sleep(0.4)\nprint(input())\n";
  for (int i = 0; i < 6; ++i) s.tests.push_back({std::to_string(i), std::to_string(i), false});
  s.context = {{"submission_id", "crash-1"}};
  std::string job = judge.submit(s);

  // Wait until the first worker has judged a test or two.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    auto state = judge.result(job);
    if (state && state->status == "running" && !state->tests.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto before = judge.result(job);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, "running") << "the first worker never started the job";
  first->signal(SIGKILL);
  first->wait();
  first.reset();

  arena::test::ArenaProcess second(worker_args(server, sets));
  ASSERT_NE(second.wait_for_line("judge worker ready"), "");
  auto finals = judged.wait_for(1, for_job(job), std::chrono::seconds(40));
  ASSERT_EQ(finals.size(), 1u) << "no final result";
  EXPECT_EQ(finals[0]["verdict"], "OK") << finals[0].dump();
  EXPECT_EQ(finals[0]["attempts"], 2);
  EXPECT_EQ(finals[0]["tests"].size(), 6u);
  EXPECT_EQ(finals[0]["context"]["submission_id"], "crash-1");

  // Still exactly one, and the stored result agrees.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(judged.of_job(job).size(), 1u);
  auto stored = judge.result(job);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, "done");
  EXPECT_EQ(stored->verdict, "OK");
  EXPECT_EQ(stored->attempts, 2u);

  // The surviving worker stops cleanly on SIGTERM.
  second.signal(SIGTERM);
  EXPECT_EQ(second.wait(), 0);
}

TEST(JudgeCrashTest, AJobWhoseWorkersKeepDyingIsGivenUpWithXX) {
  // The job never runs: its attempts are used up before a worker looks at it.
  std::vector<std::string> sets = {"judge.languages_file=" + judge_test::languages_file(), "judge.workers=0",
                                   "judge.max_attempts=2", "judge.lease_seconds=1", "judge.poll_interval_ms=100"};
  arena::test::TestServer server({"judge"}, sets);
  EventLog judged(server.host().events(), arena::kSubmissionJudgedEvent);
  auto& judge = *server.host().services().require<arena::JudgeService>();
  std::string job = judge.submit(judge_test::submission("python", "print(1)", {{"", "1"}}));
  // Two workers took it and died (their leases are long gone).
  server.host().database().transact([&](pqxx::work& tx) {
    tx.exec_params(
        "UPDATE judge_jobs SET status = 'running', attempts = 2, lease_token = gen_random_uuid(), "
        "lease_until = now() - interval '5 seconds' WHERE id = $1::uuid",
        job);
  });
  if (!judge_test::can_sandbox()) GTEST_SKIP() << "a worker needs the sandbox to start";
  arena::test::ArenaProcess worker(worker_args(server, {"judge.languages_file=" + judge_test::languages_file(),
                                                        "judge.max_attempts=2", "judge.poll_interval_ms=100"}));
  ASSERT_NE(worker.wait_for_line("judge worker ready"), "");
  auto finals = judged.wait_for(1, for_job(job), std::chrono::seconds(20));
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0]["verdict"], "XX");
  EXPECT_NE(finals[0]["message"].get<std::string>().find("gave up after 2 attempts"), std::string::npos)
      << finals[0].dump();
  worker.signal(SIGTERM);
  EXPECT_EQ(worker.wait(), 0);
}
