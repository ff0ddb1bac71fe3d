// The rooms plugin's plain classes, without sockets or a database: the registry's rules,
// the matchmaker with an injected clock, options, rate limits.
#include "Elo.h"
#include "Matchmaker.h"
#include "RoomOptions.h"
#include "RoomRegistry.h"
#include "RoomService.h"

#include <arena/HttpError.h>

#include <gtest/gtest.h>

using namespace rooms;
using namespace std::chrono_literals;

namespace {

/// A clock tests move by hand.
struct FakeClock {
  TimePoint now{std::chrono::hours(1000)};
  RoomRegistry::Clock fn() {
    return [this] { return now; };
  }
};

const Player alice{"00000000-0000-4000-8000-00000000000a", "alice"};
const Player bob{"00000000-0000-4000-8000-00000000000b", "bob"};
const Player carol{"00000000-0000-4000-8000-00000000000c", "carol"};
const Player dave{"00000000-0000-4000-8000-00000000000d", "dave"};

RoomOptions options(const std::string& mode = "FASTEST", bool is_private = false, std::size_t max_players = 8) {
  RoomOptions o;
  o.mode = mode;
  o.is_private = is_private;
  o.max_players = max_players;
  return o;
}

std::size_t min_players(const std::string& mode) {
  return builtin_modes().find(mode)->min_players;
}

/// Items of an outbox with this event (and topic, when given).
std::vector<Outgoing> sent(const Outbox& out, const std::string& event, const std::string& topic = "") {
  std::vector<Outgoing> found;
  for (const auto& item : out.items()) {
    if (item.event == event && (topic.empty() || item.topic == topic)) found.push_back(item);
  }
  return found;
}

std::string error_reason(const std::function<void()>& work) {
  try {
    work();
  } catch (const RoomError& e) {
    return e.reason();
  }
  return "no error";
}

class RoomRegistryTest : public ::testing::Test {
 protected:
  FakeClock clock;
  RoomRegistry registry{30s, 15, min_players, clock.fn()};
  std::uint64_t next_socket = 1;

  std::string create(const Player& host, const RoomOptions& o = options()) {
    Outbox out;
    return registry.create(o, host, out).id;
  }
  Outbox join(const std::string& id, const Player& p, std::uint64_t socket = 0, const std::string& code = "") {
    Outbox out;
    registry.join(id, p, socket ? socket : next_socket++, code, out);
    return out;
  }
  nlohmann::json room(const std::string& id, const std::string& viewer) {
    return registry.view(id, viewer, "").value()["room"];
  }
};

}  // namespace

TEST_F(RoomRegistryTest, APublicRoomIsAnnouncedInTheLobbyAndListed) {
  Outbox out;
  auto created = registry.create(options(), alice, out);
  auto announced = sent(out, "room_created", "lobby");
  ASSERT_EQ(announced.size(), 1u);
  EXPECT_EQ(announced[0].payload["room"]["id"], created.id);
  EXPECT_EQ(announced[0].payload["room"]["host"]["username"], "alice");
  EXPECT_TRUE(created.invite_code.empty());
  ASSERT_EQ(registry.open_rooms().size(), 1u);
  EXPECT_EQ(registry.open_rooms()[0]["id"], created.id);
}

TEST_F(RoomRegistryTest, APrivateRoomIsNotListedAndNeedsItsCode) {
  Outbox out;
  auto created = registry.create(options("FASTEST", true), alice, out);
  EXPECT_TRUE(sent(out, "room_created", "lobby").empty());
  EXPECT_EQ(registry.open_rooms().size(), 0u);
  ASSERT_EQ(created.invite_code.size(), 8u);
  EXPECT_EQ(error_reason([&] { join(created.id, bob); }), "invite_code_required");
  EXPECT_EQ(error_reason([&] { join(created.id, bob, 0, "WRONG123"); }), "invalid_invite_code");
  EXPECT_FALSE(registry.view(created.id, bob.user_id, "").has_value());
  EXPECT_TRUE(registry.view(created.id, alice.user_id, "").has_value());
  std::string lower = created.invite_code;
  for (auto& c : lower) c = static_cast<char>(std::tolower(c));
  auto out2 = join(created.id, bob, 0, lower);
  EXPECT_EQ(sent(out2, "player_joined").size(), 1u);
  EXPECT_EQ(registry.view(created.id, bob.user_id, "").value()["invite_code"], created.invite_code);
}

