// The rooms plugin end to end in a real host: HTTP routes, the channel registry's Phoenix
// messages, PostgreSQL (chat rows, ratings, block lists) and the matcher's thread.
#include "GameModes.h"
#include "RoomsTestSupport.h"

#include <gtest/gtest.h>

using arena::test::http;
using namespace rooms_test;

namespace {

class RoomsChannelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<arena::test::TestServer>(
        std::vector<std::string>{"auth", "rooms"},
        rooms_sets({"rooms.rate_limits.chat_burst=3", "rooms.rate_limits.chat_per_minute=0.01"}));
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static arena::host::realtime::ChannelRegistry& registry() { return server_->host().channels(); }

  /// A fresh user (names are unique across the suite).
  static User user(const std::string& prefix) {
    static int counter = 0;
    return register_user(port(), prefix + std::to_string(++counter));
  }
  static std::shared_ptr<RegistrySocket> socket(const User& u) { return RegistrySocket::connect(registry(), u); }

  /// Creates a room over HTTP; returns {"room", "invite_code"?}.
  static nlohmann::json create_room(const User& host, nlohmann::json body = {{"mode", "FASTEST"}}) {
    auto result = http("POST", port(), "/api/game", body.dump(), host.bearer());
    EXPECT_EQ(result.status, 201) << result.body;
    return result.json();
  }

  static inline std::unique_ptr<arena::test::TestServer> server_;
};

bool ok(const nlohmann::json& reply) {
  return reply.value("status", "") == "ok";
}
std::string reason(const nlohmann::json& reply) {
  return reply.value("status", "") == "error" ? reply["response"].value("reason", "") : "(not an error)";
}
auto for_room(const std::string& id) {
  return [id](const PhoenixMessage& m) {
    return m.payload.value("id", "") == id || (m.payload.contains("room") && m.payload["room"].value("id", "") == id);
  };
}

}  // namespace

TEST_F(RoomsChannelTest, TheLobbyListsOpenRoomsAndHearsThemOpenAndClose) {
  auto watcher = user("watcher");
  auto host = user("host");
  auto lobby = socket(watcher);
  auto joined = lobby->join("lobby");
  ASSERT_TRUE(ok(joined)) << joined.dump();
  EXPECT_TRUE(joined["response"]["rooms"].is_array());
  EXPECT_EQ(joined["response"]["modes"].size(), 12u);

  auto created = create_room(host);
  std::string id = created["room"]["id"];
  auto announced = lobby->wait_for("lobby", "room_created", for_room(id));
  ASSERT_TRUE(announced);
  EXPECT_EQ(announced->payload["room"]["host"]["username"], host.username);

  auto listed = http("GET", port(), "/api/game").json()["rooms"];
  EXPECT_TRUE(std::any_of(listed.begin(), listed.end(), [&](const auto& r) { return r["id"] == id; }));
  EXPECT_EQ(http("GET", port(), "/api/game/" + id).status, 200);

  auto host_socket = socket(host);
  ASSERT_TRUE(ok(host_socket->join("room:" + id)));
  ASSERT_TRUE(ok(host_socket->request("room:" + id, "leave")));
  auto deleted = lobby->wait_for("lobby", "room_deleted", for_room(id));
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->payload["reason"], "empty");
  EXPECT_EQ(http("GET", port(), "/api/game/" + id).status, 404);
}

TEST_F(RoomsChannelTest, HostRoomOnTheLobbyCreatesARoom) {
  auto host = user("lobbyhost");
  auto s = socket(host);
  ASSERT_TRUE(ok(s->join("lobby")));
  auto reply = s->request("lobby", "host_room", {{"mode", "BLITZ"}, {"visibility", "private"}, {"max_players", 4}});
  ASSERT_TRUE(ok(reply)) << reply.dump();
  EXPECT_EQ(reply["response"]["room"]["mode"], "BLITZ");
  EXPECT_EQ(reply["response"]["invite_code"].get<std::string>().size(), 8u);
  auto bad = s->request("lobby", "host_room", {{"mode", "CHESS"}});
  EXPECT_EQ(reason(bad), "validation_error");
}

