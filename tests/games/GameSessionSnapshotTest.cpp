// GameSession's persistence (snapshot / restore continue a game identically) and hot reload
// (offer_version with and without migrate, a failing migrate).

#include "SessionFixture.h"

#include <functional>

namespace arena::games::test {
namespace {

using nlohmann::json;

// Randomness everywhere, so a resumed game that lost the generator's state would differ.
std::string random_mode(const std::string& extra = "") {
  return mode_source(R"(
    local base_tick = mode.on_tick
    function mode.on_tick(state, ctx, now)
      base_tick(state, ctx, now)
      state.rolls = state.rolls .. ctx.random(1000) .. ","
      if ctx.random(3) == 1 then ctx.broadcast("lucky", { roll = ctx.random() }) end
    end
    local base_result = mode.on_result
    function mode.on_result(state, ctx, player, result)
      base_result(state, ctx, player, result)
      state.scores[player.id] = state.scores[player.id] + ctx.random(50)
      ctx.after(ctx.random(1, 4), "later")
    end
    local base_timer = mode.on_timer
    function mode.on_timer(state, ctx, tag)
      base_timer(state, ctx, tag)
      state.rolls = state.rolls .. "t" .. ctx.random(9) .. ","
    end
  )" + extra);
}

using Step = std::function<void(GameSession&)>;

struct Recorded {
  std::string player, event;
  json payload;
  bool operator==(const Recorded&) const = default;
};

std::vector<Recorded> record(GameSession& game) {
  std::vector<Recorded> out;
  for (auto& o : game.drain()) out.push_back({o.player, o.event, o.payload});
  return out;
}

std::unique_ptr<GameSession> restore_from(const json& snapshot, std::shared_ptr<const modes::ModeScript> script,
                                          const GameOptions& options = {}) {
  auto runtime = runtime_for(std::move(script), facts_for(*script, options.languages, options.puzzles));
  std::string error;
  // Through text, as the database stores it.
  auto game = GameSession::restore(json::parse(snapshot.dump()), std::move(runtime), options.settings, &error);
  EXPECT_TRUE(game) << error;
  return game;
}

TEST(GameSessionSnapshot, RestoredGameContinuesIdentically) {
  auto script = compile(random_mode());
  GameOptions options{.players = 3, .seed = 99};
  auto original = make_game(script, options);

  std::string pending_key;
  std::vector<Step> before = {
      [](GameSession& g) { g.advance(kStart + 2000); },

      [&](GameSession& g) {
        pending_key = std::get<JudgePlan>(g.submit("u2", "python", "p2", std::nullopt, kStart + 2200)).submission_key;
      },
      [](GameSession& g) {
        auto key = std::get<JudgePlan>(g.submit("u3", "python", "p3", std::nullopt, kStart + 2300)).submission_key;
        g.judged(key, verdict(true), kStart + 2400);  // sets a timer 1..4 s later
      },
      [](GameSession& g) { g.code_update("u1", "abc", kStart + 2400); },
      [](GameSession& g) { g.code_update("u1", "abcd", kStart + 2450); },  // waits for its slot
      [](GameSession& g) { g.set_connected("u3", false); },
  };
  for (auto& step : before) step(*original);
  record(*original);
  ASSERT_EQ(original->snapshot()["pending"].size(), 1u);
  ASSERT_EQ(original->snapshot()["timers"].size(), 1u);
  ASSERT_TRUE(original->snapshot()["live_code"]["u1"]["waiting"]);

  auto resumed = restore_from(original->snapshot(), script, options);
  ASSERT_TRUE(resumed);
  EXPECT_FALSE(resumed->take_dirty());
  EXPECT_EQ(resumed->snapshot(), original->snapshot());
  EXPECT_EQ(resumed->phase(), Phase::Playing);
  EXPECT_EQ(resumed->standings(), original->standings());
  EXPECT_EQ(resumed->next_deadline(), original->next_deadline());
  EXPECT_EQ(resumed->view("u2"), original->view("u2"));

  std::vector<Step> after = {
      [](GameSession& g) { g.advance(kStart + 2600); },
      [&](GameSession& g) { g.judged(pending_key, verdict(true), kStart + 3000); },
      [](GameSession& g) { g.advance(kStart + 9000); },
      [](GameSession& g) { g.leave("u1", kStart + 9500); },
      [](GameSession& g) {
        auto key = std::get<JudgePlan>(g.submit("u2", "python", "again", std::nullopt, kEnd - 100)).submission_key;
        g.judged(key, verdict(false), kEnd + 1000);
      },
      [](GameSession& g) { g.advance(kEnd + 60000); },
  };
  for (std::size_t i = 0; i < after.size(); ++i) {
    after[i](*original);
    after[i](*resumed);
    EXPECT_EQ(record(*resumed), record(*original)) << "after step " << i;
  }
  EXPECT_TRUE(original->over());
  EXPECT_EQ(resumed->snapshot(), original->snapshot());
  EXPECT_EQ(resumed->end_reason(), "time_up");
  EXPECT_NE(state_of(*resumed)["rolls"], "");
}

TEST(GameSessionSnapshot, RestoreRefusesAnotherVersionOrGarbage) {
  auto script = compile(random_mode());
  auto other = compile(random_mode("-- another version"));
  auto game = make_game(script);
  std::string error;
  auto wrong = GameSession::restore(game->snapshot(), runtime_for(other, facts_for(*other)), {}, &error);
  EXPECT_FALSE(wrong);
  EXPECT_NE(error.find("version"), std::string::npos) << error;

  error.clear();
  EXPECT_FALSE(GameSession::restore(json{{"format", 1}}, runtime_for(script, facts_for(*script)), {}, &error));
  EXPECT_FALSE(error.empty());
  error.clear();
  EXPECT_FALSE(GameSession::restore(json::array(), runtime_for(script, facts_for(*script)), {}, &error));
  EXPECT_FALSE(error.empty());
}

TEST(GameSessionSnapshot, DirtyAfterChangesOnly) {
  auto game = make_game(compile(mode_source("", "tick = 100,")));
  EXPECT_TRUE(game->take_dirty());
  game->advance(kStart - 5000);  // nothing due
  EXPECT_FALSE(game->take_dirty());
  game->advance(kStart);
  EXPECT_TRUE(game->take_dirty());
  game->set_connected("u1", false);
  EXPECT_TRUE(game->take_dirty());
}

// ---------------------------------------------------------------------------------------------
// hot reload

const char* kMigrate = R"(
  function mode.migrate(old, old_api)
    old.migrated = "from api " .. old_api
    return old
  end
  local base_view = mode.view
  function mode.view(state, ctx, player)
    local v = base_view(state, ctx, player)
    v.version = 2
    return v
  end)";

TEST(GameSessionMigrate, OfferedVersionWithMigrateSwitchesAtTheNextEvent) {
  auto v1 = compile(mode_source());
  auto v2 = compile(mode_source(kMigrate));
  ASSERT_NE(v1->version(), v2->version());
  auto game = make_game(v1);
  game->advance(kStart + 500);
  game->drain();

  game->offer_version(v2);
  EXPECT_EQ(game->version(), v1->version());  // not yet: at the next event
  EXPECT_TRUE(game->drain().empty());
  game->advance(kStart + 700);  // nothing due: no event
  EXPECT_EQ(game->version(), v1->version());

  game->advance(kStart + 1000);  // the tick
  EXPECT_EQ(game->version(), v2->version());
  EXPECT_EQ(state_of(*game)["migrated"], "from api 1");
  EXPECT_EQ(state_of(*game)["ticks"], 1);  // the tick ran on the new version, state kept
  auto out = record(*game);
  auto migrated = std::find_if(out.begin(), out.end(), [](const Recorded& r) { return r.event == "mode_migrated"; });
  ASSERT_NE(migrated, out.end());
  EXPECT_EQ(migrated->player, "");
  EXPECT_EQ(migrated->payload["version"], v2->version());
  EXPECT_EQ(game->view("u1")["version"], 2);
  EXPECT_EQ(game->snapshot()["version"], v2->version());
  EXPECT_TRUE(game->faults().empty());

  // A snapshot after the switch resumes on the new version.
  auto resumed = restore_from(game->snapshot(), v2);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->version(), v2->version());
}

