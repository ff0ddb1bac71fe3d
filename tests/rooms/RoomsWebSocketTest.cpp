// The rooms plugin over real WebSockets on loopback (Phoenix v2 frames through the host's
// event loop): the lobby, a private room's life, chat, isolation, reconnects, matchmaking.
#include "RoomsTestSupport.h"
#include "support/WebSocketClient.h"

#include <gtest/gtest.h>

using arena::test::http;
using arena::test::WebSocketClient;
using namespace rooms_test;

namespace {

class RoomsWebSocketTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<arena::test::TestServer>(
        std::vector<std::string>{"auth", "rooms"},
        rooms_sets({"rooms.rate_limits.chat_burst=2", "rooms.rate_limits.chat_per_minute=0.01"}));
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static User user(const std::string& prefix) {
    static int counter = 0;
    return register_user(port(), "ws" + prefix + std::to_string(++counter));
  }
  static std::unique_ptr<WebSocketClient> open(const User& u) { return WebSocketClient::open(port(), u.token); }

  static inline std::unique_ptr<arena::test::TestServer> server_;
};

std::string status(const std::optional<arena::test::PhoenixFrame>& reply) {
  return reply ? reply->payload.value("status", "") : "no reply";
}
std::string reason(const std::optional<arena::test::PhoenixFrame>& reply) {
  return reply && reply->payload.value("status", "") == "error" ? reply->payload["response"].value("reason", "") : "";
}
/// Sends an event and waits for its reply.
std::optional<arena::test::PhoenixFrame> request(WebSocketClient& c, const std::string& topic, const std::string& event,
                                                 const nlohmann::json& payload = nlohmann::json::object()) {
  return c.reply_to(c.send(topic, event, payload, c.join_ref_of(topic)));
}

}  // namespace

TEST_F(RoomsWebSocketTest, APrivateRoomsLifeSeenFromTheLobbyAndInside) {
  auto host = user("host"), guest = user("guest"), third = user("third"), watcher = user("watch");
  auto hc = open(host), gc = open(guest), tc = open(third), wc = open(watcher);
  ASSERT_EQ(status(wc->join("lobby")), "ok");

  // A public room over host_room: the lobby hears it.
  ASSERT_EQ(status(hc->join("lobby")), "ok");
  auto created = request(*hc, "lobby", "host_room", {{"mode", "BATTLE_ROYALE"}});
  ASSERT_EQ(status(created), "ok");
  std::string id = created->payload["response"]["room"]["id"];
  auto announced = wc->wait_for("lobby", "room_created");
  ASSERT_TRUE(announced);
  EXPECT_EQ(announced->payload["room"]["id"], id);
  std::string topic = "room:" + id;
  ASSERT_EQ(status(hc->join(topic)), "ok");
  ASSERT_EQ(status(gc->join(topic)), "ok");
  ASSERT_EQ(status(tc->join(topic)), "ok");
  auto updated = wc->wait_for("lobby", "room_updated");
  ASSERT_TRUE(updated);

  // Chat: delivered, stored, limited.
  ASSERT_EQ(status(request(*gc, topic, "chat_message", {{"body", "hi from guest"}})), "ok");
  auto heard = hc->wait_for(topic, "chat_message");
  ASSERT_TRUE(heard);
  EXPECT_EQ(heard->payload["body"], "hi from guest");
  EXPECT_TRUE(wc->quiet(topic, "chat_message", 200));  // the lobby watcher is not in the room
  ASSERT_EQ(status(request(*gc, topic, "chat_message", {{"body", "second"}})), "ok");
  EXPECT_EQ(reason(request(*gc, topic, "chat_message", {{"body", "third"}})), "rate_limited");
  EXPECT_EQ(sql_value(*server_, "SELECT count(*) FROM chat_messages WHERE room_id = '" + id + "'"), "2");

  // Start refused: not the host.
  EXPECT_EQ(reason(request(*gc, topic, "start_game")), "not_host");

  // Kick the third player: told, closed, cannot come back.
  ASSERT_EQ(status(request(*hc, topic, "kick", {{"user_id", third.id}})), "ok");
  EXPECT_TRUE(tc->wait_for(topic, "kicked"));
  EXPECT_TRUE(tc->wait_for(topic, "phx_close"));
  EXPECT_EQ(reason(tc->join(topic)), "kicked");

  // The host leaves: the guest hosts now, alone, and may not start BATTLE_ROYALE alone.
  ASSERT_EQ(status(request(*hc, topic, "leave")), "ok");
  auto changed = gc->wait_for(topic, "host_changed");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->payload["host"]["user_id"], guest.id);
  auto alone = request(*gc, topic, "start_game");
  EXPECT_EQ(reason(alone), "not_enough_players");

  // The guest leaves too: the room closes in the lobby.
  ASSERT_EQ(status(request(*gc, topic, "leave")), "ok");
  auto deleted = wc->wait_for("lobby", "room_deleted", 5000);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->payload["id"], id);
}