TEST_F(RoomsChannelTest, APrivateRoomRefusesWithoutItsCode) {
  auto host = user("private");
  auto guest = user("guest");
  auto created = create_room(host, {{"mode", "FASTEST"}, {"visibility", "private"}});
  std::string id = created["room"]["id"];
  std::string code = created["invite_code"];
  auto listed = http("GET", port(), "/api/game").json()["rooms"];
  EXPECT_FALSE(std::any_of(listed.begin(), listed.end(), [&](const auto& r) { return r["id"] == id; }));

  auto s = socket(guest);
  EXPECT_EQ(reason(s->join("room:" + id)), "invite_code_required");
  EXPECT_EQ(reason(s->join("room:" + id, {{"invite_code", "WRONG000"}})), "invalid_invite_code");
  EXPECT_EQ(http("GET", port(), "/api/game/" + id, "", guest.bearer()).status, 404);
  EXPECT_EQ(http("GET", port(), "/api/game/" + id + "?invite_code=" + code, "", guest.bearer()).status, 200);
  EXPECT_EQ(http("GET", port(), "/api/game/" + id, "", host.bearer()).json()["invite_code"], code);
  auto joined = s->join("room:" + id, {{"invite_code", code}});
  ASSERT_TRUE(ok(joined)) << joined.dump();
  EXPECT_EQ(joined["response"]["room"]["player_count"], 2);
}

TEST_F(RoomsChannelTest, TheHostKicksAndTheKickedCannotReturn) {
  auto host = user("kicker");
  auto victim = user("victim");
  auto other = user("other");
  std::string id = create_room(host)["room"]["id"];
  std::string topic = "room:" + id;
  auto hs = socket(host), vs = socket(victim), os = socket(other);
  ASSERT_TRUE(ok(hs->join(topic)));
  ASSERT_TRUE(ok(vs->join(topic)));
  ASSERT_TRUE(ok(os->join(topic)));

  EXPECT_EQ(reason(os->request(topic, "kick", {{"user_id", victim.id}})), "not_host");
  ASSERT_TRUE(ok(hs->request(topic, "kick", {{"user_id", victim.id}})));
  EXPECT_TRUE(vs->wait_for(topic, "kicked"));
  EXPECT_TRUE(vs->wait_for(topic, "phx_close"));
  auto left = os->wait_for(topic, "player_left");
  ASSERT_TRUE(left);
  EXPECT_EQ(left->payload["reason"], "kicked");
  EXPECT_EQ(left->payload["player"]["user_id"], victim.id);
  EXPECT_EQ(reason(vs->join(topic)), "kicked");
}

TEST_F(RoomsChannelTest, TheEarliestJoinedMemberTakesOverWhenTheHostLeaves) {
  auto host = user("first");
  auto second = user("second");
  auto third = user("third");
  std::string id = create_room(host)["room"]["id"];
  std::string topic = "room:" + id;
  auto hs = socket(host), s2 = socket(second), s3 = socket(third);
  ASSERT_TRUE(ok(hs->join(topic)));
  ASSERT_TRUE(ok(s2->join(topic)));
  ASSERT_TRUE(ok(s3->join(topic)));
  ASSERT_TRUE(ok(hs->request(topic, "leave")));
  auto changed = s3->wait_for(topic, "host_changed");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->payload["host"]["user_id"], second.id);
  // The new host may now start; the old one is gone.
  EXPECT_EQ(reason(s3->request(topic, "start_game")), "not_host");
  EXPECT_TRUE(ok(s2->request(topic, "start_game")));
}

