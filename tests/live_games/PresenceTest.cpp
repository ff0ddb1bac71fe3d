// Who is connected: a player whose sockets all closed is shown disconnected, comes back by
// joining again, and after games.leave_after_seconds away has left the game. Also the puzzle
// rules of game creation (DEBUG needs starter code) and the game metrics.
#include "LiveGamesSupport.h"

#include "games/GamesService.h"

using namespace live_games_test;

namespace {

class PresenceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    modes_ = std::make_unique<arena::test::TempDir>();
    copy_modes(modes_->path() / "modes");
    server_ = std::make_unique<arena::test::TestServer>(
        live_plugins(), live_sets(modes_->path() / "modes", {"games.leave_after_seconds=2"}));
    server_->host().seed();
  }
  static void TearDownTestSuite() {
    server_.reset();
    modes_.reset();
  }
  static std::uint16_t port() { return server_->port(); }
  static std::string sql(const std::string& query) { return sql_value(server_->database().url(), query); }
  static std::string puzzle(const std::string& title) {
    return sql("SELECT id FROM puzzles WHERE title = '" + title + "'");
  }
  static std::string game(const std::string& mode, const std::string& puzzle_id, const std::vector<User>& players) {
    arena::games::GameRequest request;
    request.mode = mode;
    request.puzzle_id = puzzle_id;
    for (const auto& user : players) {
      arena::modes::PlayerFacts player;
      player.id = user.id;
      player.name = user.username;
      request.players.push_back(player);
    }
    return server_->host().games()->create(request);
  }

  static inline std::unique_ptr<arena::test::TempDir> modes_;
  static inline std::unique_ptr<arena::test::TestServer> server_;
};

}  // namespace

TEST_F(PresenceTest, AnAbsentPlayerIsDisconnectedThenLeaves) {
  auto stay = register_user(port(), "stay_p"), go = register_user(port(), "go_p");
  std::string id = game("FASTEST", puzzle(kDoubleIt), {stay, go});
  std::string topic = "game:" + id;
  auto sc = WebSocketClient::open(port(), stay.token);
  auto gc = WebSocketClient::open(port(), go.token);
  ASSERT_EQ(status(sc->join(topic)), "ok");
  ASSERT_EQ(status(gc->join(topic)), "ok");
  ASSERT_TRUE(wait_until(
      *sc, topic, "player_connected", [&](const json& p) { return p["player"] == go.id && p["connected"] == true; },
      5000));
  // The socket goes away: shown disconnected at once...
  gc.reset();
  ASSERT_TRUE(wait_until(
      *sc, topic, "player_connected", [&](const json& p) { return p["player"] == go.id && p["connected"] == false; },
      5000));
  // ...and gone for good after leave_after_seconds.
  auto left = wait_until(
      *sc, topic, "player_left", [&](const json& p) { return p["player"] == go.id; }, 10000);
  ASSERT_TRUE(left);
  EXPECT_TRUE(eventually([&] {
    return sql("SELECT left_at IS NOT NULL FROM game_players WHERE game_id = '" + id + "' AND user_id = '" + go.id +
               "'") == "t";
  }));
  // The one who stayed is still in (and was never shown leaving).
  auto joined = sc->join(topic);
  ASSERT_EQ(status(joined), "ok");
  const json reply = response(joined);
  for (const auto& player : reply["game"]["players"]) {
    if (player["id"] == stay.id) {
      EXPECT_EQ(player["left"], false);
    }
  }
}

TEST_F(PresenceTest, AShortAbsenceIsForgiven) {
  auto back = register_user(port(), "back_p"), other = register_user(port(), "other_p");
  std::string id = game("FASTEST", puzzle(kDoubleIt), {back, other});
  std::string topic = "game:" + id;
  auto oc = WebSocketClient::open(port(), other.token);
  ASSERT_EQ(status(oc->join(topic)), "ok");
  {
    auto bc = WebSocketClient::open(port(), back.token);
    ASSERT_EQ(status(bc->join(topic)), "ok");
  }
  auto bc = WebSocketClient::open(port(), back.token);
  ASSERT_EQ(status(bc->join(topic)), "ok");
  // Past the leave_after of the first socket's departure: still a player.
  EXPECT_TRUE(oc->quiet(topic, "player_left", 3500));
}

TEST_F(PresenceTest, DebugNeedsAPuzzleWithStarterCode) {
  auto solo = register_user(port(), "solo_p");
  // 02-shout has no starter code: refused with a reason.
  try {
    game("DEBUG", puzzle("Fixture Shout"), {solo});
    ADD_FAILURE() << "a DEBUG game without starter code was created";
  } catch (const arena::games::GameError& e) {
    EXPECT_EQ(e.reason(), "no_starter") << e.what();
  }
  // A random pick finds the one with a Python starter.
  std::string id = game("DEBUG", "", {solo});
  EXPECT_EQ(sql("SELECT array_to_string(puzzle_ids, ',') FROM games WHERE id = '" + id + "'"), puzzle(kDoubleIt));
  // Unknown modes and bad options are refused too.
  EXPECT_THROW(game("NO_SUCH_MODE", "", {solo}), arena::games::GameError);
}

TEST_F(PresenceTest, MetricsCountGamesAndTheLoop) {
  auto solo = register_user(port(), "metric_p");
  game("FASTEST", puzzle(kDoubleIt), {solo});
  const std::vector<std::string> names = {"arena_games_running", "arena_games_created_total", "arena_game_inputs_total",
                                          "arena_game_loop_lag_seconds_bucket", "arena_game_input_cpu_seconds_bucket"};
  std::string body;
  // The loop's lag is observed once a deadline (the game's start) has fired.
  EXPECT_TRUE(eventually([&] {
    auto metrics = http("GET", port(), "/metrics");
    body = metrics.body;
    return metrics.status == 200 && std::all_of(names.begin(), names.end(), [&](const std::string& name) {
             return body.find(name + "{") != std::string::npos || body.find(name + " ") != std::string::npos;
           });
  })) << body.substr(0, 2000);
}
