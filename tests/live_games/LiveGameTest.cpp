// Two real WebSocket clients play a FASTEST game end to end: a room started over the rooms
// plugin becomes a game, a wrong and a correct Python solution are judged in the real sandbox,
// standings and game_completed name the right winner, and the rows are in PostgreSQL.
#include "LiveGamesSupport.h"

using namespace live_games_test;

namespace {

class LiveGameTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    modes_ = std::make_unique<arena::test::TempDir>();
    copy_modes(modes_->path() / "modes");
    server_ = std::make_unique<arena::test::TestServer>(live_plugins(), live_sets(modes_->path() / "modes"));
    server_->host().seed();
  }
  static void TearDownTestSuite() {
    server_.reset();
    modes_.reset();
  }
  static std::uint16_t port() { return server_->port(); }
  static std::string sql(const std::string& query) { return sql_value(server_->database().url(), query); }
  static User user(const std::string& prefix) {
    static int counter = 0;
    return register_user(port(), prefix + std::to_string(++counter));
  }

  static inline std::unique_ptr<arena::test::TempDir> modes_;
  static inline std::unique_ptr<arena::test::TestServer> server_;
};

}  // namespace

TEST_F(LiveGameTest, ModesAreListedAndHealthy) {
  auto modes = http("GET", port(), "/api/modes");
  ASSERT_EQ(modes.status, 200) << modes.body;
  bool fastest = false;
  const json body = modes.json();
  for (const auto& mode : body["modes"]) {
    if (mode["name"] == "FASTEST") {
      fastest = true;
      EXPECT_TRUE(mode["version"].is_string());
      EXPECT_TRUE(mode["error"].is_null());
      EXPECT_FALSE(mode["description"].get<std::string>().empty());
    }
  }
  EXPECT_TRUE(fastest) << modes.body;
  auto health = http("GET", port(), "/api/health");
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_NE(health.body.find("modes loaded"), std::string::npos) << health.body;
  EXPECT_EQ(sql("SELECT count(*) FROM mode_versions WHERE name = 'FASTEST'"), "1");
}

TEST_F(LiveGameTest, StrangersCannotJoinAPrivateGameAndUnknownGamesAreNotFound) {
  auto stranger = user("stranger");
  auto socket = WebSocketClient::open(port(), stranger.token);
  EXPECT_EQ(reason(socket->join("game:00000000-0000-0000-0000-000000000000")), "not_found");
  EXPECT_EQ(http("GET", port(), "/api/games/00000000-0000-0000-0000-000000000000").status, 404);
  EXPECT_EQ(http("GET", port(), "/api/games/nonsense").status, 404);
  EXPECT_EQ(http("GET", port(), "/api/games?state=bogus").status, 422);
}