TEST_F(RoomsChannelTest, ChatIsStoredRateLimitedAndHiddenFromThoseWhoBlockedTheSender) {
  auto sender = user("talker");
  auto friendly = user("friendly");
  auto blocker = user("blocker");
  // blocker blocks sender (the auth plugin's preferences row).
  sql_value(*server_, "INSERT INTO preferences (user_id, blocked_users) VALUES ('" + blocker.id + "', ARRAY['" +
                          sender.id +
                          "']::uuid[]) ON CONFLICT (user_id) DO UPDATE SET blocked_users = "
                          "EXCLUDED.blocked_users RETURNING 1");
  std::string id = create_room(sender)["room"]["id"];
  std::string topic = "room:" + id;
  auto ss = socket(sender), fs = socket(friendly), bs = socket(blocker);
  ASSERT_TRUE(ok(ss->join(topic)));
  ASSERT_TRUE(ok(fs->join(topic)));
  ASSERT_TRUE(ok(bs->join(topic)));

  EXPECT_EQ(reason(ss->request(topic, "chat_message", {{"body", "   "}})), "invalid");
  EXPECT_EQ(reason(ss->request(topic, "chat_message", {{"body", std::string(501, 'x')}})), "invalid");
  auto sent = ss->request(topic, "chat_message", {{"body", "  hello all  "}});
  ASSERT_TRUE(ok(sent)) << sent.dump();
  EXPECT_EQ(sent["response"]["message"]["body"], "hello all");
  auto got = fs->wait_for(topic, "chat_message");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload["body"], "hello all");
  EXPECT_EQ(got->payload["username"], sender.username);
  ASSERT_TRUE(ok(ss->request(topic, "chat_message", {{"body", std::string(500, 'y')}})));
  ASSERT_TRUE(ok(fs->request(topic, "chat_message", {{"body", "from friendly"}})));
  // The blocker saw friendly's message but none of sender's.
  ASSERT_TRUE(bs->wait_for(topic, "chat_message",
                           [](const PhoenixMessage& m) { return m.payload["body"] == "from friendly"; }));
  for (const auto& m : bs->all("chat_message", topic)) EXPECT_NE(m.payload["user_id"], sender.id);

  // Burst of 3, then refused with the wait.
  ASSERT_TRUE(ok(ss->request(topic, "chat_message", {{"body", "third"}})));
  auto limited = ss->request(topic, "chat_message", {{"body", "fourth"}});
  EXPECT_EQ(reason(limited), "rate_limited");
  EXPECT_GE(limited["response"].value("retry_after", 0), 1);

  EXPECT_EQ(sql_value(*server_, "SELECT count(*) FROM chat_messages WHERE room_id = '" + id + "' AND user_id = '" +
                                    sender.id + "'"),
            "3");
  EXPECT_EQ(
      sql_value(*server_, "SELECT body FROM chat_messages WHERE room_id = '" + id + "' ORDER BY created_at LIMIT 1"),
      "hello all");
  // A late joiner gets the history.
  auto late = user("late");
  auto ls = socket(late);
  auto joined = ls->join(topic);
  ASSERT_TRUE(ok(joined));
  EXPECT_EQ(joined["response"]["messages"].size(), 4u);
}

TEST_F(RoomsChannelTest, ChatNeverReachesASocketOutsideTheRoom) {
  auto a = user("isoa"), b = user("isob");
  std::string room1 = create_room(a)["room"]["id"];
  std::string room2 = create_room(b)["room"]["id"];
  auto as = socket(a), bs = socket(b);
  ASSERT_TRUE(ok(as->join("room:" + room1)));
  ASSERT_TRUE(ok(bs->join("room:" + room2)));
  ASSERT_TRUE(ok(bs->join("lobby")));
  // b tries to talk in room 1 without having joined it.
  auto sneaky = bs->request("room:" + room1, "chat_message", {{"body", "psst"}});
  EXPECT_NE(sneaky.value("status", ""), "ok");
  ASSERT_TRUE(ok(as->request("room:" + room1, "chat_message", {{"body", "secret of room 1"}})));
  ASSERT_TRUE(ok(bs->request("room:" + room2, "chat_message", {{"body", "room 2 here"}})));
  // b's socket got its own room's message, which was sent after room 1's: room 1's would be here.
  ASSERT_TRUE(bs->wait_for("room:" + room2, "chat_message"));
  for (const auto& m : bs->all("chat_message")) EXPECT_NE(m.payload["body"], "secret of room 1");
  EXPECT_TRUE(bs->all("chat_message", "room:" + room1).empty());
  EXPECT_EQ(as->all("chat_message").size(), 1u);
}

