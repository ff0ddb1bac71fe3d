// The queue's lease semantics against a real PostgreSQL: two workers, leases that run out, a
// stale worker whose finish is refused, attempts, hand-backs and notifications.
#include "JobQueue.h"
#include "JudgeTestSupport.h"

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <thread>

using namespace judge;
using judge_test::submission;

namespace {

// A migrated database and the host's pool; no workers (judge.workers=0), so the tests own the queue.
class JudgeQueueTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<arena::test::TestServer>(
        std::vector<std::string>{"judge"},
        std::vector<std::string>{"judge.languages_file=" + judge_test::languages_file(), "judge.workers=0"});
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    server_->host().database().transact([](pqxx::work& tx) { tx.exec("DELETE FROM judge_jobs"); });
  }
  static arena::Database& database() { return server_->host().database(); }
  static arena::JudgeResult done(const std::string& verdict) {
    arena::JudgeResult result;
    result.status = "done";
    result.verdict = verdict;
    return result;
  }
  // Pushes a job's lease into the past, as if its worker had stopped renewing it long ago.
  static void expire(const std::string& id) {
    database().transact([&](pqxx::work& tx) {
      tx.exec_params("UPDATE judge_jobs SET lease_until = now() - interval '1 second' WHERE id = $1::uuid", id);
    });
  }
  static arena::JudgeTestResult test(std::size_t index, const std::string& verdict, std::uint64_t cpu_ms = 0) {
    arena::JudgeTestResult result;
    result.index = index;
    result.verdict = verdict;
    result.cpu_ms = cpu_ms;
    return result;
  }
  static std::unique_ptr<arena::test::TestServer> server_;
};
std::unique_ptr<arena::test::TestServer> JudgeQueueTest::server_;

}  // namespace

TEST_F(JudgeQueueTest, TwoWorkersTakeDifferentJobsOldestFirst) {
  JobQueue queue(database(), 30);
  auto first = queue.enqueue(submission("python", "print(1)", {{"", "1"}}));
  auto second = queue.enqueue(submission("python", "print(2)", {{"", "2"}}));
  auto a = queue.claim("worker-a");
  auto b = queue.claim("worker-b");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->id, first);
  EXPECT_EQ(b->id, second);
  EXPECT_NE(a->lease_token, b->lease_token);
  EXPECT_EQ(a->attempts, 1);
  EXPECT_EQ(a->submission.code, "print(1)");
  ASSERT_EQ(a->submission.tests.size(), 1u);
  EXPECT_EQ(a->submission.tests[0].expected, "1");
  // Both are held: nothing is left to take.
  EXPECT_FALSE(queue.claim("worker-c"));
}

TEST_F(JudgeQueueTest, ConcurrentClaimsNeverShareAJob) {
  JobQueue queue(database(), 30);
  for (int i = 0; i < 20; ++i) queue.enqueue(submission("python", "print(" + std::to_string(i) + ")", {{"", ""}}));
  std::mutex mutex;
  std::vector<std::string> taken;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      while (auto job = queue.claim("w" + std::to_string(w))) {
        std::lock_guard lock(mutex);
        taken.push_back(job->id);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  std::sort(taken.begin(), taken.end());
  EXPECT_EQ(taken.size(), 20u);
  EXPECT_EQ(std::adjacent_find(taken.begin(), taken.end()), taken.end()) << "a job was taken twice";
}

TEST_F(JudgeQueueTest, AnExpiredLeaseIsRetakenAndTheStaleWorkerCannotFinish) {
  JobQueue queue(database(), 30);
  auto id = queue.enqueue(submission("python", "print(1)", {{"", "1"}}));
  auto stale = queue.claim("worker-a");
  ASSERT_TRUE(stale);
  EXPECT_FALSE(queue.claim("worker-b"));  // held
  expire(id);
  auto fresh = queue.claim("worker-b");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->id, id);
  EXPECT_EQ(fresh->attempts, 2);
  EXPECT_NE(fresh->lease_token, stale->lease_token);

  // The stale worker comes back: it can neither renew, record progress nor finish.
  EXPECT_FALSE(queue.renew(*stale));
  EXPECT_FALSE(queue.record_progress(*stale, test(0, "OK"), 1, {}));
  EXPECT_FALSE(queue.finish(*stale, done("WA")));
  // The current holder can, once.
  EXPECT_TRUE(queue.renew(*fresh));
  EXPECT_TRUE(queue.record_progress(*fresh, test(0, "OK"), 1, {}));
  EXPECT_TRUE(queue.finish(*fresh, done("OK")));
  EXPECT_FALSE(queue.finish(*fresh, done("WA")));  // never finished twice
  EXPECT_FALSE(queue.finish(*stale, done("WA")));

  auto result = queue.result(id);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, "done");
  EXPECT_EQ(result->verdict, "OK");
  EXPECT_EQ(result->attempts, 2u);
  // A done job is never taken again, even with its old lease time in the past.
  expire(id);
  EXPECT_FALSE(queue.claim("worker-c"));
}