TEST_F(RoomRegistryTest, JoiningAnnouncesThePlayerAndUpdatesTheLobby) {
  auto id = create(alice);
  join(id, alice);
  auto out = join(id, bob);
  ASSERT_EQ(sent(out, "player_joined", "room:" + id).size(), 1u);
  EXPECT_EQ(sent(out, "player_joined")[0].payload["player"]["username"], "bob");
  auto lobby = sent(out, "room_updated", "lobby");
  ASSERT_EQ(lobby.size(), 1u);
  EXPECT_EQ(lobby[0].payload["room"]["player_count"], 2);
}

TEST_F(RoomRegistryTest, AFullRoomAndAStartedRoomRefuseNewcomers) {
  auto id = create(alice, options("FASTEST", false, 2));
  join(id, alice);
  join(id, bob);
  EXPECT_EQ(error_reason([&] { join(id, carol); }), "room_full");
  auto id2 = create(carol);
  join(id2, carol);
  join(id2, alice);
  Outbox out;
  registry.start(id2, carol.user_id, out);
  EXPECT_EQ(error_reason([&] { join(id2, dave); }), "already_started");
  EXPECT_EQ(error_reason([&] { join("no-such-room", dave); }), "not_found");
}

TEST_F(RoomRegistryTest, OnlyTheHostKicksAndTheKickedCannotReturn) {
  auto id = create(alice);
  join(id, alice, 1);
  join(id, bob, 2);
  join(id, carol, 3);
  Outbox refused;
  EXPECT_EQ(error_reason([&] { registry.kick(id, bob.user_id, carol.user_id, refused); }), "not_host");
  EXPECT_EQ(error_reason([&] { registry.kick(id, alice.user_id, alice.user_id, refused); }), "invalid");
  Outbox out;
  registry.kick(id, alice.user_id, bob.user_id, out);
  auto told = sent(out, "kicked");
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].kind, Outgoing::Kind::PushUser);
  EXPECT_EQ(told[0].user_id, bob.user_id);
  bool socket_kicked = false;
  for (const auto& item : out.items()) socket_kicked |= item.kind == Outgoing::Kind::Kick && item.socket_id == 2;
  EXPECT_TRUE(socket_kicked);
  auto left = sent(out, "player_left");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].payload["reason"], "kicked");
  EXPECT_FALSE(registry.member(id, bob.user_id).has_value());
  EXPECT_EQ(error_reason([&] { join(id, bob); }), "kicked");
}

TEST_F(RoomRegistryTest, TheEarliestJoinedRemainingMemberBecomesHost) {
  auto id = create(alice);
  join(id, alice);
  join(id, bob);
  join(id, carol);
  Outbox out;
  registry.leave(id, alice.user_id, out);
  auto changed = sent(out, "host_changed");
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].payload["host"]["user_id"], bob.user_id);
  EXPECT_EQ(room(id, bob.user_id)["host"]["username"], "bob");
  Outbox out2;
  registry.leave(id, bob.user_id, out2);
  EXPECT_EQ(room(id, carol.user_id)["host"]["username"], "carol");
}

TEST_F(RoomRegistryTest, TheLastMemberLeavingDeletesTheRoom) {
  auto id = create(alice);
  join(id, alice);
  Outbox out;
  registry.leave(id, alice.user_id, out);
  auto deleted = sent(out, "room_deleted", "lobby");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].payload["id"], id);
  EXPECT_EQ(deleted[0].payload["reason"], "empty");
  EXPECT_EQ(registry.size(), 0u);
}

TEST_F(RoomRegistryTest, AReconnectWithinTheGracePeriodKeepsTheMembership) {
  auto id = create(alice);
  join(id, alice, 1);
  join(id, bob, 2);
  Outbox out;
  registry.socket_left(id, alice.user_id, 1, out);
  EXPECT_EQ(room(id, bob.user_id)["players"][0]["connected"], false);
  clock.now += 29s;
  Outbox swept;
  registry.sweep(swept);
  EXPECT_TRUE(swept.empty());
  auto back = join(id, alice, 7);
  EXPECT_TRUE(sent(back, "player_joined").empty());
  auto r = room(id, alice.user_id);
  EXPECT_EQ(r["host"]["username"], "alice");
  EXPECT_EQ(r["players"][0]["connected"], true);
  clock.now += 60s;
  Outbox later;
  registry.sweep(later);
  EXPECT_TRUE(registry.member(id, alice.user_id).has_value());
}