TEST_F(RoomsChannelTest, StartNeedsTheHostAndEnoughPlayers) {
  auto host = user("starter");
  auto guest = user("joiner");
  // BATTLE_ROYALE needs two players (most modes may be practised alone).
  std::string id = create_room(host, {{"mode", "BATTLE_ROYALE"}})["room"]["id"];
  std::string topic = "room:" + id;
  std::mutex mutex;
  std::vector<nlohmann::json> started;
  auto subscription = server_->host().events().subscribe("room.started", [&](const arena::Event& e) {
    std::lock_guard lock(mutex);
    started.push_back(e.payload);
  });
  auto hs = socket(host), gs = socket(guest);
  ASSERT_TRUE(ok(hs->join(topic)));
  auto alone = hs->request(topic, "start_game");
  EXPECT_EQ(reason(alone), "not_enough_players");
  EXPECT_EQ(alone["response"]["min_players"], 2);
  ASSERT_TRUE(ok(gs->join(topic)));
  EXPECT_EQ(reason(gs->request(topic, "start_game")), "not_host");
  auto reply = hs->request(topic, "start_game");
  ASSERT_TRUE(ok(reply)) << reply.dump();
  auto starting = gs->wait_for(topic, "game_starting");
  ASSERT_TRUE(starting);
  EXPECT_EQ(starting->payload["countdown_seconds"], 15);
  server_->host().events().unsubscribe(subscription);
  std::lock_guard lock(mutex);
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0]["room"]["id"], id);
  EXPECT_EQ(started[0]["members"].size(), 2u);
}

TEST_F(RoomsChannelTest, AReconnectKeepsTheMembershipAndTheGracePeriodEndsIt) {
  auto host = user("rehost");
  auto guest = user("reguest");
  std::string id = create_room(host)["room"]["id"];
  std::string topic = "room:" + id;
  auto hs = socket(host), gs = socket(guest);
  ASSERT_TRUE(ok(hs->join(topic)));
  ASSERT_TRUE(ok(gs->join(topic)));
  hs->disconnect();
  auto away = gs->wait_for(topic, "room_updated", [&](const PhoenixMessage& m) {
    return m.payload["room"]["players"][0]["connected"] == false;
  });
  ASSERT_TRUE(away);
  auto again = socket(host);
  auto rejoined = again->join(topic);
  ASSERT_TRUE(ok(rejoined));
  EXPECT_EQ(rejoined["response"]["room"]["host"]["user_id"], host.id);
  EXPECT_EQ(rejoined["response"]["room"]["player_count"], 2);
  EXPECT_TRUE(gs->all("player_left", topic).empty());
  EXPECT_EQ(gs->all("player_joined", topic).size(), 0u);  // gs joined after the host; no second join

  // The guest drops and does not come back within the grace period (1 s here).
  gs->disconnect();
  auto gone = again->wait_for(
      topic, "player_left", [](const PhoenixMessage&) { return true; }, std::chrono::seconds(10));
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->payload["reason"], "timeout");
  EXPECT_EQ(gone->payload["player"]["user_id"], guest.id);
}

TEST_F(RoomsChannelTest, AnEmptyRoomGoesAfterTheGracePeriod) {
  auto host = user("leaver");
  auto watcher = user("lobbyist");
  auto lobby = socket(watcher);
  ASSERT_TRUE(ok(lobby->join("lobby")));
  std::string id = create_room(host)["room"]["id"];
  auto hs = socket(host);
  ASSERT_TRUE(ok(hs->join("room:" + id)));
  hs->disconnect();
  auto deleted = lobby->wait_for("lobby", "room_deleted", for_room(id), std::chrono::seconds(10));
  ASSERT_TRUE(deleted);
  EXPECT_EQ(http("GET", port(), "/api/game/" + id).status, 404);
}

TEST_F(RoomsChannelTest, PresenceTracksRoomMembers) {
  auto host = user("present");
  std::string id = create_room(host)["room"]["id"];
  auto hs = socket(host);
  ASSERT_TRUE(ok(hs->join("room:" + id)));
  auto state = hs->wait_for("room:" + id, "presence_state");
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->payload.contains(host.id)) << state->payload.dump();
}

TEST_F(RoomsChannelTest, CreateValidatesAndNeedsAUser) {
  auto host = user("validator");
  EXPECT_EQ(http("POST", port(), "/api/game", R"({"mode": "FASTEST"})").status, 401);
  auto bad = http("POST", port(), "/api/game", R"({"mode": "CHESS", "max_players": 99})", host.bearer());
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(bad.json()["error"]["details"].contains("mode"));
  EXPECT_TRUE(bad.json()["error"]["details"].contains("max_players"));
  auto good = create_room(host, {{"mode", "FASTEST"},
                                 {"difficulty", "EASY"},
                                 {"max_players", 2},
                                 {"duration_seconds", 600},
                                 {"allowed_languages", {"python"}},
                                 {"rated", true}});
  EXPECT_EQ(good["room"]["puzzle"]["difficulty"], "EASY");
  EXPECT_EQ(good["room"]["allowed_languages"], nlohmann::json({"python"}));
}