TEST_F(RoomsWebSocketTest, APrivateRoomRefusesWithoutTheCodeAndIsolatesItsChat) {
  auto host = user("phost"), guest = user("pguest"), stranger = user("stranger");
  auto body = nlohmann::json{{"mode", "DEBUG"}, {"visibility", "private"}};
  auto created = http("POST", port(), "/api/game", body.dump(), host.bearer());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json()["room"]["id"], code = created.json()["invite_code"];
  std::string topic = "room:" + id;
  auto hc = open(host), gc = open(guest), sc = open(stranger);
  ASSERT_EQ(status(hc->join(topic)), "ok");
  EXPECT_EQ(reason(gc->join(topic)), "invite_code_required");
  ASSERT_EQ(status(gc->join(topic, {{"invite_code", code}})), "ok");
  // A stranger in another room hears nothing of this one.
  std::string other = http("POST", port(), "/api/game", R"({"mode": "DEBUG"})", stranger.bearer()).json()["room"]["id"];
  ASSERT_EQ(status(sc->join("room:" + other)), "ok");
  ASSERT_EQ(status(request(*hc, topic, "chat_message", {{"body", "private words"}})), "ok");
  ASSERT_TRUE(gc->wait_for(topic, "chat_message"));
  EXPECT_TRUE(sc->quiet(topic, "chat_message", 300));
  EXPECT_TRUE(sc->quiet("room:" + other, "chat_message", 50));
  // DEBUG is solo-capable, but the host is not alone here anyway.
  ASSERT_EQ(status(request(*hc, topic, "start_game")), "ok");
  auto starting = gc->wait_for(topic, "game_starting");
  ASSERT_TRUE(starting);
  EXPECT_EQ(starting->payload["countdown_seconds"], 15);
}

TEST_F(RoomsWebSocketTest, ADroppedSocketRejoinsItsSeat) {
  auto host = user("rhost"), guest = user("rguest");
  std::string id = http("POST", port(), "/api/game", R"({"mode": "FASTEST"})", host.bearer()).json()["room"]["id"];
  std::string topic = "room:" + id;
  auto gc = open(guest);
  {
    auto hc = open(host);
    ASSERT_EQ(status(hc->join(topic)), "ok");
    ASSERT_EQ(status(gc->join(topic)), "ok");
  }  // the host's socket closes
  auto away = gc->wait_for(topic, "room_updated", 3000);
  ASSERT_TRUE(away);
  auto again = open(host);
  auto rejoined = again->join(topic);
  ASSERT_EQ(status(rejoined), "ok");
  EXPECT_EQ(rejoined->payload["response"]["room"]["host"]["user_id"], host.id);
  EXPECT_EQ(rejoined->payload["response"]["room"]["player_count"], 2);
  EXPECT_TRUE(gc->quiet(topic, "player_left", 1500));  // past the 1 s grace: still a member
}

TEST_F(RoomsWebSocketTest, MatchmakingPairsTwoQueuedPlayersOverTheirUserTopics) {
  auto a = user("ma"), b = user("mb");
  auto ac = open(a), bc = open(b);
  ASSERT_EQ(status(ac->join("user:" + a.id)), "ok");
  ASSERT_EQ(status(bc->join("user:" + b.id)), "ok");
  ASSERT_EQ(http("POST", port(), "/api/match/enqueue", R"({"mode": "REVERSE"})", a.bearer()).status, 200);
  ASSERT_EQ(http("POST", port(), "/api/match/enqueue", R"({"mode": "REVERSE"})", b.bearer()).status, 200);
  auto fa = ac->wait_for("user:" + a.id, "match_found", 5000);
  auto fb = bc->wait_for("user:" + b.id, "match_found", 5000);
  ASSERT_TRUE(fa && fb);
  EXPECT_EQ(fa->payload["room_id"], fb->payload["room_id"]);
  std::string topic = "room:" + fa->payload["room_id"].get<std::string>();
  ASSERT_EQ(status(ac->join(topic)), "ok");
  ASSERT_EQ(status(bc->join(topic)), "ok");
  EXPECT_TRUE(ac->wait_for(topic, "game_starting"));
}
