// GameSession as pure logic: phases, the clock, timers, the end, faults and refusals, with the
// real Lua runtime on small modes written here.

#include "SessionFixture.h"

namespace arena::games::test {
namespace {

using nlohmann::json;

TEST(GameSession, CreateRunsInitJoinsAndStandingsInCountdown) {
  auto game = make_game(compile(mode_source()), {.players = 3});
  ASSERT_TRUE(game);
  EXPECT_EQ(game->phase(), Phase::Countdown);
  EXPECT_EQ(state_of(*game)["joined"], "u1;u2;u3;");
  EXPECT_EQ(game->players()[2].index, 3);
  ASSERT_EQ(game->standings().size(), 3u);
  EXPECT_EQ(game->standings()[0],
            json({{"player", "u1"}, {"name", "user1"}, {"place", 1}, {"score", 0}, {"detail", "0 points"}}));
  EXPECT_EQ(game->starts_at_ms(), kStart);
  EXPECT_EQ(game->ends_at_ms(), kEnd);
  EXPECT_EQ(game->next_deadline(), kStart);
  EXPECT_TRUE(game->take_dirty());
  EXPECT_FALSE(game->take_dirty());
}

TEST(GameSession, InitFailureMeansNoGame) {
  auto script = compile(mode_source(R"(
    local real_init = mode.init
    function mode.init(ctx, options)
      if ctx.game.id == "game-1" then error("cannot start") end
      return real_init(ctx, options)
    end)"));
  std::string error;
  auto game = make_game(script, {}, &error);
  EXPECT_FALSE(game);
  EXPECT_NE(error.find("init: "), std::string::npos) << error;
  EXPECT_NE(error.find("cannot start"), std::string::npos) << error;
}

TEST(GameSession, CountdownEndsWithOnStartViewsAndGameStarted) {
  auto game = make_game(compile(mode_source()));
  game->drain();
  game->advance(kStart - 1);
  EXPECT_EQ(game->phase(), Phase::Countdown);
  EXPECT_TRUE(game->drain().empty());

  game->advance(kStart);
  EXPECT_EQ(game->phase(), Phase::Playing);
  EXPECT_EQ(state_of(*game)["started_at"], 0);
  auto out = game->drain();
  auto views = named(out, "view");
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(views[0].player, "u1");
  EXPECT_EQ(views[0].payload["who"], "u1");
  EXPECT_EQ(views[0].payload["phase"], "playing");
  EXPECT_EQ(views[0].payload["now_ms"], 0);
  EXPECT_EQ(views[0].payload["starts_at_ms"], kStart);
  EXPECT_EQ(views[0].payload["ends_at_ms"], kEnd);
  EXPECT_EQ(views[0].payload["puzzle_count"], 1);
  auto started = named(out, "game_started");
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].player, "");
  EXPECT_EQ(started[0].payload, json({{"starts_at_ms", kStart}, {"ends_at_ms", kEnd}}));
}

TEST(GameSession, TicksEveryTickWhilePlayingOnly) {
  auto game = make_game(compile(mode_source("", "tick = 2,")));
  game->advance(kStart + 500);
  EXPECT_EQ(game->next_deadline(), kStart + 2000);
  game->advance(kStart + 6500);  // a late call fires every tick missed, each at its own time
  EXPECT_EQ(state_of(*game)["tick_log"], "2000;4000;6000;");
  for (std::int64_t t = kStart + 8000; t <= kEnd + 100000; t += 2000) game->advance(t);
  // 20 s game: ticks at 2..18 s, none at the end or after it.
  EXPECT_EQ(state_of(*game)["ticks"], 9);
  EXPECT_TRUE(game->over());
}

TEST(GameSession, ModeWithoutOnTickGetsNoTicks) {
  auto game = make_game(compile(mode_source("mode.on_tick = nil", "tick = nil,")));
  game->advance(kStart);
  EXPECT_EQ(game->next_deadline(), kEnd);
}

TEST(GameSession, TimersFireAtTheirTimeInOrderAndCountdownTimersAtTheStart) {
  auto game = make_game(compile(mode_source(R"(
    local real_init = mode.init
    function mode.init(ctx, options)
      ctx.after(1, "early")
      return real_init(ctx, options)
    end
    function mode.on_start(state, ctx)
      ctx.after(2.5, "b")
      ctx.after(2.5, "c")
      ctx.after(1.25, "a")
    end)",
                                            "tick = 100,")));
  game->advance(kStart);
  EXPECT_EQ(state_of(*game)["timers"], "early@0;");
  EXPECT_EQ(game->next_deadline(), kStart + 1250);
  EXPECT_EQ(game->snapshot()["timers"].size(), 3u);  // persisted
  game->advance(kStart + 3000);
  EXPECT_EQ(state_of(*game)["timers"], "early@0;a@1250;b@2500;c@2500;");
  EXPECT_TRUE(game->snapshot()["timers"].empty());
}