TEST_F(RoomRegistryTest, AwayMembersExpireAndEmptyRoomsGoAfterTheGracePeriod) {
  auto id = create(alice);
  join(id, alice, 1);
  join(id, bob, 2);
  Outbox out;
  registry.socket_left(id, alice.user_id, 1, out);
  clock.now += 30s;
  Outbox swept;
  registry.sweep(swept);
  auto left = sent(swept, "player_left");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].payload["reason"], "timeout");
  EXPECT_EQ(sent(swept, "host_changed").size(), 1u);
  registry.socket_left(id, bob.user_id, 2, out);
  clock.now += 31s;
  Outbox last;
  registry.sweep(last);
  EXPECT_EQ(sent(last, "room_deleted", "lobby").size(), 1u);
  EXPECT_EQ(registry.size(), 0u);
}

TEST_F(RoomRegistryTest, ARoomCreatedOverHttpWaitsTheGracePeriodForItsHost) {
  auto id = create(alice);
  clock.now += 20s;
  join(id, alice);
  clock.now += 60s;
  Outbox out;
  registry.sweep(out);
  EXPECT_EQ(registry.size(), 1u);
  auto id2 = create(bob);
  clock.now += 31s;
  registry.sweep(out);
  EXPECT_FALSE(registry.view(id2, bob.user_id, "").has_value());
}

TEST_F(RoomRegistryTest, StartNeedsTheHostAndTheModesMinimumOfConnectedPlayers) {
  auto id = create(alice);
  join(id, alice, 1);
  Outbox out;
  EXPECT_EQ(error_reason([&] { registry.start(id, alice.user_id, out); }), "not_enough_players");
  join(id, bob, 2);
  EXPECT_EQ(error_reason([&] { registry.start(id, bob.user_id, out); }), "not_host");
  EXPECT_EQ(error_reason([&] { registry.start(id, carol.user_id, out); }), "not_a_member");
  registry.socket_left(id, bob.user_id, 2, out);  // away players do not count
  EXPECT_EQ(error_reason([&] { registry.start(id, alice.user_id, out); }), "not_enough_players");
  join(id, bob, 3);
  Outbox started;
  auto reply = registry.start(id, alice.user_id, started);
  EXPECT_EQ(reply["room"]["state"], "starting");
  auto starting = sent(started, "game_starting", "room:" + id);
  ASSERT_EQ(starting.size(), 1u);
  EXPECT_EQ(starting[0].payload["countdown_seconds"], 15);
  auto hook = sent(started, "room.started");
  ASSERT_EQ(hook.size(), 1u);
  EXPECT_EQ(hook[0].kind, Outgoing::Kind::Publish);
  EXPECT_EQ(hook[0].payload["members"].size(), 2u);
  EXPECT_EQ(sent(started, "room_deleted", "lobby")[0].payload["reason"], "started");
  EXPECT_EQ(registry.open_rooms().size(), 0u);
  EXPECT_EQ(error_reason([&] { registry.start(id, alice.user_id, out); }), "already_started");
}

TEST_F(RoomRegistryTest, ASoloCapableModeStartsWithOnePlayer) {
  auto id = create(alice, options("DEBUG"));
  join(id, alice);
  Outbox out;
  EXPECT_EQ(registry.start(id, alice.user_id, out)["room"]["state"], "starting");
}

