// Hot reload during a running game: a broken file is refused (the game goes on, /api/modes
// shows the error), a new version without migrate serves new games while the running game
// stays pinned, a version with migrate moves the running game over at its next event.
#include "LiveGamesSupport.h"

#include "games/GamesService.h"

using namespace live_games_test;

namespace {

class HotReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    modes_ = std::make_unique<arena::test::TempDir>();
    copy_modes(modes_->path() / "modes");
    server_ = std::make_unique<arena::test::TestServer>(live_plugins(), live_sets(modes_->path() / "modes"));
    server_->host().seed();
    puzzle_ = sql(std::string("SELECT id FROM puzzles WHERE title = '") + kDoubleIt + "'");
  }
  void TearDown() override {
    server_.reset();
    modes_.reset();
  }
  std::uint16_t port() const { return server_->port(); }
  std::string sql(const std::string& query) const { return sql_value(server_->database().url(), query); }
  fs::path fastest() const { return modes_->path() / "modes" / "fastest.lua"; }

  /// FASTEST's entry of GET /api/modes.
  json fastest_mode() const {
    const json modes = http("GET", port(), "/api/modes").json();
    for (const auto& mode : modes["modes"]) {
      if (mode["name"] == "FASTEST") return mode;
    }
    return json();
  }

  /// A game of FASTEST for the given players, made through the game service (as a room would).
  std::string new_game(const std::vector<User>& players) {
    arena::games::GameRequest request;
    request.mode = "FASTEST";
    request.puzzle_id = puzzle_;
    request.duration_s = 600;
    for (const auto& user : players) {
      arena::modes::PlayerFacts player;
      player.id = user.id;
      player.name = user.username;
      request.players.push_back(player);
    }
    return server_->host().games()->create(request);
  }
  /// A wrong submission by `who` and its judged result: the game ran its handlers.
  static bool submit_and_judge(WebSocketClient& who, const std::string& topic) {
    auto sent = request(who, topic, "submit_code", {{"code", kWrong}, {"language", "python"}});
    if (status(sent) != "ok") {
      ADD_FAILURE() << response(sent).dump();
      return false;
    }
    std::string key = response(sent)["submission_key"];
    return wait_until(who, topic, "submission_result",
                      [&](const json& r) { return r.value("submission_key", "") == key; })
        .has_value();
  }
  std::string version_of(const std::string& game) const {
    return sql("SELECT mode_version FROM games WHERE id = '" + game + "'");
  }

  std::unique_ptr<arena::test::TempDir> modes_;
  std::unique_ptr<arena::test::TestServer> server_;
  std::string puzzle_;
};

}  // namespace

TEST_F(HotReloadTest, BrokenThenPinnedThenMigrated) {
  if (!can_sandbox()) GTEST_SKIP() << "the sandbox needs root";
  auto alice = register_user(port(), "alice_h");
  auto watcher = register_user(port(), "watcher_h");
  auto lobby = WebSocketClient::open(port(), watcher.token);
  ASSERT_EQ(status(lobby->join("lobby")), "ok");
  const std::string original = read_file(fastest());
  const std::string v1 = fastest_mode()["version"];
  ASSERT_FALSE(v1.empty());

  std::string first = new_game({alice});
  EXPECT_EQ(version_of(first), v1);
  auto ac = WebSocketClient::open(port(), alice.token);
  std::string topic = "game:" + first;
  ASSERT_EQ(status(ac->join(topic)), "ok");
  ASSERT_TRUE(ac->wait_for(topic, "game_started", 15000));

  // 1. A broken version: refused, announced with its error, FASTEST stays on v1.
  replace_file(fastest(), "return { name = 'FASTEST', api = 1, title = 'broken' ");
  auto refused = wait_until(
      *lobby, "lobby", "mode_reloaded", [](const json& p) { return p["name"] == "FASTEST"; }, 10000);
  ASSERT_TRUE(refused);
  EXPECT_TRUE(refused->payload["error"].is_string());
  EXPECT_EQ(refused->payload["version"], v1);
  auto mode = fastest_mode();
  EXPECT_EQ(mode["version"], v1);
  EXPECT_TRUE(mode["error"].is_string()) << mode.dump();
  // The game is unaffected: it still takes submissions and runs its handlers.
  ASSERT_TRUE(submit_and_judge(*ac, topic));
  auto join_again = ac->join(topic);
  ASSERT_EQ(status(join_again), "ok");
  EXPECT_EQ(response(join_again)["game"]["version"], v1);
  EXPECT_EQ(response(join_again)["view"]["phase"], "playing");

  // 2. A new version without migrate: new games use it, the running one stays on v1.
  std::string v2_source = original;
  auto title = v2_source.find("title = \"Fastest\"");
  ASSERT_NE(title, std::string::npos);
  v2_source.replace(title, std::string("title = \"Fastest\"").size(), "title = \"Fastest (v2)\"");
  replace_file(fastest(), v2_source);
  auto reloaded = wait_until(
      *lobby, "lobby", "mode_reloaded", [](const json& p) { return p["name"] == "FASTEST"; }, 10000);
  ASSERT_TRUE(reloaded);
  EXPECT_TRUE(reloaded->payload["error"].is_null());
  const std::string v2 = reloaded->payload["version"];
  EXPECT_NE(v2, v1);
  EXPECT_EQ(fastest_mode()["title"], "Fastest (v2)");
  EXPECT_TRUE(fastest_mode()["error"].is_null());
  std::string second = new_game({alice});
  EXPECT_EQ(version_of(second), v2);
  ASSERT_TRUE(submit_and_judge(*ac, topic));
  auto pinned = ac->join(topic);
  EXPECT_EQ(response(pinned)["game"]["version"], v1);
  EXPECT_TRUE(eventually([&] { return sql("SELECT count(*) FROM mode_versions WHERE name = 'FASTEST'") == "2"; }));

  // 3. A version with migrate: the running game switches at its next event.
  std::string v3_source = v2_source;
  auto ret = v3_source.rfind("return mode");
  ASSERT_NE(ret, std::string::npos);
  v3_source.insert(ret,
                   "function mode.migrate(old_state, old_api)\n"
                   "  old_state.migrated = true\n"
                   "  return old_state\n"
                   "end\n\n");
  replace_file(fastest(), v3_source);
  auto migrating = wait_until(
      *lobby, "lobby", "mode_reloaded", [](const json& p) { return p["name"] == "FASTEST"; }, 10000);
  ASSERT_TRUE(migrating);
  const std::string v3 = migrating->payload["version"];
  EXPECT_NE(v3, v2);
  // Until its next event the first game is still on v2's predecessor, v1.
  EXPECT_EQ(response(ac->join(topic))["game"]["version"], v1);
  // The next event of the first game (a submission) moves it to v3, its state carried over.
  ASSERT_TRUE(submit_and_judge(*ac, topic));
  EXPECT_TRUE(eventually([&] {
    auto joined = ac->join(topic);
    return response(joined)["game"]["version"] == v3;
  }));
  EXPECT_TRUE(eventually([&] { return version_of(first) == v3; }));
  EXPECT_TRUE(eventually([&] {
    return sql("SELECT jsonb_path_exists(session, '$.**.migrated ? (@ == true)') FROM games WHERE id = '" + first +
               "'") == "t";
  }));
  // The game still plays on v3.
  auto still = ac->join(topic);
  EXPECT_EQ(response(still)["view"]["phase"], "playing");
}
