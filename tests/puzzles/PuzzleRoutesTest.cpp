// The puzzle routes over real HTTP and PostgreSQL: creating, reading, editing, deleting, the
// catalogue's filters, search, sorts and pages, and the bad inputs (never a 500).
#include "PuzzlesTestSupport.h"

using namespace puzzles_test;

namespace {

class PuzzleRoutesTest : public PuzzlesFixture {
 protected:
  static void SetUpTestSuite() {
    start_server({"judge.workers=0", "puzzles.submissions.per_user_burst=3", "puzzles.submissions.per_user_per_minute=0.01"});
    author_ = user("author");
    other_ = user("other");
    mod_ = moderator("mod");
  }
  static void TearDownTestSuite() { stop_server(); }
  static inline Headers author_, other_, mod_;
};

}  // namespace

TEST_F(PuzzleRoutesTest, AnAuthorCreatesADraftOnlyTheAuthorAndModeratorsSee) {
  auto created = call("POST", "/api/puzzle", author_, sum_puzzle("Draft Sum"));
  ASSERT_EQ(created.status, 201) << created.body;
  auto puzzle = created.json()["puzzle"];
  std::string id = puzzle["id"];
  EXPECT_EQ(puzzle["visibility"], "DRAFT");
  EXPECT_EQ(puzzle["author"]["username"], "author");
  EXPECT_EQ(puzzle["statement"], "Read **two** integers and print their sum.\n\n```\n1 2\n```");  // Markdown as written
  EXPECT_EQ(puzzle["markdown_fields"], nlohmann::json({"statement", "constraints", "examples[].explanation"}));
  EXPECT_EQ(puzzle["validators"].size(), 4u);  // the author sees the hidden ones
  EXPECT_EQ(puzzle["solution"]["language"], "python");
  EXPECT_EQ(puzzle["starters"]["python"], "a, b = map(int, input().split())\nprint(a - b)\n");
  EXPECT_EQ(puzzle["tags"], nlohmann::json({"math", "io"}));

  expect_error(call("GET", "/api/puzzle/" + id), 404, "not_found");
  expect_error(call("GET", "/api/puzzle/" + id, other_), 404, "not_found");
  auto as_mod = call("GET", "/api/puzzle/" + id, mod_);
  ASSERT_EQ(as_mod.status, 200) << as_mod.body;
  EXPECT_EQ(as_mod.json()["puzzle"]["validators"].size(), 4u);
  EXPECT_TRUE(as_mod.json()["puzzle"].contains("solution"));

  auto list = call("GET", "/api/puzzle?q=Draft%20Sum");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["total"], 0);  // drafts are not in the catalogue
}

TEST_F(PuzzleRoutesTest, PlayersSeePublicValidatorsOnly) {
  auto id = create_in(author_, sum_puzzle("Public Sum"), "APPROVED");
  auto result = call("GET", "/api/puzzle/" + id);
  ASSERT_EQ(result.status, 200) << result.body;
  auto puzzle = result.json()["puzzle"];
  ASSERT_EQ(puzzle["validators"].size(), 2u);
  for (const auto& v : puzzle["validators"]) EXPECT_EQ(v["public"], true);
  EXPECT_EQ(puzzle["validator_count"], 4);
  EXPECT_EQ(puzzle["hidden_validator_count"], 2);
  EXPECT_FALSE(puzzle.contains("solution"));
  EXPECT_FALSE(puzzle.contains("moderation_feedback"));
  EXPECT_EQ(puzzle["examples"][0]["explanation"], "1 + 2 = 3");
}

TEST_F(PuzzleRoutesTest, EditingFollowsOwnershipAndState) {
  auto id = create(author_, sum_puzzle("Editable Sum"));
  auto edited = call("PUT", "/api/puzzle/" + id, author_,
                     {{"title", "Edited Sum"}, {"difficulty", "EASY"}, {"tags", {"math"}}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["puzzle"]["title"], "Edited Sum");
  EXPECT_EQ(edited.json()["puzzle"]["difficulty"], "EASY");
  EXPECT_EQ(edited.json()["puzzle"]["validators"].size(), 4u);  // untouched fields stay
  expect_error(call("PUT", "/api/puzzle/" + id, other_, {{"title", "Stolen"}}), 404, "not_found");
  auto ready = call("PUT", "/api/puzzle/" + id, author_, {{"visibility", "READY"}});
  ASSERT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.json()["puzzle"]["visibility"], "READY");

  auto approved = create_in(author_, sum_puzzle("Approved Sum"), "APPROVED");
  expect_error(call("PUT", "/api/puzzle/" + approved, other_, {{"title", "Stolen"}}), 403, "forbidden");
  expect_error(call("PUT", "/api/puzzle/" + approved, author_, {{"title", "Changed"}}), 409, "conflict");
  auto by_mod = call("PUT", "/api/puzzle/" + approved, mod_, {{"title", "Fixed By Mod"}});
  ASSERT_EQ(by_mod.status, 200) << by_mod.body;
  EXPECT_EQ(by_mod.json()["puzzle"]["title"], "Fixed By Mod");
  expect_error(call("PUT", "/api/puzzle/" + approved, author_, nlohmann::json::object()), 422, "validation_error");
}