TEST_F(LiveGameTest, TwoPlayersPlayFastestAndTheCorrectOneWins) {
  if (!can_sandbox()) GTEST_SKIP() << "the sandbox needs root";
  auto alice = user("alice"), bob = user("bob"), carol = user("carol");
  std::string puzzle = sql(std::string("SELECT id FROM puzzles WHERE title = '") + kDoubleIt + "'");
  ASSERT_FALSE(puzzle.empty());
  auto ac = WebSocketClient::open(port(), alice.token), bc = WebSocketClient::open(port(), bob.token);
  std::string id = start_room_game(
      port(), alice, *ac, *bc,
      {{"mode", "FASTEST"}, {"puzzle_id", puzzle}, {"allowed_languages", {"python"}}, {"visibility", "private"}});
  std::string topic = "game:" + id;

  // Both join: the summary names both players; the view comes with the host's fields.
  auto joined = ac->join(topic);
  ASSERT_EQ(status(joined), "ok") << response(joined).dump();
  auto reply = response(joined);
  EXPECT_EQ(reply["game"]["mode"], "FASTEST");
  EXPECT_EQ(reply["game"]["players"].size(), 2u);
  EXPECT_TRUE(reply["view"].contains("phase"));
  EXPECT_EQ(reply["view"]["puzzle_count"], 1);
  ASSERT_EQ(status(bc->join(topic)), "ok");
  // A private game: someone else may not watch it.
  auto cc = WebSocketClient::open(port(), carol.token);
  EXPECT_EQ(reason(cc->join(topic)), "not_a_player");

  ASSERT_TRUE(ac->wait_for(topic, "game_started", 15000));
  auto view = wait_until(
      *ac, topic, "view", [](const json& v) { return v.value("phase", "") == "playing"; }, 10000);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->payload["title"], kDoubleIt);

  // A language the room does not allow is refused by the session.
  EXPECT_EQ(reason(request(*ac, topic, "submit_code", {{"code", "console.log(1)"}, {"language", "javascript"}})),
            "language_not_allowed");

  // Alice: wrong (one test of three).
  auto wrong = request(*ac, topic, "submit_code", {{"code", kWrong}, {"language", "python"}});
  ASSERT_EQ(status(wrong), "ok") << response(wrong).dump();
  std::string wrong_key = response(wrong)["submission_key"];
  EXPECT_TRUE(response(wrong)["submission_id"].is_string());
  auto wrong_result = wait_until(*bc, topic, "submission_result",
                                 [&](const json& r) { return r.value("submission_key", "") == wrong_key; });
  ASSERT_TRUE(wrong_result);
  EXPECT_EQ(wrong_result->payload["player"], alice.id);
  EXPECT_EQ(wrong_result->payload["verdict"], "WA");
  EXPECT_EQ(wrong_result->payload["passed"], false);
  EXPECT_EQ(wrong_result->payload["tests_passed"], 1);
  EXPECT_EQ(wrong_result->payload["tests_total"], 3);

  // Bob: correct, completed.
  auto right = request(*bc, topic, "submit_code", {{"code", kCorrect}, {"language", "python"}});
  ASSERT_EQ(status(right), "ok") << response(right).dump();
  auto completed = wait_until(*ac, topic, "player_completed", [](const json&) { return true; });
  ASSERT_TRUE(completed);
  EXPECT_EQ(completed->payload["player"], bob.id);
  auto standings = wait_until(*ac, topic, "standings", [&](const json& s) {
    return !s["standings"].empty() && s["standings"][0]["player"] == bob.id && s["standings"][0]["score"] == 3;
  });
  ASSERT_TRUE(standings);

  // Alice then passes too: everyone is done, the game ends, Bob first.
  auto late = request(*ac, topic, "submit_code", {{"code", kCorrect}, {"language", "python"}});
  ASSERT_EQ(status(late), "ok") << response(late).dump();
  auto over = wait_until(*bc, topic, "game_completed", [](const json&) { return true; });
  ASSERT_TRUE(over);
  EXPECT_EQ(over->payload["winner"]["player"], bob.id);
  EXPECT_EQ(over->payload["winner"]["name"], bob.username);
  ASSERT_EQ(over->payload["standings"].size(), 2u);
  EXPECT_EQ(over->payload["standings"][0]["player"], bob.id);
  EXPECT_EQ(over->payload["standings"][0]["place"], 1);
  EXPECT_EQ(over->payload["standings"][1]["player"], alice.id);
  EXPECT_EQ(over->payload["standings"][1]["place"], 2);
  ASSERT_TRUE(ac->wait_for(topic, "game_completed", 5000));

  // The rows: the game finished with its standings, places and scores, three submissions.
  ASSERT_TRUE(eventually([&] { return sql("SELECT state FROM games WHERE id = '" + id + "'") == "finished"; }));
  EXPECT_EQ(sql("SELECT mode FROM games WHERE id = '" + id + "'"), "FASTEST");
  EXPECT_EQ(sql("SELECT array_to_string(puzzle_ids, ',') FROM games WHERE id = '" + id + "'"), puzzle);
  EXPECT_EQ(sql("SELECT end_reason FROM games WHERE id = '" + id + "'"), over->payload["reason"].get<std::string>());
  EXPECT_EQ(sql("SELECT place FROM game_players WHERE game_id = '" + id + "' AND user_id = '" + bob.id + "'"), "1");
  EXPECT_EQ(sql("SELECT place FROM game_players WHERE game_id = '" + id + "' AND user_id = '" + alice.id + "'"), "2");
  EXPECT_EQ(sql("SELECT score FROM game_players WHERE game_id = '" + id + "' AND user_id = '" + bob.id + "'"), "3");
  EXPECT_EQ(sql("SELECT count(*) FROM submissions WHERE game_id = '" + id + "'"), "3");
  EXPECT_EQ(sql("SELECT count(*) FROM submissions WHERE game_id = '" + id + "' AND verdict = 'OK'"), "2");
  EXPECT_EQ(sql("SELECT mode_version FROM games WHERE id = '" + id + "'"),
            sql("SELECT version FROM mode_versions WHERE name = 'FASTEST'"));

  auto game = http("GET", port(), "/api/games/" + id);
  ASSERT_EQ(game.status, 200) << game.body;
  EXPECT_EQ(game.json()["game"]["state"], "finished");
  EXPECT_EQ(game.json()["game"]["players"].size(), 2u);
  auto finished = http("GET", port(), "/api/games?state=finished");
  ASSERT_EQ(finished.status, 200);
  EXPECT_EQ(finished.body.find(id), std::string::npos) << "a private room's game is not listed";
}