TEST(GameSession, ZeroDelayTimerChainsCannotSpinForever) {
  auto game = make_game(compile(mode_source(R"(
    function mode.on_start(state, ctx)
      ctx.after(0, "again")
      for i = 1, 1000 do ctx.after(3600, "far") end  -- the 1001st pending timer is one too many
    end
    function mode.on_timer(state, ctx, tag)
      state.ticks = state.ticks + 1
      ctx.after(0, "again")
    end)",
                                            "tick = 100,")));
  game->advance(kStart + 1000);
  EXPECT_EQ(state_of(*game)["ticks"], 100);  // every 10 ms at most
  ASSERT_EQ(game->faults().size(), 1u);
  EXPECT_NE(game->faults()[0].find("timers pending"), std::string::npos) << game->faults()[0];
  EXPECT_EQ(game->phase(), Phase::Playing);
}

TEST(GameSession, TimeUpWithoutPendingFinishesWithWinner) {
  auto game = make_game(compile(mode_source()));
  game->advance(kStart);
  auto plan = std::get<JudgePlan>(game->submit("u2", "python", "print(1)", std::nullopt, kStart + 1000));
  game->judged(plan.submission_key, verdict(true), kStart + 1200);
  game->drain();
  game->advance(kEnd);
  EXPECT_EQ(game->phase(), Phase::Finished);
  EXPECT_EQ(game->end_reason(), "time_up");
  EXPECT_EQ(game->next_deadline(), std::numeric_limits<std::int64_t>::max());
  auto done = named(game->drain(), "game_completed");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].payload["reason"], "time_up");
  EXPECT_EQ(done[0].payload["winner"], json({{"player", "u2"}, {"name", "user2"}}));
  EXPECT_EQ(done[0].payload["standings"], game->standings());
  EXPECT_EQ(game->summary()["reason"], "time_up");
}

TEST(GameSession, TiedFirstPlaceHasNoWinner) {
  auto game = make_game(compile(mode_source()));
  game->advance(kEnd);
  auto done = named(game->drain(), "game_completed");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_TRUE(done[0].payload["winner"].is_null());
}

TEST(GameSession, OvertimeWaitsForPendingSubmissionsThenFinishes) {
  auto game = make_game(compile(mode_source()));
  game->advance(kStart);
  auto plan = std::get<JudgePlan>(game->submit("u1", "python", "print(1)", std::nullopt, kEnd - 500));
  auto run = std::get<JudgePlan>(game->run("u2", "python", "print(1)", std::nullopt, kEnd - 400));
  game->advance(kEnd);
  EXPECT_EQ(game->phase(), Phase::Overtime);      // the run does not hold it, the submission does
  EXPECT_EQ(game->next_deadline(), kEnd + 5000);  // the mode's grace (5 s) over the host's (10 s)
  auto late = game->submit("u2", "python", "x", std::nullopt, kEnd + 100);
  ASSERT_TRUE(std::holds_alternative<Refusal>(late));
  EXPECT_EQ(std::get<Refusal>(late).reason, "not_playing");

  game->judged(run.submission_key, verdict(true, 2), kEnd + 200);
  EXPECT_EQ(game->phase(), Phase::Overtime);
  game->judged(plan.submission_key, verdict(true), kEnd + 1000);
  EXPECT_EQ(game->phase(), Phase::Finished);
  EXPECT_EQ(game->end_reason(), "time_up");
  EXPECT_EQ(game->standings()[0]["player"], "u1");
  EXPECT_EQ(game->standings()[0]["score"], 100);
}