TEST_F(RoomRegistryTest, AMatchedRoomAdmitsOnlyItsPlayersAndStartsWhenAllAreThere) {
  Outbox out;
  auto created = registry.create(options("FASTEST", true, 2), alice, out, {bob}, /*matched=*/true);
  EXPECT_TRUE(sent(out, "room_created", "lobby").empty());
  EXPECT_EQ(error_reason([&] { join(created.id, carol, 0, created.invite_code); }), "not_found");
  auto first = join(created.id, alice);
  EXPECT_TRUE(sent(first, "game_starting").empty());
  auto second = join(created.id, bob);
  EXPECT_EQ(sent(second, "game_starting").size(), 1u);
  // After the game the room waits; its players coming back do not start another game by
  // themselves (the host starts a rematch).
  Outbox over;
  registry.game_over(created.id, "game-1", over);
  Outbox away;
  registry.socket_left(created.id, bob.user_id, 2, away);
  EXPECT_TRUE(sent(join(created.id, bob, 5), "game_starting").empty());
  EXPECT_EQ(room(created.id, alice.user_id)["state"], "waiting");
}

TEST_F(RoomRegistryTest, TheGameLoopsEventsShowTheGameAndReopenTheRoom) {
  auto id = create(alice);
  join(id, alice, 1);
  join(id, bob, 2);
  Outbox started;
  registry.start(id, alice.user_id, started);
  Outbox created;
  registry.game_created(id, "game-1", created);
  EXPECT_EQ(sent(created, "room_updated", "room:" + id)[0].payload["room"]["game_id"], "game-1");
  EXPECT_TRUE(sent(created, "room_updated", "lobby").empty()) << "a started room is not in the lobby";
  Outbox over;
  registry.game_over(id, "game-1", over);
  auto finished = sent(over, "game_finished", "room:" + id);
  ASSERT_EQ(finished.size(), 1u);
  EXPECT_EQ(finished[0].payload["game_id"], "game-1");
  EXPECT_EQ(room(id, alice.user_id)["state"], "waiting");
  EXPECT_EQ(sent(over, "room_updated", "lobby").size(), 1u) << "a public room is listed again";
  EXPECT_EQ(registry.open_rooms().size(), 1u);
  Outbox again;
  EXPECT_EQ(registry.start(id, alice.user_id, again)["room"]["state"], "starting") << "a rematch needs only a start";
  Outbox ignored;
  registry.game_over("no-such-room", "game-1", ignored);
  EXPECT_TRUE(ignored.items().empty());
}

TEST(MatchmakerTest, PairsCloseRatingsAtOnce) {
  Matchmaker mm({});
  TimePoint t0{std::chrono::hours(5)};
  mm.enqueue({alice, "FASTEST", 1200, t0});
  mm.enqueue({bob, "FASTEST", 1340, t0});
  mm.enqueue({carol, "SHORTEST", 1200, t0});
  auto matches = mm.take_matches(t0);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].mode, "FASTEST");
  ASSERT_EQ(matches[0].players.size(), 2u);
  EXPECT_EQ(matches[0].players[0].player.username, "alice");
  EXPECT_EQ(matches[0].players[1].player.username, "bob");
  EXPECT_EQ(mm.size(), 1u);  // carol waits: nobody plays SHORTEST
}

TEST(MatchmakerTest, FarRatingsWaitUntilTheWindowWidens) {
  Matchmaker mm({});
  TimePoint t0{std::chrono::hours(5)};
  mm.enqueue({alice, "FASTEST", 1200, t0});
  mm.enqueue({bob, "FASTEST", 1500, t0});
  EXPECT_EQ(mm.window(0s), 150);
  EXPECT_EQ(mm.window(39s), 150);
  EXPECT_EQ(mm.window(40s), 200);
  EXPECT_EQ(mm.window(60s), 300);
  EXPECT_EQ(mm.window(3600s), 1000);
  EXPECT_TRUE(mm.take_matches(t0).empty());
  EXPECT_TRUE(mm.take_matches(t0 + 30s).empty());
  EXPECT_TRUE(mm.take_matches(t0 + 59s).empty());
  auto matches = mm.take_matches(t0 + 60s);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(mm.size(), 0u);
}

TEST(MatchmakerTest, TheClosestRatingIsPickedAndALongWaitHelpsANewcomer) {
  Matchmaker mm({});
  TimePoint t0{std::chrono::hours(5)};
  mm.enqueue({alice, "FASTEST", 1000, t0});
  mm.enqueue({bob, "FASTEST", 1120, t0 + 100s});
  mm.enqueue({carol, "FASTEST", 1050, t0 + 100s});
  auto matches = mm.take_matches(t0 + 100s);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].players[1].player.username, "carol");
  // dave (1900) just arrived; alice's window after 200 s is 1000 (max): they meet.
  Matchmaker mm2({});
  mm2.enqueue({alice, "FASTEST", 1000, t0});
  mm2.enqueue({dave, "FASTEST", 1900, t0 + 200s});
  EXPECT_EQ(mm2.take_matches(t0 + 200s).size(), 1u);
}

