// A mode whose handler keeps failing: each fault is counted (the game goes on), one more than
// modes.max_faults aborts the game, and the database records why.
#include "LiveGamesSupport.h"

#include "games/GamesService.h"

using namespace live_games_test;

namespace {

constexpr const char* kFaulty = R"lua(
local mode = { name = "FAULTY", api = 1, title = "Faulty", description = "fails on every code update", duration = 600 }
function mode.init(ctx, options) return { n = 0 } end
function mode.view(state, ctx, player) return { n = state.n } end
function mode.standings(state, ctx)
  local rows = {}
  for _, p in ipairs(ctx.players()) do rows[#rows + 1] = { player = p.id, place = 1, score = 0, detail = "" } end
  return rows
end
function mode.on_result(state, ctx, player, result) end
function mode.on_code(state, ctx, player, code) error("boom: " .. code) end
return mode
)lua";

std::optional<PhoenixFrame> request_event(WebSocketClient& socket, const std::string& topic, int i) {
  return request(socket, topic, "code_update", {{"code", "x" + std::to_string(i)}});
}

}  // namespace

TEST(FaultTest, RepeatedHandlerFaultsAbortTheGameWithAReason) {
  arena::test::TempDir modes;
  copy_modes(modes.path() / "modes");
  {
    std::ofstream out(modes.path() / "modes" / "faulty.lua");
    out << kFaulty;
  }
  arena::test::TestServer server(
      live_plugins(), live_sets(modes.path() / "modes", {"modes.max_faults=2", "games.code_updates_per_second=100"}));
  server.host().seed();
  auto user = register_user(server.port(), "faulty_f");
  arena::games::GameRequest request;
  request.mode = "FAULTY";
  request.puzzle_id =
      sql_value(server.database().url(), std::string("SELECT id FROM puzzles WHERE title = '") + kDoubleIt + "'");
  request.players.push_back({user.id, user.username});
  std::string id = server.host().games()->create(request);
  std::string topic = "game:" + id;
  auto socket = WebSocketClient::open(server.port(), user.token);
  ASSERT_EQ(status(socket->join(topic)), "ok");
  ASSERT_TRUE(socket->wait_for(topic, "game_started", 10000));

  // One fault: the handler's effect is dropped, the game goes on.
  ASSERT_EQ(status(request_event(*socket, topic, 0)), "ok");
  ASSERT_TRUE(eventually([&] {
    return http("GET", server.port(), "/metrics").body.find("arena_game_handler_faults_total{mode=\"FAULTY\"} 1") !=
           std::string::npos;
  }));
  EXPECT_EQ(response(socket->join(topic))["game"]["phase"], "playing");
  // The second (modes.max_faults) aborts it.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(status(request_event(*socket, topic, 1)), "ok");
  auto aborted = socket->wait_for(topic, "game_aborted", 10000);
  ASSERT_TRUE(aborted);
  EXPECT_EQ(aborted->payload.value("reason", ""), "too_many_faults") << aborted->payload.dump();
  EXPECT_NE(aborted->payload.value("message", "").find("boom"), std::string::npos) << aborted->payload.dump();
  ASSERT_TRUE(eventually([&] {
    return sql_value(server.database().url(), "SELECT state FROM games WHERE id = '" + id + "'") == "aborted";
  }));
  EXPECT_NE(sql_value(server.database().url(), "SELECT abort_reason FROM games WHERE id = '" + id + "'").find("boom"),
            std::string::npos);
  EXPECT_EQ(sql_value(server.database().url(), "SELECT end_reason FROM games WHERE id = '" + id + "'"),
            "too_many_faults");
  auto metrics = http("GET", server.port(), "/metrics");
  EXPECT_NE(metrics.body.find("arena_game_handler_faults_total{mode=\"FAULTY\"} 2"), std::string::npos);
}