TEST_F(PuzzleRoutesTest, DeleteRemovesOrArchives) {
  auto id = create(author_, sum_puzzle("Doomed Sum"));
  expect_error(call("DELETE", "/api/puzzle/" + id, other_), 404, "not_found");
  EXPECT_EQ(call("DELETE", "/api/puzzle/" + id, author_).status, 204);
  expect_error(call("GET", "/api/puzzle/" + id, author_), 404, "not_found");

  auto kept = create_in(author_, sum_puzzle("Kept Sum"), "APPROVED");
  sql("INSERT INTO submissions (user_id, puzzle_id, language, code, code_length) "
      "SELECT id, '" + kept + "', 'python', 'x', 1 FROM users WHERE username = 'other'");
  expect_error(call("DELETE", "/api/puzzle/" + kept, other_), 403, "forbidden");
  EXPECT_EQ(call("DELETE", "/api/puzzle/" + kept, mod_).status, 204);
  auto archived = call("GET", "/api/puzzle/" + kept, author_);
  ASSERT_EQ(archived.status, 200);
  EXPECT_EQ(archived.json()["puzzle"]["visibility"], "ARCHIVED");
}

TEST_F(PuzzleRoutesTest, CatalogueFiltersSearchSortsAndPages) {
  auto searcher = user("searcher");
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    auto body = sum_puzzle("Zebra Crossing " + std::to_string(i));
    body["difficulty"] = i < 3 ? "HARD" : "EXPERT";
    body["tags"] = i % 2 == 0 ? nlohmann::json{"zebra", "graphs"} : nlohmann::json{"zebra"};
    ids.push_back(create_in(searcher, body, "APPROVED"));
  }
  create_in(searcher, sum_puzzle("Zebra Hidden Draft"), "DRAFT");

  auto all = call("GET", "/api/puzzle?tags=zebra&page_size=5&sort=title");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json()["total"], 7);
  EXPECT_EQ(all.json()["pages"], 2);
  ASSERT_EQ(all.json()["puzzles"].size(), 5u);
  EXPECT_EQ(all.json()["puzzles"][0]["title"], "Zebra Crossing 0");
  auto first = all.json()["puzzles"][0];
  EXPECT_EQ(first["author"]["username"], "searcher");
  EXPECT_EQ(first["metrics"]["attempts"], 0);
  EXPECT_EQ(first["metrics"]["solve_rate"], 0.0);
  EXPECT_FALSE(first.contains("statement"));
  EXPECT_FALSE(first.contains("validators"));

  auto second = call("GET", "/api/puzzle?tags=zebra&page_size=5&page=2&sort=title");
  EXPECT_EQ(second.json()["puzzles"].size(), 2u);
  auto beyond = call("GET", "/api/puzzle?tags=zebra&page_size=5&page=9");
  ASSERT_EQ(beyond.status, 200);
  EXPECT_EQ(beyond.json()["puzzles"].size(), 0u);
  EXPECT_EQ(beyond.json()["total"], 7);

  EXPECT_EQ(call("GET", "/api/puzzle?tags=zebra,graphs").json()["total"], 4);
  EXPECT_EQ(call("GET", "/api/puzzle?tag=zebra&difficulty=HARD").json()["total"], 3);
  EXPECT_EQ(call("GET", "/api/puzzle?tag=zebra&difficulty=HARD,EXPERT").json()["total"], 7);
  EXPECT_EQ(call("GET", "/api/puzzle?q=crossing%203").json()["total"], 1);
  EXPECT_EQ(call("GET", "/api/puzzle?q=ZEBRA%20CROSS").json()["total"], 7);  // without regard to case
  EXPECT_EQ(call("GET", "/api/puzzle?q=%25").json()["total"], 0);              // LIKE wildcards are literal
  auto newest = call("GET", "/api/puzzle?tags=zebra&sort=newest&page_size=1");
  EXPECT_EQ(newest.json()["puzzles"][0]["id"], ids.back());
  auto oldest = call("GET", "/api/puzzle?tags=zebra&sort=oldest&page_size=1");
  EXPECT_EQ(oldest.json()["puzzles"][0]["id"], ids.front());
  for (const char* sort : {"popular", "solve_rate", "difficulty"})
    EXPECT_EQ(call("GET", std::string("/api/puzzle?tags=zebra&sort=") + sort).status, 200) << sort;

  // A write through the API empties the cached pages at once (a direct SQL change does not).
  EXPECT_EQ(call("GET", "/api/puzzle?tags=zebra").json()["total"], 7);
  sql("UPDATE puzzles SET visibility = 'INACTIVE' WHERE id = '" + ids[0] + "'");
  EXPECT_EQ(call("GET", "/api/puzzle?tags=zebra").json()["total"], 7);  // cached
  ASSERT_EQ(call("PUT", "/api/puzzle/" + ids[1], mod_, {{"visibility", "INACTIVE"}}).status, 200);
  EXPECT_EQ(call("GET", "/api/puzzle?tags=zebra").json()["total"], 5);
}

