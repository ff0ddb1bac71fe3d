// docs/configuration.md documents the games.* and modes.* keys exactly as
// `arena config --reference` prints them.
#include "support/Subprocess.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

TEST(ConfigDocTest, GamesAndModesKeysAreDocumentedAsTheReferencePrintsThem) {
  auto result = arena::test::run_arena({"config", "--reference"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::ifstream file(std::string(ARENA_SOURCE_DIR) + "/docs/configuration.md");
  std::stringstream docs;
  docs << file.rdbuf();
  std::istringstream lines(result.out);
  int checked = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `games.", 0) != 0 && line.rfind("| `modes.", 0) != 0) continue;
    ++checked;
    EXPECT_NE(docs.str().find(line), std::string::npos) << "docs/configuration.md lacks: " << line;
  }
  EXPECT_EQ(checked, 10);
}
