// The demo puzzles of `arena seed` (plugins/puzzles/seeds/) and the test fixtures: each one
// parses, and its reference solution passes every validator and example through the judge's
// real engine and sandbox (config/languages.json). The loader adds them once, approved.
#include "JudgeEngine.h"
#include "PuzzlesTestSupport.h"
#include "SeedPuzzles.h"

#include <set>

using namespace puzzles_test;
namespace fs = std::filesystem;

namespace {

const fs::path kSeeds = ARENA_SOURCE_DIR "/plugins/puzzles/seeds";
const fs::path kFixtures = ARENA_SOURCE_DIR "/tests/puzzles/fixtures";

std::vector<std::string> folders() {
  std::vector<std::string> all;
  for (const auto& dir : {kSeeds, kFixtures}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (fs::exists(entry.path() / "puzzle.json")) all.push_back(entry.path().string());
    }
  }
  std::sort(all.begin(), all.end());
  return all;
}

class SeedPuzzleTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    languages_ = std::make_unique<judge::LanguageCatalog>(
        judge::LanguageCatalog::load(std::string(ARENA_SOURCE_DIR) + "/config/languages.json"));
    if (!can_sandbox()) return;
    scratch_ = std::make_unique<arena::test::TempDir>();
    engine_ = std::make_unique<judge::JudgeEngine>(settings_, *languages_,
                                                   std::make_unique<judge::SandboxRunner>(arena::sandbox::Options{}),
                                                   scratch_->path() / "cache");
  }
  static void TearDownTestSuite() {
    engine_.reset();
    scratch_.reset();
    languages_.reset();
  }
  static inline judge::JudgeSettings settings_;
  static inline std::unique_ptr<judge::LanguageCatalog> languages_;
  static inline std::unique_ptr<arena::test::TempDir> scratch_;
  static inline std::unique_ptr<judge::JudgeEngine> engine_;
};

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = (info.param.find("/fixtures/") != std::string::npos ? "fixture_" : "seed_") +
                     fs::path(info.param).filename().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

}  // namespace

TEST(SeedPuzzlesTest, TheDemoSetIsComplete) {
  if (!fs::is_directory(kSeeds)) GTEST_SKIP() << kSeeds << " is not there yet";
  auto seeds = puzzles::read_seed_puzzles(kSeeds);
  EXPECT_GE(seeds.size(), 30u);
  std::set<std::string> titles, difficulties;
  for (const auto& seed : seeds) {
    EXPECT_TRUE(titles.insert(seed.draft.title).second) << "duplicate title " << seed.draft.title;
    difficulties.insert(seed.draft.difficulty);
    EXPECT_GE(seed.draft.validators.size(), 5u) << seed.folder;
    EXPECT_FALSE(seed.draft.statement.empty()) << seed.folder;
  }
  for (const char* d : {"BEGINNER", "EASY", "INTERMEDIATE", "ADVANCED", "HARD", "EXPERT"})
    EXPECT_TRUE(difficulties.count(d)) << "no " << d << " puzzle";
}

TEST_P(SeedPuzzleTest, TheReferenceSolutionPassesEveryTest) {
  auto seed = puzzles::read_seed_puzzle(GetParam());
  const auto& d = seed.draft;
  const auto* language = languages_->find(d.solution_language);
  ASSERT_NE(language, nullptr) << seed.folder << ": unknown language " << d.solution_language;
  for (const auto& starter : d.starters) EXPECT_NE(languages_->find(starter.language), nullptr) << seed.folder;
  if (!engine_) GTEST_SKIP() << "the sandbox needs root (CI runs as root)";
  if (!language->available) GTEST_SKIP() << d.solution_language << " is not installed: " << language->reason;
  arena::JudgeSubmission submission;
  submission.language = d.solution_language;
  submission.code = d.solution_code;
  for (const auto& v : d.validators) submission.tests.push_back({v.input, v.output, false});
  for (const auto& e : d.examples) submission.tests.push_back({e.input, e.output, false});
  auto result = engine_->judge.judge(submission);
  ASSERT_TRUE(result.has_value()) << seed.folder;
  EXPECT_EQ(result->verdict, arena::verdicts::OK) << seed.folder << ": " << nlohmann::json(*result).dump();
  EXPECT_EQ(result->passed, submission.tests.size()) << seed.folder;
}

INSTANTIATE_TEST_SUITE_P(Puzzles, SeedPuzzleTest, ::testing::ValuesIn(folders()), test_name);

namespace {

class SeedLoaderTest : public PuzzlesFixture {
 protected:
  void TearDown() override { stop_server(); }
};

}  // namespace

TEST_F(SeedLoaderTest, LoadsTheDemoPuzzlesOnceApproved) {
  if (!fs::is_directory(kSeeds)) GTEST_SKIP() << kSeeds << " is not there yet";
  start_server({"judge.workers=0", "puzzles.seeds_dir=" + kSeeds.string()});
  auto expected = puzzles::read_seed_puzzles(kSeeds).size();
  server_->host().seed();
  server_->host().seed();  // again: nothing added
  EXPECT_EQ(sql_value("SELECT count(*) FROM puzzles"), std::to_string(expected));
  EXPECT_EQ(sql_value("SELECT count(*) FROM puzzles p JOIN users u ON u.id = p.author_id "
                      "WHERE p.visibility = 'APPROVED' AND u.username = 'codearena'"),
            std::to_string(expected));
  auto list = call("GET", "/api/puzzle?page_size=100");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["total"], expected);
  // The system user cannot sign in.
  auto login = call("POST", "/api/login", {}, {{"identifier", "codearena"}, {"password", "!"}});
  EXPECT_EQ(login.status, 401) << login.body;
}

TEST_F(SeedLoaderTest, KeepsHiddenValidatorsAndStarters) {
  start_server({"judge.workers=0"});  // the fixtures
  server_->host().seed();
  auto list = call("GET", "/api/puzzle?q=Fixture%20Double").json();
  ASSERT_EQ(list["total"], 1) << list.dump();
  auto puzzle = call("GET", "/api/puzzle/" + list["puzzles"][0]["id"].get<std::string>()).json()["puzzle"];
  EXPECT_EQ(puzzle["validators"].size(), 1u);
  EXPECT_EQ(puzzle["hidden_validator_count"], 2);
  EXPECT_EQ(puzzle["starters"]["python"], "print(int(input()) + 2)\n");
  EXPECT_EQ(puzzle["statement"], "Read an integer `n` and print `2n`.\n\n```\n2\n```\n");
}