TEST_F(JudgeQueueTest, ALeaseRunsOutOnItsOwnAndRenewingKeepsIt) {
  JobQueue queue(database(), 2);
  auto id = queue.enqueue(submission("python", "print(1)", {{"", "1"}}));
  auto held = queue.claim("worker-a");
  ASSERT_TRUE(held);
  // Renewed every half second for three seconds (longer than the lease): never free.
  for (int i = 0; i < 6; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ASSERT_TRUE(queue.renew(*held));
    EXPECT_FALSE(queue.claim("worker-b"));
  }
  // No longer renewed: free once the two seconds are up.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  auto taken = queue.claim("worker-b");
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->id, id);
  EXPECT_FALSE(queue.renew(*held));
}

TEST_F(JudgeQueueTest, ReleaseHandsTheJobBackWithoutCountingTheAttempt) {
  JobQueue queue(database(), 30);
  auto id = queue.enqueue(submission("python", "print(1)", {{"", "1"}}));
  auto job = queue.claim("worker-a");
  ASSERT_TRUE(job);
  queue.release(*job);
  EXPECT_FALSE(queue.finish(*job, done("OK")));
  auto again = queue.claim("worker-b");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, id);
  EXPECT_EQ(again->attempts, 1);
}

TEST_F(JudgeQueueTest, ResultShowsProgressWhileRunning) {
  JobQueue queue(database(), 30);
  auto id = queue.enqueue(submission("python", "print(1)", {{"", "1"}, {"", "2"}, {"", "3"}}));
  auto queued = queue.result(id);
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->status, "queued");
  EXPECT_EQ(queued->total, 3u);
  EXPECT_TRUE(queued->tests.empty());
  auto job = queue.claim("w");
  ASSERT_TRUE(job);
  ASSERT_TRUE(queue.record_progress(*job, test(0, "OK", 5), 3, {}));
  ASSERT_TRUE(queue.record_progress(*job, test(1, "WA"), 3, {}));
  auto running = queue.result(id);
  EXPECT_EQ(running->status, "running");
  ASSERT_EQ(running->tests.size(), 2u);
  EXPECT_EQ(running->tests[0].cpu_ms, 5u);
  EXPECT_EQ(running->tests[1].verdict, "WA");
  EXPECT_EQ(running->passed, 1u);
  EXPECT_EQ(running->verdict, "");
  // Unknown and malformed ids are simply not found.
  EXPECT_FALSE(queue.result("00000000-0000-4000-8000-000000000000"));
  EXPECT_FALSE(queue.result("not-a-uuid'; DROP TABLE judge_jobs; --"));
}

TEST_F(JudgeQueueTest, EnqueueProgressAndFinishAreNotified) {
  auto listener = database().open_dedicated();
  struct Heard : pqxx::notification_receiver {
    Heard(pqxx::connection_base& c, const std::string& channel, std::vector<std::string>& into)
        : pqxx::notification_receiver(c, channel), into_(into) {}
    void operator()(const std::string& payload, int) override { into_.push_back(channel() + " " + payload); }
    std::vector<std::string>& into_;
  };
  std::vector<std::string> heard;
  Heard jobs(*listener, kJobsChannel, heard), progress(*listener, kProgressChannel, heard),
      finished(*listener, kFinishedChannel, heard);
  JobQueue queue(database(), 30);
  arena::JudgeSubmission s = submission("python", "print(1)", {{"", "1"}});
  s.context = {{"submission_id", 42}};
  auto id = queue.enqueue(s);
  auto job = queue.claim("w");
  ASSERT_TRUE(queue.record_progress(*job, test(0, "OK"), 1, s.context));
  ASSERT_TRUE(queue.finish(*job, done("OK")));
  for (int i = 0; i < 20 && heard.size() < 3; ++i) listener->await_notification(0, 100000);
  ASSERT_EQ(heard.size(), 3u);
  EXPECT_EQ(heard[0], std::string(kJobsChannel) + " " + id);
  auto payload = nlohmann::json::parse(heard[1].substr(heard[1].find(' ') + 1));
  EXPECT_EQ(payload["job_id"], id);
  EXPECT_EQ(payload["test"]["verdict"], "OK");
  EXPECT_EQ(payload["done"], 1);
  EXPECT_EQ(payload["context"]["submission_id"], 42);
  EXPECT_EQ(heard[2], std::string(kFinishedChannel) + " " + id);
}

TEST_F(JudgeQueueTest, DepthCountsQueuedAndRunning) {
  JobQueue queue(database(), 30);
  queue.enqueue(submission("python", "1", {{"", ""}}));
  queue.enqueue(submission("python", "2", {{"", ""}}));
  queue.claim("w");
  auto depth = queue.depth();
  EXPECT_EQ(depth.queued, 1);
  EXPECT_EQ(depth.running, 1);
}
