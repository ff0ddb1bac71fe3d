// Every language of config/languages.json, for real: its hello-world and echo programs
// (tests/languages/programs/<id>/) are judged through the judge's engine and the sandbox.
// A language whose toolchain is missing is skipped with the reason; under CI (where
// `make test` installs every toolchain) a missing one is a failure.
#include "JudgeEngine.h"
#include "support/TestServer.h"

#include <arena/JudgeService.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
const std::string kLanguagesFile = ARENA_SOURCE_DIR "/config/languages.json";
const fs::path kPrograms = ARENA_SOURCE_DIR "/tests/languages/programs";

std::vector<std::string> language_ids() {
  std::ifstream in(kLanguagesFile);
  std::vector<std::string> ids;
  for (const auto& entry : nlohmann::json::parse(in, nullptr, false).value("languages", nlohmann::json::array()))
    ids.push_back(entry.value("id", ""));
  return ids;
}

// The program `stem`.* written for a language, or "" when there is none.
std::string program(const std::string& id, const std::string& stem) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kPrograms / id, ec)) {
    if (entry.path().stem() == stem) {
      std::ifstream in(entry.path(), std::ios::binary);
      return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
  }
  return {};
}

bool under_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::string(ci) != "false" && std::string(ci) != "0";
}

class LanguageTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    languages_ = std::make_unique<judge::LanguageCatalog>(judge::LanguageCatalog::load(kLanguagesFile));
    if (geteuid() != 0) return;
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

  static arena::JudgeResult judge(const std::string& language, const std::string& code, const std::string& input,
                                  const std::string& expected) {
    arena::JudgeSubmission submission;
    submission.language = language;
    submission.code = code;
    submission.comparison = arena::Comparison::Exact;
    submission.tests.push_back({input, expected, false});
    auto result = engine_->judge.judge(submission);
    EXPECT_TRUE(result.has_value());
    return result.value_or(arena::JudgeResult{});
  }

  static inline judge::JudgeSettings settings_;
  static inline std::unique_ptr<judge::LanguageCatalog> languages_;
  static inline std::unique_ptr<arena::test::TempDir> scratch_;
  static inline std::unique_ptr<judge::JudgeEngine> engine_;
};

TEST_P(LanguageTest, HelloWorldAndEchoPass) {
  const std::string& id = GetParam();
  const judge::Language* language = languages_->find(id);
  ASSERT_NE(language, nullptr) << id << " is not in " << kLanguagesFile;
  if (!language->available) {
    if (under_ci())
      FAIL() << id << " is unavailable under CI, where every toolchain is installed: " << language->reason;
    GTEST_SKIP() << id << " unavailable: " << language->reason << " (make languages installs it)";
  }
  if (!engine_) GTEST_SKIP() << "the sandbox needs root (CI runs as root)";
  const std::string hello = program(id, "hello"), echo = program(id, "echo");
  ASSERT_FALSE(hello.empty()) << "no tests/languages/programs/" << id << "/hello.*";
  ASSERT_FALSE(echo.empty()) << "no tests/languages/programs/" << id << "/echo.*";

  auto greeted = judge(id, hello, "", "Hello, World!\n");
  EXPECT_EQ(greeted.verdict, arena::verdicts::OK) << nlohmann::json(greeted).dump(2);
  EXPECT_EQ(greeted.version, language->version);

  const std::string input = "hello\nworld 42\n";
  auto echoed = judge(id, echo, input, input);
  EXPECT_EQ(echoed.verdict, arena::verdicts::OK) << nlohmann::json(echoed).dump(2);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, LanguageTest, ::testing::ValuesIn(language_ids()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(LanguageCatalogueTest, HasTwentyOrMoreLanguagesEachWithPrograms) {
  const auto ids = language_ids();
  EXPECT_GE(ids.size(), 20u);
  for (const auto& id : ids) {
    EXPECT_FALSE(program(id, "hello").empty()) << id;
    EXPECT_FALSE(program(id, "echo").empty()) << id;
  }
}

}  // namespace
