// Every shipped mode's scripted games: tests/games/scenarios/<mode>/*.json played against
// modes/<mode>.lua by the simulator; any unmet `expect` (or a mode fault) fails. Every mode file
// must have scenarios.

#include "games/ModeSimulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace arena::games::test {
namespace {

namespace fs = std::filesystem;

const fs::path kModes = ARENA_MODES_DIR;
const fs::path kScenarios = ARENA_SCENARIOS_DIR;

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> files;
  if (!fs::is_directory(kScenarios)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(kScenarios)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> mode_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kModes)) {
    if (entry.is_regular_file() && entry.path().extension() == ".lua") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Scenarios : public ::testing::TestWithParam<fs::path> {};

TEST_P(Scenarios, ExpectationsHold) {
  const fs::path& file = GetParam();
  const std::string mode = file.parent_path().filename().string();
  const fs::path mode_file = kModes / (mode + ".lua");
  ASSERT_TRUE(fs::exists(mode_file)) << file << ": no mode file " << mode_file;
  std::string error;
  auto scenario = load_scenario_file(file, &error);
  ASSERT_TRUE(scenario) << error;
  auto result = ModeSimulator::run(mode_file, *scenario);
  ASSERT_TRUE(result.error.empty()) << file << ": " << result.error;
  std::string failures;
  for (const auto& f : result.failures) failures += "\n  - " + f;
  std::string standings;
  for (const auto& row : result.standings) standings += "\n  " + row.dump();
  EXPECT_TRUE(result.failures.empty()) << file << " (ended " << result.phase << " / " << result.reason << " at "
                                       << result.ended_at_ms << " ms):" << failures << "\nstandings:" << standings;
}

INSTANTIATE_TEST_SUITE_P(Modes, Scenarios, ::testing::ValuesIn(scenario_files()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           std::string name =
                               info.param.parent_path().filename().string() + "_" + info.param.stem().string();
                           std::replace_if(
                               name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Scenarios);

TEST(ScenarioCoverage, EveryModeHasScenarios) {
  const auto names = mode_names();
  ASSERT_FALSE(names.empty()) << "no mode files in " << kModes;
  for (const auto& name : names) {
    const fs::path dir = kScenarios / name;
    bool any = fs::is_directory(dir) &&
               std::any_of(fs::directory_iterator(dir), fs::directory_iterator(),
                           [](const fs::directory_entry& e) { return e.path().extension() == ".json"; });
    EXPECT_TRUE(any) << "modes/" << name << ".lua has no scenarios in " << dir;
  }
}

TEST(ScenarioCoverage, EveryScenarioDirectoryHasAMode) {
  if (!fs::is_directory(kScenarios)) GTEST_SKIP() << "no scenarios yet";
  for (const auto& entry : fs::directory_iterator(kScenarios)) {
    if (!entry.is_directory()) continue;
    const auto mode = entry.path().filename().string();
    EXPECT_TRUE(fs::exists(kModes / (mode + ".lua"))) << entry.path() << " has no modes/" << mode << ".lua";
  }
}

}  // namespace
}  // namespace arena::games::test
