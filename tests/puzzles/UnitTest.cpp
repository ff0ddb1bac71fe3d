// Pieces of the puzzles plugin without a server: output comparison, the workflow's rules,
// the list cache, text and UUID checks, draft parsing.
#include "ListCache.h"
#include "Puzzle.h"
#include "PuzzlesSettings.h"
#include "Solving.h"
#include "Validation.h"
#include "Workflow.h"

#include <gtest/gtest.h>
#include <thread>

using namespace puzzles;

TEST(PuzzlesUnitTest, OutputComparisonIgnoresLineEndingsAndTrailingBlanks) {
  EXPECT_TRUE(same_output("3\n", "3"));
  EXPECT_TRUE(same_output("a \r\nb\t\n\n\n", "a\nb"));
  EXPECT_TRUE(same_output("a\rb", "a\nb"));
  EXPECT_FALSE(same_output(" 3", "3"));
  EXPECT_FALSE(same_output("3\n4", "3"));
  EXPECT_FALSE(same_output("", "0"));
}

TEST(PuzzlesUnitTest, TextAndIdentifierChecks) {
  EXPECT_TRUE(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_FALSE(is_uuid("123e4567-e89b-12d3-a456-42661417400"));
  EXPECT_FALSE(is_uuid("123e4567xe89b-12d3-a456-426614174000"));
  EXPECT_FALSE(is_uuid("'; DROP TABLE puzzles; --"));
  EXPECT_TRUE(storable_text("héllo ✓ 😀"));
  EXPECT_FALSE(storable_text(std::string("a\0b", 3)));
  EXPECT_FALSE(storable_text("\xff"));
  EXPECT_FALSE(storable_text("\xc3"));
  EXPECT_TRUE(is_tag("number-theory"));
  EXPECT_FALSE(is_tag("Upper"));
  EXPECT_FALSE(is_tag(""));
  EXPECT_TRUE(is_difficulty("EXPERT"));
  EXPECT_FALSE(is_difficulty("expert"));
}

TEST(PuzzlesUnitTest, WorkflowRules) {
  Puzzle p;
  p.author_id = "author";
  Viewer author{"author", arena::Role::User};
  Viewer mod{"mod", arena::Role::Moderator};
  Viewer other{"other", arena::Role::User};
  Viewer mod_author{"author", arena::Role::Admin};
  auto status = [&](const std::string& from, const std::string& to, const Viewer& who) {
    p.visibility = from;
    try {
      check_transition(p, to, who);
      return 200;
    } catch (const arena::HttpError& e) {
      return e.status();
    }
  };
  EXPECT_EQ(status("DRAFT", "READY", author), 200);
  EXPECT_EQ(status("DRAFT", "REVIEW", author), 409);
  EXPECT_EQ(status("REVIEW", "APPROVED", author), 403);
  EXPECT_EQ(status("REVIEW", "APPROVED", mod_author), 403);
  EXPECT_EQ(status("REVIEW", "APPROVED", mod), 200);
  EXPECT_EQ(status("DRAFT", "APPROVED", mod), 409);
  EXPECT_EQ(status("REVIEW", "REVISE", mod), 200);
  EXPECT_EQ(status("APPROVED", "INACTIVE", author), 200);
  EXPECT_EQ(status("INACTIVE", "APPROVED", mod), 200);
  EXPECT_EQ(status("APPROVED", "ARCHIVED", other), 403);
  EXPECT_EQ(status("APPROVED", "DRAFT", author), 409);
  EXPECT_EQ(status("APPROVED", "DRAFT", mod), 200);
  EXPECT_EQ(status("DRAFT", "PUBLISHED", author), 422);
  EXPECT_TRUE(reviewable("REVISE"));
  EXPECT_FALSE(reviewable("APPROVED"));
  p.visibility = "APPROVED";
  EXPECT_THROW(check_editable(p, author), arena::HttpError);
  EXPECT_NO_THROW(check_editable(p, mod));
}

TEST(PuzzlesUnitTest, ListCacheExpiresAndClears) {
  ListCache cache(2, std::chrono::milliseconds(50));
  cache.put("a", "A");
  EXPECT_EQ(cache.get("a"), "A");
  cache.put("b", "B");
  cache.put("c", "C");  // full: starts over
  EXPECT_FALSE(cache.get("a"));
  EXPECT_EQ(cache.get("c"), "C");
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  EXPECT_FALSE(cache.get("c"));
  cache.put("d", "D");
  cache.clear();
  EXPECT_FALSE(cache.get("d"));
  ListCache off(0, std::chrono::milliseconds(1000));
  off.put("a", "A");
  EXPECT_FALSE(off.get("a"));
}

TEST(PuzzlesUnitTest, DraftParsingTrimsAndDeduplicates) {
  PuzzlesSettings settings;
  nlohmann::json body = {{"title", "  Spaced Title  "},
                         {"statement", "x"},
                         {"difficulty", "HARD"},
                         {"tags", {"dp", "dp", "graphs"}},
                         {"solution", {{"language", "python"}, {"code", "print(1)"}}},
                         {"validators", {{{"input", ""}, {"output", "1\n"}}}}};
  auto draft = parse_draft(body, nullptr, settings, {"python"});
  EXPECT_EQ(draft.title, "Spaced Title");
  EXPECT_EQ(draft.tags, (std::vector<std::string>{"dp", "graphs"}));
  ASSERT_EQ(draft.validators.size(), 1u);
  EXPECT_TRUE(draft.validators[0].hidden);  // hidden unless said public
  body["validators"] = nlohmann::json::array();
  for (int i = 0; i < 101; ++i) body["validators"].push_back({{"input", ""}, {"output", "1"}});
  EXPECT_THROW(parse_draft(body, nullptr, settings, {"python"}), arena::HttpError);
}