TEST(GameSession, VerdictArrivingLateInGraceCountsEvenWithoutAnAdvanceAtTheEnd) {
  auto game = make_game(compile(mode_source()));
  game->advance(kStart);
  auto plan = std::get<JudgePlan>(game->submit("u1", "python", "print(1)", std::nullopt, kEnd - 500));
  game->judged(plan.submission_key, verdict(true), kEnd + 3000);  // the loop never called advance(kEnd)
  EXPECT_EQ(game->phase(), Phase::Finished);
  EXPECT_EQ(game->standings()[0]["score"], 100);
}

TEST(GameSession, GraceExpiresAndLateVerdictsAreIgnored) {
  auto game = make_game(compile(mode_source()));
  game->advance(kStart);
  auto plan = std::get<JudgePlan>(game->submit("u1", "python", "print(1)", std::nullopt, kEnd - 500));
  game->advance(kEnd + 5000);
  EXPECT_EQ(game->phase(), Phase::Finished);
  EXPECT_EQ(game->end_reason(), "time_up");
  game->drain();
  game->judged(plan.submission_key, verdict(true), kEnd + 6000);
  EXPECT_TRUE(game->drain().empty());
  EXPECT_EQ(game->standings()[0]["score"], 0);
}

TEST(GameSession, CtxFinishEndsAfterTheHandlerWithItsReason) {
  auto game = make_game(compile(mode_source(R"(
    local real = mode.on_result
    function mode.on_result(state, ctx, player, result)
      real(state, ctx, player, result)
      if result.passed then ctx.finish("solved") else ctx.finish() end
      ctx.broadcast("after_finish", {})  -- still delivered: the handler's effects all apply
    end)")));
  game->advance(kStart);
  auto plan = std::get<JudgePlan>(game->submit("u1", "python", "p", std::nullopt, kStart + 1000));
  game->drain();
  game->judged(plan.submission_key, verdict(true), kStart + 2000);
  EXPECT_EQ(game->phase(), Phase::Finished);
  EXPECT_EQ(game->end_reason(), "solved");
  auto out = game->drain();
  auto done = named(out, "game_completed");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].payload["winner"]["player"], "u1");
  EXPECT_EQ(done[0].payload["standings"][0]["score"], 100);  // standings after the handler
  EXPECT_EQ(named(out, "after_finish").size(), 1u);
  EXPECT_EQ(named(out, "player_completed").size(), 1u);

  auto other = make_game(compile(mode_source(R"(
    function mode.on_start(state, ctx) ctx.finish() end)")));
  other->advance(kStart);
  EXPECT_EQ(other->end_reason(), "finished");
}

TEST(GameSession, EveryoneLeftEndsTheGame) {
  auto game = make_game(compile(mode_source()));
  game->advance(kStart);
  game->drain();
  game->leave("u1", kStart + 1000);
  EXPECT_EQ(game->phase(), Phase::Playing);
  EXPECT_TRUE(game->players()[0].left);
  auto out = game->drain();
  ASSERT_EQ(named(out, "player_left").size(), 1u);
  EXPECT_EQ(named(out, "player_left")[0].payload, json({{"player", "u1"}, {"name", "user1"}}));
  auto refused = game->submit("u1", "python", "x", std::nullopt, kStart + 1100);
  EXPECT_EQ(std::get<Refusal>(refused).reason, "not_a_player");
  game->leave("u1", kStart + 1200);  // twice: nothing more
  EXPECT_TRUE(named(game->drain(), "player_left").empty());

  game->leave("u2", kStart + 2000);
  EXPECT_EQ(game->phase(), Phase::Finished);
  EXPECT_EQ(game->end_reason(), "everyone_left");
  EXPECT_EQ(state_of(*game)["left"], "u1;u2;");
}

TEST(GameSession, EveryoneLeftDuringCountdown) {
  auto game = make_game(compile(mode_source()), {.players = 1});
  game->leave("u1", kCreated + 1000);
  EXPECT_EQ(game->phase(), Phase::Finished);
  EXPECT_EQ(game->end_reason(), "everyone_left");
  EXPECT_EQ(state_of(*game)["started_at"], "none");
}

TEST(GameSession, LeavingForfeitsThePendingSubmission) {
  auto game = make_game(compile(mode_source()));
  game->advance(kStart);
  auto plan = std::get<JudgePlan>(game->submit("u1", "python", "p", std::nullopt, kStart + 1000));
  game->leave("u1", kStart + 1100);
  game->judged(plan.submission_key, verdict(true), kStart + 1200);
  EXPECT_EQ(state_of(*game)["results"], "");
}

TEST(GameSession, HandlerFaultsAreCountedAndAbortTheGameAtTheLimit) {
  auto game = make_game(compile(mode_source(R"(
    function mode.on_tick(state, ctx, now)
      state.ticks = state.ticks + 1
      if ctx.now() >= 2000 then error("tick broke") end
    end)")),
                        {.settings = {.max_faults = 3}});
  game->advance(kStart + 3000);
  EXPECT_EQ(game->phase(), Phase::Playing);
  ASSERT_EQ(game->faults().size(), 2u);
  EXPECT_EQ(game->faults()[0].rfind("on_tick: ", 0), 0u) << game->faults()[0];
  EXPECT_NE(game->faults()[0].find("test.lua:"), std::string::npos) << game->faults()[0];
  EXPECT_NE(game->faults()[0].find("tick broke"), std::string::npos) << game->faults()[0];
  EXPECT_EQ(state_of(*game)["ticks"], 1);  // the failed calls' changes are rolled back
  game->drain();
  game->advance(kStart + 4000);
  EXPECT_EQ(game->phase(), Phase::Aborted);
  EXPECT_EQ(game->end_reason(), "too_many_faults");
  auto out = game->drain();
  auto aborted = named(out, "game_aborted");
  ASSERT_EQ(aborted.size(), 1u);
  EXPECT_EQ(aborted[0].payload["reason"], "too_many_faults");
  EXPECT_TRUE(named(out, "game_completed").empty());
  EXPECT_TRUE(game->over());
  EXPECT_EQ(game->next_deadline(), std::numeric_limits<std::int64_t>::max());
  // An aborted game takes no more input.
  EXPECT_EQ(std::get<Refusal>(game->submit("u1", "python", "x", std::nullopt, kStart + 5000)).reason, "not_playing");
}

TEST(GameSession, FailedHandlerDropsItsEffectsAndStateChanges) {
  auto game = make_game(compile(mode_source(R"(
    function mode.on_result(state, ctx, player, result)
      state.scores[player.id] = 1000
      ctx.broadcast("cheer", { who = player.id })
      ctx.complete(player.id)
      ctx.finish("won")
      error("judged badly")
    end)")));
  game->advance(kStart);
  auto plan = std::get<JudgePlan>(game->submit("u1", "python", "p", std::nullopt, kStart + 1000));
  game->drain();
  game->judged(plan.submission_key, verdict(true), kStart + 2000);
  auto out = game->drain();
  EXPECT_EQ(game->phase(), Phase::Playing);
  EXPECT_TRUE(named(out, "cheer").empty());
  EXPECT_TRUE(named(out, "player_completed").empty());
  EXPECT_TRUE(named(out, "standings").empty());
  EXPECT_EQ(named(out, "submission_result").size(), 1u);  // the host's own news still goes out
  EXPECT_FALSE(game->players()[0].completed);
  EXPECT_EQ(state_of(*game)["scores"]["u1"], 0);
  ASSERT_EQ(game->faults().size(), 1u);
  EXPECT_EQ(game->faults()[0].rfind("on_result: ", 0), 0u);
}

TEST(GameSession, EffectsBroadcastSendCompleteEliminateAndRefresh) {
  auto game = make_game(compile(mode_source(R"(
    function mode.on_code(state, ctx, player, code)
      if code == "go" then
        ctx.broadcast("news", { n = 1 })
        ctx.send(player.id, "secret", { n = 2 })
        ctx.complete(player.id)
        ctx.complete(player.id)
        ctx.eliminate("u2", "too slow")
        ctx.refresh(player.id)
        ctx.log("hello from the mode")
      elseif code == "all" then
        ctx.refresh()
      end
    end)")),
                        {.players = 3});
  game->advance(kStart);
  game->drain();
  game->code_update("u1", "go", kStart + 1000);
  auto out = game->drain();
  ASSERT_GE(out.size(), 5u);
  EXPECT_EQ(out[0].event, "news");
  EXPECT_EQ(out[0].player, "");
  EXPECT_EQ(out[0].payload, json({{"n", 1}}));
  EXPECT_EQ(out[1].event, "secret");
  EXPECT_EQ(out[1].player, "u1");
  ASSERT_EQ(named(out, "player_completed").size(), 1u);
  EXPECT_EQ(named(out, "player_completed")[0].payload, json({{"player", "u1"}, {"name", "user1"}, {"at", 1000}}));
  ASSERT_EQ(named(out, "player_eliminated").size(), 1u);
  EXPECT_EQ(named(out, "player_eliminated")[0].payload,
            json({{"player", "u2"}, {"name", "user2"}, {"reason", "too slow"}}));
  auto views = named(out, "view");
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].player, "u1");
  EXPECT_TRUE(game->players()[0].completed);
  EXPECT_TRUE(game->players()[1].eliminated);
  EXPECT_EQ(std::get<Refusal>(game->submit("u2", "python", "x", std::nullopt, kStart + 1100)).reason, "eliminated");

  game->code_update("u1", "all", kStart + 2000);
  EXPECT_EQ(named(game->drain(), "view").size(), 3u);
}

// A forged host event never reaches the players: the runtime refuses the names it knows as an
// error in the handler (a fault); the session filters every reserved name again (Phoenix's
// phx_* included) and only notes what it ignored, without counting it as a fault.
TEST(GameSession, ModesCannotForgeHostEvents) {
  auto game = make_game(compile(mode_source(R"(
    function mode.on_code(state, ctx, player, code)
      ctx.broadcast("fine", { code = code })
      if code == "forge" then ctx.broadcast("standings", { fake = true }) end
      if code == "phx" then ctx.send(player.id, "phx_reply", {}) end
    end)",
                                            "tick = 100,")),
                        {.settings = {.max_faults = 2}});
  game->advance(kStart);
  game->drain();
  game->code_update("u1", "forge", kStart + 1000);
  EXPECT_TRUE(game->drain().empty());
  ASSERT_EQ(game->faults().size(), 1u);
  EXPECT_NE(game->faults()[0].find("standings"), std::string::npos) << game->faults()[0];

  game->code_update("u1", "phx", kStart + 2000);
  auto out = game->drain();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].event, "fine");
  ASSERT_EQ(game->faults().size(), 2u);
  EXPECT_NE(game->faults()[1].find("'phx_reply' is reserved"), std::string::npos) << game->faults()[1];
  EXPECT_EQ(game->phase(), Phase::Playing);  // one fault and one note: under max_faults 2
}

TEST(GameSession, StandingsBroadcastOnlyWhenTheyChange) {
  auto game = make_game(compile(mode_source()));
  auto created = game->drain();
  ASSERT_EQ(named(created, "standings").size(), 1u);
  EXPECT_EQ(named(created, "standings")[0].payload["standings"], game->standings());
  game->advance(kStart + 3000);
  EXPECT_TRUE(named(game->drain(), "standings").empty());
  auto plan = std::get<JudgePlan>(game->submit("u2", "python", "p", std::nullopt, kStart + 3500));
  game->judged(plan.submission_key, verdict(true), kStart + 4000);
  auto out = named(game->drain(), "standings");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload["standings"][0],
            json({{"player", "u2"}, {"name", "user2"}, {"place", 1}, {"score", 100}, {"detail", "100 points"}}));
}