TEST_F(LiveGameTest, ARunShowsTheOutputsToThePlayerOnly) {
  if (!can_sandbox()) GTEST_SKIP() << "the sandbox needs root";
  auto dave = user("dave"), erin = user("erin");
  std::string puzzle = sql(std::string("SELECT id FROM puzzles WHERE title = '") + kDoubleIt + "'");
  auto dc = WebSocketClient::open(port(), dave.token), ec = WebSocketClient::open(port(), erin.token);
  std::string id = start_room_game(port(), dave, *dc, *ec, {{"mode", "FASTEST"}, {"puzzle_id", puzzle}});
  std::string topic = "game:" + id;
  ASSERT_EQ(status(dc->join(topic)), "ok");
  ASSERT_EQ(status(ec->join(topic)), "ok");
  ASSERT_TRUE(dc->wait_for(topic, "game_started", 15000));
  // A public game: anyone may watch, with the spectator's view, but not play.
  auto fan = user("fan");
  auto fc = WebSocketClient::open(port(), fan.token);
  auto watching = fc->join(topic);
  ASSERT_EQ(status(watching), "ok") << response(watching).dump();
  EXPECT_EQ(response(watching)["player"], false);
  EXPECT_TRUE(response(watching)["view"].is_object());
  EXPECT_EQ(reason(request(*fc, topic, "submit_code", {{"code", kCorrect}, {"language", "python"}})), "not_a_player");
  auto run = request(*dc, topic, "run_code", {{"code", kWrong}, {"language", "python"}});
  ASSERT_EQ(status(run), "ok") << response(run).dump();
  auto result = wait_until(*dc, topic, "run_result", [](const json&) { return true; });
  ASSERT_TRUE(result);
  ASSERT_EQ(result->payload["tests"].size(), 1u);  // the one public test
  EXPECT_EQ(result->payload["tests"][0]["output"], "4\n");
  EXPECT_EQ(result->payload["tests"][0]["passed"], true);
  EXPECT_TRUE(ec->quiet(topic, "run_result", 500));
  // Runs are not submissions.
  EXPECT_EQ(sql("SELECT count(*) FROM submissions WHERE game_id = '" + id + "'"), "0");
  // Both leave: the game ends with everyone gone.
  ASSERT_EQ(status(request(*dc, topic, "leave_game")), "ok");
  ASSERT_EQ(status(request(*ec, topic, "leave_game")), "ok");
  auto over = wait_until(
      *ec, topic, "game_completed", [](const json&) { return true; }, 10000);
  ASSERT_TRUE(over);
  EXPECT_EQ(over->payload["reason"], "everyone_left");
  ASSERT_TRUE(eventually([&] { return sql("SELECT state FROM games WHERE id = '" + id + "'") == "finished"; }));
  EXPECT_EQ(sql("SELECT count(*) FROM game_players WHERE game_id = '" + id + "' AND left_at IS NOT NULL"), "2");
  EXPECT_NE(http("GET", port(), "/api/games?state=finished").body.find(id), std::string::npos)
      << "a public game is listed";
}