TEST_F(PuzzleRoutesTest, CatalogueRefusesBadQueries) {
  for (const char* query : {"page=0", "page=-1", "page=x", "page_size=0", "page_size=101", "page_size=1e3",
                            "difficulty=IMPOSSIBLE", "tags=Not%20A%20Tag", "sort=random"}) {
    expect_error(call("GET", std::string("/api/puzzle?") + query), 422, "validation_error");
  }
  EXPECT_EQ(call("GET", "/api/puzzle?page_size=100").status, 200);
}

TEST_F(PuzzleRoutesTest, BadInputsGetTheErrorShape) {
  expect_error(call("GET", "/api/puzzle/not-a-uuid"), 404, "not_found");
  expect_error(call("GET", "/api/puzzle/00000000-0000-0000-0000-000000000000"), 404, "not_found");
  expect_error(call("PUT", "/api/puzzle/1234", author_, {{"title", "x"}}), 404, "not_found");
  expect_error(call("DELETE", "/api/puzzle/'; DROP TABLE puzzles; --", author_), 404, "not_found");
  expect_error(call("POST", "/api/puzzle", {}, sum_puzzle("Anonymous")), 401, "unauthorized");
  expect_error(http("POST", port(), "/api/puzzle", "{not json", author_), 400, "bad_request");

  auto missing = call("POST", "/api/puzzle", author_, nlohmann::json::object());
  expect_error(missing, 422, "validation_error");
  for (const char* field : {"title", "statement", "difficulty", "solution", "validators"})
    EXPECT_TRUE(missing.json()["error"]["details"].contains(field)) << field << missing.body;

  auto body = sum_puzzle("Bad Language");
  body["solution"]["language"] = "brainfuck";
  body["starters"] = {{"cobol-85", "x"}};
  body["difficulty"] = "TRIVIAL";
  body["tags"] = {"UPPER"};
  body["validators"][0]["public"] = "yes";
  auto bad = call("POST", "/api/puzzle", author_, body);
  expect_error(bad, 422, "validation_error");
  auto details = bad.json()["error"]["details"];
  EXPECT_EQ(details["solution.language"], "is not a known language") << bad.body;
  EXPECT_TRUE(details.contains("starters.cobol-85")) << bad.body;
  EXPECT_TRUE(details.contains("difficulty"));
  EXPECT_TRUE(details.contains("tags"));
  EXPECT_TRUE(details.contains("validators[0].public"));

  auto big = sum_puzzle("Big Code");
  big["solution"]["code"] = std::string(65537, '#');
  auto oversize = call("POST", "/api/puzzle", author_, big);
  expect_error(oversize, 422, "validation_error");
  EXPECT_EQ(oversize.json()["error"]["details"]["solution.code"], "must be at most 65536 bytes");

  auto types = call("POST", "/api/puzzle", author_,
                    {{"title", 5}, {"statement", {1}}, {"difficulty", nullptr}, {"solution", "print(1)"},
                     {"validators", "none"}});
  expect_error(types, 422, "validation_error");
  auto nul = sum_puzzle("Nul Byte");
  nul["statement"] = std::string("a\0b", 3);
  expect_error(call("POST", "/api/puzzle", author_, nul), 422, "validation_error");
}

TEST_F(PuzzleRoutesTest, AUsersPuzzlesAndStats) {
  auto maker = user("maker");
  create_in(maker, sum_puzzle("Maker Approved"), "APPROVED");
  create(maker, sum_puzzle("Maker Draft"));
  auto seen = call("GET", "/api/user/maker/puzzle");
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json()["total"], 1);
  EXPECT_EQ(seen.json()["stats"]["authored"], 1);
  EXPECT_EQ(seen.json()["stats"]["solved"], 0);
  EXPECT_EQ(call("GET", "/api/user/maker/puzzle", maker).json()["total"], 2);
  EXPECT_EQ(call("GET", "/api/user/maker/puzzle", mod_).json()["total"], 2);
  EXPECT_EQ(call("GET", "/api/user/maker/puzzle", other_).json()["total"], 1);
  expect_error(call("GET", "/api/user/nobody-here/puzzle"), 404, "not_found");
  expect_error(call("GET", "/api/user/maker/puzzle?page=0"), 422, "validation_error");
}

TEST_F(PuzzleRoutesTest, SubmissionsAreRateLimitedPerUser) {
  auto id = create_in(author_, sum_puzzle("Limited Sum"), "APPROVED");
  auto flooder = user("flooder");
  nlohmann::json body = {{"puzzle_id", id}, {"language", "python"}, {"code", "print(3)"}};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call("POST", "/api/submission", flooder, body).status, 202);
  auto limited = call("POST", "/api/submission", flooder, body);
  expect_error(limited, 429, "rate_limited");
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_EQ(call("POST", "/api/submission", other_, body).status, 202);  // per user
}