TEST(GameSession, BrokenStandingsAreAFault) {
  auto game = make_game(compile(mode_source(R"(
    local real = mode.standings
    function mode.standings(state, ctx)
      if state.ticks > 0 then return "nope" end
      return real(state, ctx)
    end)")));
  auto before = game->standings();
  game->advance(kStart + 1000);
  EXPECT_EQ(game->standings(), before);  // the last good rows stay
  ASSERT_FALSE(game->faults().empty());
  EXPECT_EQ(game->faults()[0].rfind("standings: ", 0), 0u) << game->faults()[0];
}

TEST(GameSession, SubmissionFactsComeFromThePendingRecord) {
  auto game = make_game(compile(mode_source()));
  game->advance(kStart);
  game->drain();
  const std::string code = "print(\"h\xC3\xA9llo\")";  // 14 characters, 15 bytes
  auto outcome = game->submit("u1", "python", code, std::nullopt, kStart + 1500);
  auto plan = std::get<JudgePlan>(outcome);
  EXPECT_EQ(plan.player, "u1");
  EXPECT_EQ(plan.language, "python");
  EXPECT_EQ(plan.code_to_run, code);
  EXPECT_EQ(plan.code_as_written, code);
  EXPECT_EQ(plan.puzzle, 1);
  EXPECT_EQ(plan.submitted_at, 1500);
  EXPECT_TRUE(plan.run_tests.empty());
  auto accepted = named(game->drain(), "submission_accepted");
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0].player, "");
  EXPECT_EQ(accepted[0].payload, json({{"player", "u1"}, {"submission_key", plan.submission_key}, {"puzzle", 1}}));

  auto result = verdict(false);
  result.tests = {true, true, false, true, false};
  result.tests_passed = 0;  // the session counts them
  result.tests_total = 0;
  result.code = "ignored";
  result.submitted_at = 99;
  game->judged(plan.submission_key, result, kStart + 2500);
  EXPECT_EQ(state_of(*game)["results"], "u1:WA:14:1500:1:" + code + ":3/5;");
  auto results = named(game->drain(), "submission_result");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].payload, json({{"player", "u1"},
                                      {"submission_key", plan.submission_key},
                                      {"puzzle", 1},
                                      {"verdict", "WA"},
                                      {"passed", false},
                                      {"tests_passed", 3},
                                      {"tests_total", 5},
                                      {"cpu_ms", 30},
                                      {"memory_kb", 9000},
                                      {"length", 14}}));
  game->judged(plan.submission_key, verdict(true), kStart + 2600);  // twice: ignored
  game->judged("no-such-key", verdict(true), kStart + 2600);
  EXPECT_TRUE(game->drain().empty());
}

