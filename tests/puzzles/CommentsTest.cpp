// Comments over real HTTP: threads of replies, sorting, editing and soft deletion by the author
// or a moderator, one changeable vote per user per comment.
#include "PuzzlesTestSupport.h"

using namespace puzzles_test;

namespace {

class PuzzleCommentsTest : public PuzzlesFixture {
 protected:
  static void SetUpTestSuite() {
    start_server({"judge.workers=0"});
    author_ = user("writer");
    alice_ = user("alice");
    bob_ = user("bob");
    mod_ = moderator("keeper");
    puzzle_ = create_in(author_, sum_puzzle("Commented Sum"), "APPROVED");
  }
  static void TearDownTestSuite() { stop_server(); }
  static std::string comment(const std::string& path, const Headers& who, const std::string& text) {
    auto result = call("POST", path, who, {{"body", text}});
    EXPECT_EQ(result.status, 201) << result.body;
    return result.json()["comment"].value("id", "");
  }
  static inline Headers author_, alice_, bob_, mod_;
  static inline std::string puzzle_;
};

}  // namespace

TEST_F(PuzzleCommentsTest, ThreadsOfReplies) {
  auto root = comment("/api/puzzle/" + puzzle_ + "/comment", alice_, "Nice **puzzle**");
  auto second = comment("/api/puzzle/" + puzzle_ + "/comment", bob_, "Too easy");
  auto reply = comment("/api/comment/" + root + "/comment", bob_, "Agreed");
  auto nested = comment("/api/comment/" + reply + "/comment", alice_, "Thanks");

  auto thread = call("GET", "/api/puzzle/" + puzzle_ + "/comment?sort=old");
  ASSERT_EQ(thread.status, 200) << thread.body;
  auto body = thread.json();
  EXPECT_EQ(body["total"], 4);
  ASSERT_EQ(body["comments"].size(), 2u);
  EXPECT_EQ(body["comments"][0]["id"], root);
  EXPECT_EQ(body["comments"][0]["body"], "Nice **puzzle**");
  EXPECT_EQ(body["comments"][0]["markdown_fields"], nlohmann::json({"body"}));
  EXPECT_EQ(body["comments"][0]["author"]["username"], "alice");
  ASSERT_EQ(body["comments"][0]["replies"].size(), 1u);
  EXPECT_EQ(body["comments"][0]["replies"][0]["id"], reply);
  EXPECT_EQ(body["comments"][0]["replies"][0]["parent_id"], root);
  EXPECT_EQ(body["comments"][0]["replies"][0]["replies"][0]["id"], nested);
  EXPECT_EQ(body["comments"][1]["id"], second);
  EXPECT_EQ(call("GET", "/api/puzzle/" + puzzle_ + "/comment?sort=new").json()["comments"][0]["id"], second);

  // Edit and soft delete: author or moderator only; the thread keeps a deleted comment's place.
  expect_error(call("PUT", "/api/comment/" + root, bob_, {{"body", "hijacked"}}), 403, "forbidden");
  auto edited = call("PUT", "/api/comment/" + root, alice_, {{"body", "Nice puzzle, edited"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["comment"]["body"], "Nice puzzle, edited");
  expect_error(call("DELETE", "/api/comment/" + root, bob_), 403, "forbidden");
  EXPECT_EQ(call("DELETE", "/api/comment/" + root, mod_).status, 204);
  auto after = call("GET", "/api/puzzle/" + puzzle_ + "/comment?sort=old").json();
  EXPECT_EQ(after["comments"][0]["deleted"], true);
  EXPECT_TRUE(after["comments"][0]["body"].is_null());
  EXPECT_TRUE(after["comments"][0]["author"].is_null());
  EXPECT_EQ(after["comments"][0]["replies"][0]["id"], reply);
  expect_error(call("PUT", "/api/comment/" + root, alice_, {{"body", "back"}}), 409, "conflict");
  expect_error(call("POST", "/api/comment/" + root + "/comment", bob_, {{"body", "late reply"}}), 409, "conflict");
}

TEST_F(PuzzleCommentsTest, OneChangeableVotePerUser) {
  auto id = comment("/api/puzzle/" + puzzle_ + "/comment", author_, "Vote on me");
  auto vote = [&](const Headers& who, const nlohmann::json& value) {
    return call("POST", "/api/comment/" + id + "/vote", who, {{"vote", value}});
  };
  EXPECT_EQ(vote(alice_, "up").json()["score"], 1);
  EXPECT_EQ(vote(alice_, "up").json()["score"], 1);  // again: still one vote
  EXPECT_EQ(vote(bob_, "up").json()["score"], 2);
  EXPECT_EQ(vote(alice_, "down").json()["score"], 0);  // changed
  EXPECT_EQ(vote(bob_, "none").json()["score"], -1);   // taken back
  EXPECT_EQ(vote(bob_, -1).json()["score"], -2);
  EXPECT_EQ(sql_value("SELECT count(*) FROM comment_votes WHERE comment_id = '" + id + "'"), "2");
  expect_error(vote(alice_, "sideways"), 422, "validation_error");
  expect_error(vote(alice_, 2), 422, "validation_error");
  expect_error(call("POST", "/api/comment/" + id + "/vote", alice_, nlohmann::json::object()), 422, "validation_error");
  expect_error(vote({}, "up"), 401, "unauthorized");

  auto mine = call("GET", "/api/puzzle/" + puzzle_ + "/comment?sort=score", alice_).json();
  bool found = false;
  for (const auto& c : mine["comments"]) {
    if (c["id"] == id) {
      found = true;
      EXPECT_EQ(c["my_vote"], -1);
      EXPECT_EQ(c["score"], -2);
    }
  }
  EXPECT_TRUE(found);
  // By score: the most liked first.
  auto liked = comment("/api/puzzle/" + puzzle_ + "/comment", bob_, "Liked");
  call("POST", "/api/comment/" + liked + "/vote", alice_, {{"vote", "up"}});
  EXPECT_EQ(call("GET", "/api/puzzle/" + puzzle_ + "/comment?sort=score").json()["comments"][0]["id"], liked);
}

TEST_F(PuzzleCommentsTest, BadInputs) {
  auto draft = create(author_, sum_puzzle("Quiet Draft"));
  expect_error(call("GET", "/api/puzzle/" + draft + "/comment"), 404, "not_found");
  expect_error(call("POST", "/api/puzzle/" + draft + "/comment", alice_, {{"body", "hi"}}), 404, "not_found");
  expect_error(call("GET", "/api/puzzle/bad/comment"), 404, "not_found");
  expect_error(call("POST", "/api/comment/bad/comment", alice_, {{"body", "hi"}}), 404, "not_found");
  expect_error(call("POST", "/api/comment/00000000-0000-0000-0000-000000000000/vote", alice_, {{"vote", "up"}}), 404,
               "not_found");
  expect_error(call("PUT", "/api/comment/x", alice_, {{"body", "hi"}}), 404, "not_found");
  expect_error(call("POST", "/api/puzzle/" + puzzle_ + "/comment", alice_, nlohmann::json::object()), 422,
               "validation_error");
  expect_error(call("POST", "/api/puzzle/" + puzzle_ + "/comment", alice_, {{"body", "   "}}), 422, "validation_error");
  expect_error(call("POST", "/api/puzzle/" + puzzle_ + "/comment", alice_, {{"body", std::string(10001, 'x')}}), 422,
               "validation_error");
  expect_error(call("POST", "/api/puzzle/" + puzzle_ + "/comment", {}, {{"body", "hi"}}), 401, "unauthorized");
  expect_error(call("GET", "/api/puzzle/" + puzzle_ + "/comment?sort=best"), 422, "validation_error");
}