TEST_F(RoomsChannelTest, MatchmakingPairsCloseRatingsAndNotFarOnes) {
  auto a = user("mma"), b = user("mmb"), far = user("mmfar");
  sql_value(*server_,
            "INSERT INTO ratings (user_id, mode, rating) VALUES ('" + far.id + "', 'SHORTEST', 2000) RETURNING 1");
  auto as = socket(a), bs = socket(b), fs = socket(far);
  ASSERT_TRUE(ok(as->join("user:" + a.id)));
  ASSERT_TRUE(ok(bs->join("user:" + b.id)));
  ASSERT_TRUE(ok(fs->join("user:" + far.id)));
  EXPECT_EQ(reason(as->join("user:" + b.id)), "forbidden");

  auto queued = http("POST", port(), "/api/match/enqueue", R"({"mode": "shortest"})", far.bearer());
  ASSERT_EQ(queued.status, 200) << queued.body;
  EXPECT_EQ(queued.json()["rating"], 2000);
  ASSERT_EQ(http("POST", port(), "/api/match/enqueue", R"({"mode": "SHORTEST"})", a.bearer()).status, 200);
  ASSERT_EQ(http("POST", port(), "/api/match/enqueue", R"({"mode": "SHORTEST"})", b.bearer()).status, 200);
  auto found_a = as->wait_for("user:" + a.id, "match_found");
  auto found_b = bs->wait_for("user:" + b.id, "match_found");
  ASSERT_TRUE(found_a && found_b);
  std::string room_id = found_a->payload["room_id"];
  EXPECT_EQ(found_b->payload["room_id"], room_id);
  EXPECT_EQ(found_a->payload["players"].size(), 2u);
  // far (2000) is still waiting: 800 apart is beyond the first windows.
  EXPECT_EQ(http("GET", port(), "/api/match", "", far.bearer()).json()["queued"], true);
  EXPECT_TRUE(fs->all("match_found").empty());
  auto status = http("GET", port(), "/api/match", "", a.bearer()).json();
  EXPECT_EQ(status["queued"], false);
  EXPECT_EQ(status["match"]["room_id"], room_id);  // for a client that missed the push
  EXPECT_EQ(http("POST", port(), "/api/match/dequeue", "", far.bearer()).json()["dequeued"], true);
  EXPECT_EQ(http("GET", port(), "/api/match", "", far.bearer()).json()["queued"], false);

  // The matched room: private to them, starts once both are in.
  auto outsider = socket(far);
  EXPECT_EQ(reason(outsider->join("room:" + room_id)), "not_found");
  ASSERT_TRUE(ok(as->join("room:" + room_id)));
  ASSERT_TRUE(ok(bs->join("room:" + room_id)));
  EXPECT_TRUE(as->wait_for("room:" + room_id, "game_starting"));
  EXPECT_EQ(http("POST", port(), "/api/match/enqueue", R"({"mode": "CHESS"})", a.bearer()).status, 422);
}

TEST_F(RoomsChannelTest, LoadedModesReplaceTheBuiltInListAndReachTheLobby) {
  auto watcher = user("modes");
  auto lobby = socket(watcher);
  ASSERT_TRUE(ok(lobby->join("lobby")));
  nlohmann::json modes = nlohmann::json::array();
  auto builtin = rooms::builtin_modes();
  for (const auto& m : builtin.all())
    modes.push_back({{"name", m.name},
                     {"min_players", m.min_players},
                     {"max_players", m.max_players},
                     {"duration", m.default_duration_s}});
  auto with_new = modes;
  with_new.push_back({{"name", "CODEGOLF"}, {"min_players", 3}, {"max_players", 10}, {"duration", 600}});
  server_->host().events().publish("modes.loaded", {{"modes", with_new}});
  auto announced = lobby->wait_for("lobby", "modes");
  ASSERT_TRUE(announced);
  EXPECT_EQ(announced->payload["modes"].size(), 13u);
  auto host = user("golfer");
  auto room = create_room(host, {{"mode", "codegolf"}});
  EXPECT_EQ(room["room"]["duration_seconds"], 600);
  // A bad payload is ignored; the list stays.
  server_->host().events().publish("modes.loaded", {{"modes", "nope"}});
  EXPECT_EQ(http("POST", port(), "/api/game", R"({"mode": "CODEGOLF"})", host.bearer()).status, 201);
  server_->host().events().publish("modes.loaded", {{"modes", modes}});
  EXPECT_EQ(http("POST", port(), "/api/game", R"({"mode": "CODEGOLF"})", host.bearer()).status, 422);
}