TEST(GameSessionMigrate, AnInputIsAnEventToo) {
  auto v1 = compile(mode_source("", "tick = 100,"));
  auto v2 = compile(mode_source(kMigrate, "tick = 100,"));
  auto game = make_game(v1);
  game->advance(kStart);
  game->offer_version(v2);
  game->code_update("u1", "x", kStart + 100);
  EXPECT_EQ(game->version(), v2->version());
  EXPECT_EQ(state_of(*game)["codes"], "u1=x@100;");
}

TEST(GameSessionMigrate, VersionWithoutMigrateLeavesTheGamePinned) {
  auto v1 = compile(mode_source());
  auto v3 = compile(mode_source("-- a new version without migrate"));
  auto game = make_game(v1);
  game->advance(kStart);
  game->offer_version(v3);
  game->advance(kStart + 3000);
  EXPECT_EQ(game->version(), v1->version());
  EXPECT_EQ(state_of(*game)["ticks"], 3);
  for (const auto& o : game->drain()) EXPECT_NE(o.event, "mode_migrated");
}

TEST(GameSessionMigrate, FailingMigrateStaysPinnedWithANote) {
  auto v1 = compile(mode_source());
  auto bad = compile(mode_source(R"(function mode.migrate(old, old_api) error("cannot migrate") end)"));
  auto game = make_game(v1, {.settings = {.max_faults = 1}});
  game->advance(kStart);
  game->drain();
  game->offer_version(bad);
  game->advance(kStart + 1000);
  EXPECT_EQ(game->version(), v1->version());
  EXPECT_EQ(game->phase(), Phase::Playing);  // a note, not a fault: max_faults 1 did not abort
  ASSERT_EQ(game->faults().size(), 1u);
  EXPECT_NE(game->faults()[0].find("migrate"), std::string::npos);
  EXPECT_NE(game->faults()[0].find("cannot migrate"), std::string::npos) << game->faults()[0];
  EXPECT_EQ(state_of(*game)["ticks"], 1);
  for (const auto& o : game->drain()) EXPECT_NE(o.event, "mode_migrated");
  game->advance(kStart + 2000);  // not tried again
  EXPECT_EQ(game->faults().size(), 1u);
}

TEST(GameSessionMigrate, OtherModesAndTheSameVersionAreNotOffers) {
  auto v1 = compile(mode_source());
  auto game = make_game(v1);
  game->offer_version(v1);
  auto other = modes::ModeScript::load(
      "other.lua", mode_source(kMigrate).replace(mode_source(kMigrate).find("\"TEST\""), 6, "\"OTHER\""),
      modes::ModeLimits{});
  ASSERT_TRUE(other) << other.error;
  game->offer_version(other.script);
  game->advance(kStart + 1000);
  EXPECT_EQ(game->version(), v1->version());
  EXPECT_TRUE(game->faults().empty());
}

}  // namespace
}  // namespace arena::games::test