TEST(MatchmakerTest, DequeueAndRequeue) {
  Matchmaker mm({});
  TimePoint t0{};
  mm.enqueue({alice, "FASTEST", 1200, t0});
  mm.enqueue({alice, "BLITZ", 1200, t0});
  EXPECT_EQ(mm.size(), 1u);
  EXPECT_EQ(mm.entry(alice.user_id)->mode, "BLITZ");
  EXPECT_TRUE(mm.dequeue(alice.user_id));
  EXPECT_FALSE(mm.dequeue(alice.user_id));
  mm.enqueue({bob, "FASTEST", 1200, t0});
  EXPECT_TRUE(mm.take_matches(t0 + 1h).empty());
}

TEST(MatchmakerTest, GroupsOfMoreThanTwo) {
  MatchmakingRules rules;
  rules.players_per_match = 3;
  Matchmaker mm(rules);
  TimePoint t0{};
  mm.enqueue({alice, "FASTEST", 1200, t0});
  mm.enqueue({bob, "FASTEST", 1210, t0});
  EXPECT_TRUE(mm.take_matches(t0).empty());
  mm.enqueue({carol, "FASTEST", 1190, t0});
  auto matches = mm.take_matches(t0);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].players.size(), 3u);
}

namespace {
OptionRules rules_with_languages() {
  static ModeTable modes = builtin_modes();
  OptionRules rules;
  rules.modes = &modes;
  arena::LanguageInfo python;
  python.id = "python";
  python.aliases = {"py"};
  python.available = true;
  arena::LanguageInfo cobra;
  cobra.id = "cobra";
  rules.languages = std::vector<arena::LanguageInfo>{python, cobra};
  return rules;
}

nlohmann::json field_errors(const nlohmann::json& body, const OptionRules& rules) {
  try {
    parse_room_options(body, rules);
  } catch (const arena::HttpError& e) {
    EXPECT_EQ(e.status(), 422);
    return e.details();
  }
  return nlohmann::json::object();
}
}  // namespace

TEST(RoomOptionsTest, DefaultsAndNormalisation) {
  auto o = parse_room_options({{"mode", "fastest"}, {"allowed_languages", {"py", "python"}}}, rules_with_languages());
  EXPECT_EQ(o.mode, "FASTEST");
  EXPECT_FALSE(o.is_private);
  EXPECT_EQ(o.max_players, 8u);
  EXPECT_EQ(o.duration_seconds, 900);
  EXPECT_EQ(o.allowed_languages, std::vector<std::string>{"python"});
  auto json = o.to_json();
  EXPECT_EQ(json["puzzle"]["random"], true);
  EXPECT_TRUE(json["puzzle"]["difficulty"].is_null());
  auto d = parse_room_options({{"mode", "BLITZ"}, {"difficulty", "easy"}, {"visibility", "private"}, {"rated", true}},
                              rules_with_languages());
  EXPECT_EQ(d.difficulty, "EASY");
  EXPECT_TRUE(d.is_private);
  EXPECT_EQ(d.duration_seconds, 300);
}

TEST(RoomOptionsTest, ModeOptionsAreFlatAndPassedThrough) {
  auto o = parse_room_options({{"mode", "INCREMENTAL"}, {"mode_options", {{"unlock_every", 30}, {"hard", true}}}},
                              rules_with_languages());
  EXPECT_EQ(o.mode_options["unlock_every"], 30);
  EXPECT_EQ(o.to_json()["mode_options"]["hard"], true);
  EXPECT_TRUE(parse_room_options({{"mode", "FASTEST"}}, rules_with_languages()).mode_options.empty());
  for (const auto& bad : {nlohmann::json("x"), nlohmann::json{{"nested", {{"a", 1}}}}, nlohmann::json{{"list", {1, 2}}},
                          nlohmann::json{{"long", std::string(300, 'x')}}}) {
    EXPECT_TRUE(
        field_errors({{"mode", "FASTEST"}, {"mode_options", bad}}, rules_with_languages()).contains("mode_options"))
        << bad.dump();
  }
}