TEST(GameSession, RefusalsInTheDocumentedOrder) {
  auto game = make_game(compile(mode_source(R"(
    function mode.before_submit(state, ctx, player, code, info)
      if code == "no" then return nil, "not like that" end
      if code == "second" then return code, { puzzle = 2 } end
      if code == "ninth" then return code, { puzzle = 9 } end
      return code
    end)")),
                        {.players = 2, .puzzles = 2});
  auto reason = [](const std::variant<JudgePlan, Refusal>& v) {
    return std::holds_alternative<Refusal>(v) ? std::get<Refusal>(v).reason : std::string("accepted");
  };
  EXPECT_EQ(reason(game->submit("u1", "python", "x", std::nullopt, kStart - 1000)), "not_playing");
  game->advance(kStart);
  EXPECT_EQ(reason(game->submit("stranger", "python", "x", std::nullopt, kStart + 100)), "not_a_player");
  EXPECT_EQ(reason(game->submit("u1", "python", "x", 3, kStart + 100)), "bad_puzzle");
  EXPECT_EQ(reason(game->submit("u1", "python", "x", 0, kStart + 100)), "bad_puzzle");
  auto refused = game->submit("u1", "python", "no", std::nullopt, kStart + 100);
  EXPECT_EQ(reason(refused), "refused_by_mode");
  EXPECT_EQ(std::get<Refusal>(refused).message, "not like that");
  EXPECT_EQ(reason(game->submit("u1", "python", "ninth", std::nullopt, kStart + 100)), "bad_puzzle");
  auto second = game->submit("u1", "python", "second", 1, kStart + 200);
  ASSERT_EQ(reason(second), "accepted");
  EXPECT_EQ(std::get<JudgePlan>(second).puzzle, 2);  // the mode's choice
  EXPECT_EQ(reason(game->submit("u1", "python", "x", std::nullopt, kStart + 300)), "pending_submission");
  // A run is not a submission: one of each may be pending.
  EXPECT_EQ(reason(game->run("u1", "python", "x", std::nullopt, kStart + 300)), "accepted");
  EXPECT_EQ(reason(game->run("u1", "python", "x", std::nullopt, kStart + 300)), "pending_submission");
  EXPECT_EQ(reason(game->submit("u2", "python", "x", 2, kStart + 300)), "accepted");
  EXPECT_TRUE(game->faults().empty());
}

TEST(GameSession, FaultInBeforeSubmitRefusesAndCounts) {
  auto game = make_game(compile(mode_source(R"(
    function mode.before_submit(state, ctx, player, code, info) error("boom") end)")));
  game->advance(kStart);
  auto outcome = game->submit("u1", "python", "x", std::nullopt, kStart + 100);
  ASSERT_TRUE(std::holds_alternative<Refusal>(outcome));
  EXPECT_EQ(std::get<Refusal>(outcome).reason, "refused_by_mode");
  ASSERT_EQ(game->faults().size(), 1u);
  EXPECT_EQ(game->faults()[0].rfind("before_submit: ", 0), 0u);
}

TEST(GameSession, AllowedLanguagesAreEnforced) {
  auto game = make_game(compile(mode_source()), {.languages = {"python", "c"}});
  game->advance(kStart);
  auto refused = game->submit("u1", "ruby", "x", std::nullopt, kStart + 100);
  ASSERT_TRUE(std::holds_alternative<Refusal>(refused));
  EXPECT_EQ(std::get<Refusal>(refused).reason, "language_not_allowed");
  EXPECT_EQ(std::get<Refusal>(game->run("u1", "ruby", "x", std::nullopt, kStart + 100)).reason, "language_not_allowed");
  EXPECT_TRUE(std::holds_alternative<JudgePlan>(game->submit("u1", "c", "x", std::nullopt, kStart + 100)));

  auto any = make_game(compile(mode_source()));
  any->advance(kStart);
  EXPECT_TRUE(std::holds_alternative<JudgePlan>(any->submit("u1", "ruby", "x", std::nullopt, kStart + 100)));
}

TEST(GameSession, RunsUseTheViewsTestsAndAnswerOnlyThePlayer) {
  auto game = make_game(compile(mode_source(R"(
    function mode.before_run(state, ctx, player, code, info)
      if code == "hidden" then return nil, "no runs here" end
      return code .. "!"
    end)")));
  game->advance(kStart);
  game->drain();
  auto refused = game->run("u1", "python", "hidden", std::nullopt, kStart + 100);
  EXPECT_EQ(std::get<Refusal>(refused).message, "no runs here");
  auto plan = std::get<JudgePlan>(game->run("u1", "python", "code", std::nullopt, kStart + 200));
  EXPECT_EQ(plan.code_to_run, "code!");
  ASSERT_EQ(plan.run_tests.size(), 2u);
  EXPECT_EQ(plan.run_tests[1], std::make_pair(std::string("5\n"), std::string("6\n")));
  EXPECT_TRUE(named(game->drain(), "submission_accepted").empty());

  auto result = verdict(false, 2);
  result.tests = {true, false};
  game->judged(plan.submission_key, result, kStart + 500);
  auto out = game->drain();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].event, "run_result");
  EXPECT_EQ(out[0].player, "u1");
  EXPECT_EQ(out[0].payload["submission_key"], plan.submission_key);
  EXPECT_EQ(out[0].payload["verdict"], "WA");
  ASSERT_EQ(out[0].payload["tests"].size(), 2u);
  EXPECT_EQ(out[0].payload["tests"][0],
            json({{"input", "1\n"}, {"expected", "2\n"}, {"output", ""}, {"verdict", "OK"}, {"passed", true}}));
  EXPECT_EQ(out[0].payload["tests"][1]["passed"], false);
  EXPECT_EQ(out[0].payload["tests"][1]["verdict"], "WA");
  EXPECT_EQ(state_of(*game)["results"], "");  // no on_result for a run
}

TEST(GameSession, RunWithoutTestsInTheViewIsRefused) {
  auto game = make_game(compile(mode_source(R"(
    function mode.view(state, ctx, player) return { message = "no tests" } end)")));
  game->advance(kStart);
  auto outcome = game->run("u1", "python", "x", std::nullopt, kStart + 100);
  ASSERT_TRUE(std::holds_alternative<Refusal>(outcome));
  EXPECT_EQ(std::get<Refusal>(outcome).reason, "refused_by_mode");
}

TEST(GameSession, CodeUpdatesAreThrottledLatestWins) {
  auto game = make_game(compile(mode_source("", "tick = 100,")));
  game->code_update("u1", "early", kStart - 1000);  // not playing yet: dropped
  game->advance(kStart);
  game->code_update("u1", "a", kStart + 1000);  // the first goes through at once
  game->code_update("u1", "b", kStart + 1050);  // too soon: waits for the next slot...
  game->code_update("u1", "c", kStart + 1100);  // ...and the latest wins
  game->code_update("u2", "z", kStart + 1150);  // every player has a slot of their own
  EXPECT_EQ(state_of(*game)["codes"], "u1=a@1000;u2=z@1150;");
  EXPECT_EQ(game->next_deadline(), kStart + 1200);
  EXPECT_TRUE(game->snapshot()["live_code"]["u1"]["waiting"]);
  game->advance(kStart + 1200);
  EXPECT_EQ(state_of(*game)["codes"], "u1=a@1000;u2=z@1150;u1=c@1200;");
  game->code_update("u1", "d", kStart + 1300);
  game->code_update("u1", "e", kStart + 1500);  // the slot (1400) passed without an advance
  EXPECT_EQ(state_of(*game)["codes"], "u1=a@1000;u2=z@1150;u1=c@1200;u1=e@1400;");
  game->code_update("u1", "f", kStart + 1700);  // 300 ms after the last call: at once
  EXPECT_EQ(state_of(*game)["codes"], "u1=a@1000;u2=z@1150;u1=c@1200;u1=e@1400;u1=f@1700;");
}

TEST(GameSession, SetConnectedAnnouncesChangesOnly) {
  auto game = make_game(compile(mode_source()));
  game->drain();
  game->set_connected("u1", true);  // already connected
  EXPECT_TRUE(game->drain().empty());
  game->set_connected("u1", false);
  auto out = game->drain();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].event, "player_connected");
  EXPECT_EQ(out[0].payload, json({{"player", "u1"}, {"name", "user1"}, {"connected", false}}));
  EXPECT_FALSE(game->players()[0].connected);
  EXPECT_EQ(game->summary()["players"][0]["connected"], false);
}

TEST(GameSession, ViewsAndSummary) {
  auto game = make_game(compile(mode_source()), {.puzzles = 3});
  auto v = game->view("u2");
  EXPECT_EQ(v["who"], "u2");
  EXPECT_EQ(v["phase"], "countdown");
  EXPECT_EQ(v["now_ms"], -10000);
  EXPECT_EQ(v["puzzle_count"], 3);
  EXPECT_EQ(game->view("")["who"], "spectator");
  game->advance(kStart + 2500);
  EXPECT_EQ(game->view("u1")["now_ms"], 2500);
  auto summary = game->summary();
  EXPECT_EQ(summary["id"], "game-1");
  EXPECT_EQ(summary["mode"], "TEST");
  EXPECT_EQ(summary["version"], game->version());
  EXPECT_EQ(summary["phase"], "playing");
  EXPECT_EQ(summary["starts_at_ms"], kStart);
  EXPECT_EQ(summary["ends_at_ms"], kEnd);
  EXPECT_EQ(summary["players"].size(), 2u);
  EXPECT_EQ(summary["standings"], game->standings());
  EXPECT_TRUE(summary["reason"].is_null());
}

TEST(GameSession, BrokenViewIsAFaultAndStillCarriesTheHostFields) {
  auto game = make_game(compile(mode_source(R"(
    local real = mode.view
    function mode.view(state, ctx, player)
      if ctx.now() > 0 then error("no view") end
      return real(state, ctx, player)
    end)")));
  game->advance(kStart + 1000);
  game->drain();
  auto v = game->view("u1");
  EXPECT_EQ(v["phase"], "playing");
  EXPECT_FALSE(v.contains("who"));
  EXPECT_EQ(game->faults().back().rfind("view: ", 0), 0u);
}

}  // namespace
}  // namespace arena::games::test
