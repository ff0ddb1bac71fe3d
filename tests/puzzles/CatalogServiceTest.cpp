// The PuzzleCatalog service the game loop plays with: random approved picks (by difficulty
// and starter language), whole puzzles with hidden validators and the reference solution,
// and game submissions stored with their game and judged like any other.
#include "PuzzlesTestSupport.h"

#include <arena/EventBus.h>
#include <arena/HttpError.h>
#include <arena/JudgeService.h>
#include <arena/PuzzleCatalog.h>

#include <condition_variable>
#include <mutex>

using namespace puzzles_test;

namespace {

class CatalogServiceTest : public PuzzlesFixture {
 protected:
  static void SetUpTestSuite() {
    start_server();
    author_ = user("catalogauthor");
    approved_ = create_in(author_, sum_puzzle("Approved Sum"), "APPROVED");
    auto no_starter = sum_puzzle("Hard Sum Without Starter");
    no_starter["difficulty"] = "HARD";
    no_starter.erase("starters");
    hard_ = create_in(author_, no_starter, "APPROVED");
    draft_ = create(author_, sum_puzzle("Draft Sum"));
  }
  static void TearDownTestSuite() { stop_server(); }
  static arena::PuzzleCatalog& catalog() { return *server_->host().services().require<arena::PuzzleCatalog>(); }
  static std::string user_id(const std::string& name) {
    return sql_value("SELECT id FROM users WHERE username = '" + name + "'");
  }
  static inline Headers author_;
  static inline std::string approved_, hard_, draft_;
};

}  // namespace

TEST_F(CatalogServiceTest, RandomPicksOnlyApprovedPuzzlesThatFit) {
  for (int i = 0; i < 10; ++i) {
    auto any = catalog().random_approved({});
    ASSERT_TRUE(any.has_value());
    EXPECT_TRUE(*any == approved_ || *any == hard_) << *any;
  }
  EXPECT_EQ(catalog().random_approved({"HARD", ""}), hard_);
  EXPECT_EQ(catalog().random_approved({"", "python"}), approved_);
  EXPECT_EQ(catalog().random_approved({"HARD", "python"}), std::nullopt);
  EXPECT_EQ(catalog().random_approved({"EXPERT", ""}), std::nullopt);
}

TEST_F(CatalogServiceTest, GamePuzzleCarriesHiddenTestsStartersAndTheSolution) {
  auto puzzle = catalog().game_puzzle(approved_);
  ASSERT_TRUE(puzzle.has_value());
  EXPECT_EQ(puzzle->title, "Approved Sum");
  ASSERT_EQ(puzzle->validators.size(), 4u);
  EXPECT_FALSE(puzzle->validators[0].hidden);
  EXPECT_TRUE(puzzle->validators[3].hidden);
  EXPECT_EQ(puzzle->validators[3].output, "-11\n");
  ASSERT_EQ(puzzle->starters.size(), 1u);
  EXPECT_EQ(puzzle->starters[0].language, "python");
  EXPECT_EQ(puzzle->solution_language, "python");
  EXPECT_NE(puzzle->solution_code.find("print(a + b)"), std::string::npos);
  EXPECT_TRUE(catalog().game_puzzle(draft_).has_value()) << "any state when asked by id";
  EXPECT_FALSE(catalog().game_puzzle("not-a-uuid").has_value());
  EXPECT_FALSE(catalog().game_puzzle("00000000-0000-0000-0000-000000000000").has_value());
}

TEST_F(CatalogServiceTest, GameSubmissionsAreStoredWithTheirGameAndJudged) {
  if (!can_sandbox()) GTEST_SKIP() << "the sandbox needs root (CI runs as root)";
  std::mutex mutex;
  std::condition_variable judged;
  nlohmann::json context;
  auto& events = server_->host().events();
  auto subscription = events.subscribe(arena::kSubmissionJudgedEvent, [&](const arena::Event& event) {
    std::lock_guard lock(mutex);
    if (event.payload.value("context", nlohmann::json::object()).value("game_key", "") == "g1") {
      context = event.payload["context"];
      context["verdict"] = event.payload.value("verdict", "");
      judged.notify_all();
    }
  });
  std::string game_id = sql_value("SELECT gen_random_uuid()");
  arena::GameSubmission submission;
  submission.puzzle_id = approved_;
  submission.game_id = game_id;
  submission.user_id = user_id("catalogauthor");
  submission.language = "python";
  submission.code = "a, b = map(int, input().split())\nprint(a + b)\n";
  submission.context = {{"game_key", "g1"}};
  auto id = catalog().submit_for_game(submission);
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(judged.wait_for(lock, std::chrono::seconds(60), [&] { return !context.is_null(); }));
  }
  events.unsubscribe(subscription);
  EXPECT_EQ(context["submission_id"], id);
  EXPECT_EQ(context["game_id"], game_id);
  EXPECT_EQ(context["user_id"], submission.user_id);
  EXPECT_EQ(context["puzzle_id"], approved_);
  EXPECT_EQ(context["verdict"], "OK");
  EXPECT_EQ(sql_value("SELECT game_id FROM submissions WHERE id = '" + id + "'"), game_id);
  // The puzzles plugin finishes the row from the same event (it may run just after ours).
  for (int i = 0; i < 100 && sql_value("SELECT status FROM submissions WHERE id = '" + id + "'") != "done"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(sql_value("SELECT verdict FROM submissions WHERE id = '" + id + "'"), "OK");
}

TEST_F(CatalogServiceTest, GameSubmissionsRefuseUnknownPuzzlesAndLanguages) {
  arena::GameSubmission submission;
  submission.puzzle_id = "00000000-0000-0000-0000-000000000000";
  submission.user_id = user_id("catalogauthor");
  submission.language = "python";
  submission.code = "print(1)";
  try {
    catalog().submit_for_game(submission);
    ADD_FAILURE() << "an unknown puzzle was accepted";
  } catch (const arena::HttpError& e) {
    EXPECT_EQ(e.status(), 404);
  }
  submission.puzzle_id = approved_;
  submission.language = "klingon";
  try {
    catalog().submit_for_game(submission);
    ADD_FAILURE() << "an unknown language was accepted";
  } catch (const arena::HttpError& e) {
    EXPECT_EQ(e.status(), 422);
  }
}
