// A host killed (SIGKILL) in the middle of a game and started again: the game resumes from its
// last saved state with the same standings, and the players rejoin and get their view back.
// The hosts are `arena serve` processes against one test database.
#include "LiveGamesSupport.h"

#include "support/Subprocess.h"

#include <csignal>
#include <regex>

using namespace live_games_test;

namespace {

class ServeProcess {
 public:
  ServeProcess(const std::vector<std::string>& sets) {
    std::vector<std::string> args;
    for (const auto& set : sets) {
      args.push_back("--set");
      args.push_back(set);
    }
    args.push_back("serve");
    process_ = std::make_unique<arena::test::ArenaProcess>(args);
    std::string line = process_->wait_for_line("serving on");
    std::smatch match;
    if (!std::regex_search(line, match, std::regex(":(\\d+)"))) throw std::runtime_error("arena serve did not start");
    port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
  }
  std::uint16_t port() const { return port_; }
  void kill() {
    process_->signal(SIGKILL);
    process_->wait();
  }

 private:
  std::unique_ptr<arena::test::ArenaProcess> process_;
  std::uint16_t port_ = 0;
};

std::vector<std::string> arena_args(const std::vector<std::string>& sets, const std::string& command) {
  std::vector<std::string> args;
  for (const auto& set : sets) {
    args.push_back("--set");
    args.push_back(set);
  }
  args.push_back(command);
  return args;
}

}  // namespace

TEST(RestartTest, AKilledHostResumesItsGamesWithTheSameStandings) {
  if (!can_sandbox()) GTEST_SKIP() << "the sandbox needs root";
  arena::test::TestDatabase database;
  arena::test::TempDir scratch;
  copy_modes(scratch.path() / "modes");
  auto sets = arena::test::test_host_sets(database, scratch, live_plugins());
  for (const auto& set : live_sets(scratch.path() / "modes", {"log.level=info"})) sets.push_back(set);
  auto migrated = arena::test::run_arena(arena_args(sets, "migrate"));
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  auto seeded = arena::test::run_arena(arena_args(sets, "seed"));
  ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
  std::string puzzle =
      sql_value(database.url(), std::string("SELECT id FROM puzzles WHERE title = '") + kDoubleIt + "'");
  ASSERT_FALSE(puzzle.empty());

  std::string id;
  User alice, bob;
  json standings_before;
  {
    ServeProcess first(sets);
    alice = register_user(first.port(), "alice_r");
    bob = register_user(first.port(), "bob_r");
    auto ac = WebSocketClient::open(first.port(), alice.token), bc = WebSocketClient::open(first.port(), bob.token);
    id = start_room_game(first.port(), alice, *ac, *bc,
                         {{"mode", "FASTEST"}, {"puzzle_id", puzzle}, {"duration_seconds", 600}});
    std::string topic = "game:" + id;
    ASSERT_EQ(status(ac->join(topic)), "ok");
    ASSERT_EQ(status(bc->join(topic)), "ok");
    ASSERT_TRUE(ac->wait_for(topic, "game_started", 15000));
    auto wrong = request(*ac, topic, "submit_code", {{"code", kWrong}, {"language", "python"}});
    ASSERT_EQ(status(wrong), "ok") << response(wrong).dump();
    auto standings = wait_until(*bc, topic, "standings", [&](const json& s) {
      for (const auto& row : s["standings"]) {
        if (row["player"] == alice.id && row["score"] == 1) return true;
      }
      return false;
    });
    ASSERT_TRUE(standings);
    standings_before = standings->payload["standings"];
    // Written behind: wait until the database has the standings, then pull the plug.
    ASSERT_TRUE(eventually([&] {
      return json::parse(sql_value(database.url(), "SELECT standings::text FROM games WHERE id = '" + id + "'")) ==
             standings_before;
    }));
    first.kill();
  }
  EXPECT_EQ(sql_value(database.url(), "SELECT state FROM games WHERE id = '" + id + "'"), "running");

  ServeProcess second(sets);
  auto ac = WebSocketClient::open(second.port(), alice.token), bc = WebSocketClient::open(second.port(), bob.token);
  std::string topic = "game:" + id;
  auto rejoined = ac->join(topic);
  ASSERT_EQ(status(rejoined), "ok") << response(rejoined).dump();
  auto reply = response(rejoined);
  EXPECT_EQ(reply["standings"], standings_before);
  EXPECT_EQ(reply["view"]["phase"], "playing");
  EXPECT_EQ(reply["view"]["title"], kDoubleIt);
  EXPECT_EQ(reply["game"]["players"].size(), 2u);
  ASSERT_EQ(status(bc->join(topic)), "ok");

  // It plays on: Bob solves it, then Alice; Bob wins.
  ASSERT_EQ(status(request(*bc, topic, "submit_code", {{"code", kCorrect}, {"language", "python"}})), "ok");
  ASSERT_TRUE(wait_until(*ac, topic, "player_completed", [&](const json& p) { return p["player"] == bob.id; }));
  ASSERT_EQ(status(request(*ac, topic, "submit_code", {{"code", kCorrect}, {"language", "python"}})), "ok");
  auto over = wait_until(*ac, topic, "game_completed", [](const json&) { return true; });
  ASSERT_TRUE(over);
  EXPECT_EQ(over->payload["winner"]["player"], bob.id);
  ASSERT_TRUE(eventually(
      [&] { return sql_value(database.url(), "SELECT state FROM games WHERE id = '" + id + "'") == "finished"; }));
  EXPECT_EQ(sql_value(database.url(), "SELECT count(*) FROM submissions WHERE game_id = '" + id + "'"), "3");
}

TEST(RestartTest, AGameWhoseModeVersionIsGoneIsAbortedWithAReason) {
  arena::test::TestDatabase database;
  arena::test::TempDir scratch;
  copy_modes(scratch.path() / "modes");
  auto sets = arena::test::test_host_sets(database, scratch, live_plugins());
  for (const auto& set : live_sets(scratch.path() / "modes")) sets.push_back(set);
  ASSERT_EQ(arena::test::run_arena(arena_args(sets, "migrate")).exit_code, 0);
  // A running game on a version the database does not know.
  arena::test::run_arena(arena_args(sets, "seed"));
  std::string puzzle =
      sql_value(database.url(), std::string("SELECT id FROM puzzles WHERE title = '") + kDoubleIt + "'");
  sql_value(database.url(),
            "INSERT INTO games (id, mode, mode_version, duration_seconds, puzzle_ids, starts_at, session) VALUES "
            "('11111111-1111-1111-1111-111111111111', 'FASTEST', 'feedfacecafe', 60, ARRAY['" +
                puzzle + "']::uuid[], now(), '{}'::jsonb) RETURNING id");
  ServeProcess host(sets);
  EXPECT_TRUE(eventually([&] {
    return sql_value(database.url(), "SELECT state FROM games WHERE id = '11111111-1111-1111-1111-111111111111'") ==
           "aborted";
  }));
  EXPECT_NE(
      sql_value(database.url(), "SELECT abort_reason FROM games WHERE id = '11111111-1111-1111-1111-111111111111'")
          .find("feedfacecafe"),
      std::string::npos);
}