TEST(RoomOptionsTest, EveryBadFieldIsNamed) {
  auto errors = field_errors({{"mode", "CHESS"},
                              {"visibility", "secret"},
                              {"max_players", 51},
                              {"duration_seconds", 5},
                              {"allowed_languages", {"cobra", "klingon"}},
                              {"rated", "yes"}},
                             rules_with_languages());
  for (const char* field : {"mode", "visibility", "max_players", "duration_seconds", "allowed_languages", "rated"})
    EXPECT_TRUE(errors.contains(field)) << field << " in " << errors.dump();
  EXPECT_NE(errors["allowed_languages"].get<std::string>().find("cobra"), std::string::npos);
  EXPECT_TRUE(field_errors({{"mode", "FASTEST"}, {"puzzle_id", "abc"}, {"difficulty", "EASY"}}, rules_with_languages())
                  .contains("puzzle_id"));
  EXPECT_TRUE(field_errors({{"mode", "FASTEST"}, {"max_players", 1}}, rules_with_languages()).contains("max_players"));
  EXPECT_TRUE(
      field_errors({{"mode", "FASTEST"}, {"difficulty", "IMPOSSIBLE"}}, rules_with_languages()).contains("difficulty"));
  auto rules = rules_with_languages();
  rules.puzzle_exists = [](const std::string& id) { return id == "known"; };
  EXPECT_TRUE(field_errors({{"mode", "FASTEST"}, {"puzzle_id", "unknown"}}, rules).contains("puzzle_id"));
  EXPECT_EQ(parse_room_options({{"mode", "FASTEST"}, {"puzzle_id", "known"}}, rules).puzzle_id, "known");
  // Without the judge, any language names are kept.
  OptionRules bare = rules_with_languages();
  bare.languages.reset();
  EXPECT_EQ(parse_room_options({{"mode", "FASTEST"}, {"allowed_languages", {"klingon"}}}, bare).allowed_languages,
            std::vector<std::string>{"klingon"});
}

TEST(RoomsTextTest, TrimAndCharacterCount) {
  EXPECT_EQ(trim("  hi there \n\t"), "hi there");
  EXPECT_EQ(trim(" \n "), "");
  EXPECT_EQ(utf8_length("héllo"), 5u);
  EXPECT_EQ(utf8_length("日本語"), 3u);
}

TEST(RoomsIdsTest, UuidsAndInviteCodes) {
  auto id = random_uuid();
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(random_uuid(), id);
  auto code = random_invite_code();
  EXPECT_EQ(code.size(), 8u);
  EXPECT_EQ(code.find_first_of("01IO"), std::string::npos);
}

TEST(EloTest, WinnersGainWhatLosersLoseScaledByTheField) {
  auto duel = elo_update({{"a", 1}, {"b", 2}}, {{"a", 1200}, {"b", 1200}});
  EXPECT_EQ(duel.at("a"), 1216);
  EXPECT_EQ(duel.at("b"), 1184);
  auto upset = elo_update({{"weak", 1}, {"strong", 2}}, {{"weak", 1000}, {"strong", 1400}});
  EXPECT_GT(upset.at("weak") - 1000, 16) << "beating a stronger player is worth more";
  auto tie = elo_update({{"a", 1}, {"b", 1}}, {{"a", 1300}, {"b", 1100}});
  EXPECT_LT(tie.at("a"), 1300);
  EXPECT_GT(tie.at("b"), 1100);
  // Four players: the winner's gain stays about a duel's, the field sums to zero (rounding aside).
  auto four =
      elo_update({{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}}, {{"a", 1200}, {"b", 1200}, {"c", 1200}, {"d", 1200}});
  EXPECT_EQ(four.at("a"), 1216);
  EXPECT_EQ(four.at("d"), 1184);
  int sum = 0;
  for (const auto& [user, rating] : four) sum += rating - 1200;
  EXPECT_LE(std::abs(sum), 2);
  EXPECT_EQ(elo_update({{"solo", 1}}, {{"solo", 1234}}).at("solo"), 1234);
}