TEST_F(RoomsChannelTest, ARatedGameChangesRatingsOnceAndFillsTheLeaderboard) {
  auto winner = user("elowin");
  auto loser = user("elolose");
  std::string id = create_room(winner, {{"mode", "SHORTEST"}, {"rated", true}})["room"]["id"];
  std::string topic = "room:" + id;
  auto ws = socket(winner), ls = socket(loser);
  ASSERT_TRUE(ok(ws->join(topic)));
  ASSERT_TRUE(ok(ls->join(topic)));
  ASSERT_TRUE(ok(ws->request(topic, "start_game")));
  // What the game loop publishes when the game ends (tests/live_games covers the real one).
  nlohmann::json finished = {
      {"game_id", "7d6b4f7e-4f5e-4c55-9c59-3e2f1a0b9c01"},
      {"room_id", id},
      {"mode", "SHORTEST"},
      {"state", "finished"},
      {"standings", {{{"player", winner.id}, {"place", 1}}, {{"player", loser.id}, {"place", 2}}}}};
  server_->host().events().publish("game.finished", finished);
  auto updated = ls->wait_for(topic, "ratings_updated");
  ASSERT_TRUE(updated);
  auto changes = updated->payload["changes"];
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0]["user_id"], winner.id);
  EXPECT_EQ(changes[0]["before"], 1200);
  EXPECT_EQ(changes[0]["after"], 1216);
  EXPECT_EQ(changes[1]["after"], 1184);
  EXPECT_TRUE(ls->wait_for(topic, "game_finished"));

  // A replayed event changes nothing.
  server_->host().events().publish("game.finished", finished);
  auto board = http("GET", port(), "/api/leaderboard?mode=shortest").json();
  ASSERT_EQ(board["players"].size(), 2u) << board.dump();
  EXPECT_EQ(board["players"][0]["username"], winner.username);
  EXPECT_EQ(board["players"][0]["rating"], 1216);
  EXPECT_EQ(board["players"][0]["games"], 1);
  EXPECT_EQ(board["players"][1]["rank"], 2);
  EXPECT_EQ(board["players"][1]["rating"], 1184);
  EXPECT_TRUE(http("GET", port(), "/api/leaderboard?mode=FASTEST").json()["players"].empty());
  auto bad = http("GET", port(), "/api/leaderboard?mode=CHESS&page_size=500");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(bad.json()["error"]["details"].contains("mode"));
  EXPECT_TRUE(bad.json()["error"]["details"].contains("page_size"));
}

TEST_F(RoomsChannelTest, AnUnratedGameKeepsRatings) {
  auto a = user("calm");
  auto b = user("quiet");
  std::string id = create_room(a, {{"mode", "HARDCORE"}})["room"]["id"];
  std::string topic = "room:" + id;
  auto as = socket(a), bs = socket(b);
  ASSERT_TRUE(ok(as->join(topic)));
  ASSERT_TRUE(ok(bs->join(topic)));
  ASSERT_TRUE(ok(as->request(topic, "start_game")));
  server_->host().events().publish(
      "game.finished", {{"game_id", "7d6b4f7e-4f5e-4c55-9c59-3e2f1a0b9c02"},
                        {"room_id", id},
                        {"state", "finished"},
                        {"standings", {{{"player", a.id}, {"place", 1}}, {{"player", b.id}, {"place", 2}}}}});
  EXPECT_TRUE(bs->wait_for(topic, "game_finished"));
  EXPECT_TRUE(bs->all("ratings_updated", topic).empty());
  EXPECT_TRUE(http("GET", port(), "/api/leaderboard?mode=HARDCORE").json()["players"].empty());
}
