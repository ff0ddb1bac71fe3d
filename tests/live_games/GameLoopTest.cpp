// The game loop without the network: strands (one game's inputs never overlap), a slow game
// does not hold up another, deadlines fire, and the write-behind writer coalesces per game.
#include "games/GameLoop.h"
#include "games/GameWriter.h"
#include "modes/GameRuntime.h"
#include "modes/ModeScript.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace arena;
using games::GameLoop;
using games::GameSession;

namespace {

constexpr const char* kMode = R"lua(
local mode = { name = "LOOPTEST", api = 1, title = "Loop test", description = "counts code updates", duration = 60 }
function mode.init(ctx, options) return { n = 0 } end
function mode.view(state, ctx, player) return { n = state.n } end
function mode.standings(state, ctx)
  local rows = {}
  for _, p in ipairs(ctx.players()) do rows[#rows + 1] = { player = p.id, place = 1, score = state.n, detail = "" } end
  return rows
end
function mode.on_result(state, ctx, player, result) end
function mode.on_code(state, ctx, player, code)
  state.n = state.n + 1
  if code == "slow" then
    local x = 0
    for i = 1, 30000000 do x = x + i end
    state.x = x
  end
end
return mode
)lua";

std::shared_ptr<spdlog::logger> quiet_logger() {
  return std::make_shared<spdlog::logger>("loop-test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

std::shared_ptr<const modes::ModeScript> script() {
  modes::ModeLimits limits;
  limits.instructions = 2'000'000'000;  // the slow handler must finish, slowly
  auto loaded = modes::ModeScript::load("looptest.lua", kMode, limits);
  if (!loaded) throw std::runtime_error(loaded.error);
  return loaded.script;
}

std::unique_ptr<GameSession> session(const std::shared_ptr<const modes::ModeScript>& mode, const std::string& id,
                                     std::int64_t starts_at_ms) {
  modes::GameFacts facts;
  facts.game_id = id;
  facts.mode = mode->name();
  facts.version = mode->version();
  facts.duration_s = 60;
  GamePuzzle puzzle;
  puzzle.id = "00000000-0000-0000-0000-000000000001";
  puzzle.title = "p";
  puzzle.validators = {{"1\n", "2\n", false}};
  facts.puzzles = {puzzle};
  std::string error;
  auto runtime = modes::GameRuntime::create(mode, facts, &error);
  if (!runtime) throw std::runtime_error(error);
  GameSession::Setup setup;
  setup.facts = facts;
  setup.players = {{"p1", "one", 1}, {"p2", "two", 2}};
  setup.created_at_ms = games::wall_ms();
  setup.starts_at_ms = starts_at_ms;
  setup.settings.code_update_interval_ms = 0;
  auto made = GameSession::create(std::move(setup), std::move(runtime), &error);
  if (!made) throw std::runtime_error(error);
  return made;
}

struct Events {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<std::string, std::string>> seen;  // game, event
  bool wait_for(const std::string& game, const std::string& event, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex);
    return changed.wait_for(
        lock, timeout, [&] { return std::find(seen.begin(), seen.end(), std::make_pair(game, event)) != seen.end(); });
  }
};

}  // namespace

TEST(GameLoopTest, OneGamesInputsNeverOverlapAndASlowGameDoesNotHoldUpAnother) {
  auto mode = script();
  GameLoop loop(2, {}, quiet_logger());
  loop.add("a", session(mode, "a", games::wall_ms() - 1));
  loop.add("b", session(mode, "b", games::wall_ms() - 1));
  loop.start();

  // Game a is busy with a slow handler; game b answers in the meantime.
  std::atomic<bool> slow_done{false};
  ASSERT_TRUE(loop.post("a", "code_update", [&](GameSession& s, std::int64_t now) {
    s.advance(now);  // the start is due; its deadline input may come after this one
    s.code_update("p1", "slow", now);
    slow_done = true;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto b = loop.call<int>("b", "probe", [](GameSession& s, std::int64_t) { return s.view("p1").value("n", -1); });
  ASSERT_TRUE(b);
  EXPECT_EQ(*b, 0);
  EXPECT_FALSE(slow_done.load()) << "game b waited for game a's slow handler";

  // Many threads feed game a: its inputs run one at a time, all of them.
  std::atomic<int> inside{0}, overlaps{0}, ran{0};
  std::vector<std::thread> feeders;
  for (int t = 0; t < 4; ++t) {
    feeders.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        loop.post("a", "code_update", [&](GameSession& s, std::int64_t now) {
          if (inside.fetch_add(1) != 0) ++overlaps;
          s.code_update("p2", "x", now);
          ++ran;
          inside.fetch_sub(1);
        });
      }
    });
  }
  for (auto& feeder : feeders) feeder.join();
  auto n = loop.call<int>(
      "a", "probe", [](GameSession& s, std::int64_t) { return s.view("p1").value("n", -1); }, std::chrono::seconds(60));
  ASSERT_TRUE(n);
  auto faults =
      loop.call<std::vector<std::string>>("a", "faults", [](GameSession& s, std::int64_t) { return s.faults(); });
  ASSERT_TRUE(faults);
  EXPECT_TRUE(faults->empty()) << faults->front();
  EXPECT_TRUE(slow_done.load());
  EXPECT_EQ(ran.load(), 400);
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_EQ(*n, 401);  // every code update reached the mode, in one strand
  EXPECT_FALSE(loop.call<int>("nope", "probe", [](GameSession&, std::int64_t) { return 1; }));
}

TEST(GameLoopTest, DeadlinesFireAndOutputIsDeliveredAndSaved) {
  auto mode = script();
  Events events;
  std::atomic<int> saves{0};
  GameLoop::Hooks hooks;
  hooks.deliver = [&](const std::string& id, GameSession&, std::vector<games::Outgoing>& out) {
    std::lock_guard lock(events.mutex);
    for (const auto& message : out) events.seen.emplace_back(id, message.event);
    events.changed.notify_all();
  };
  hooks.save = [&](const std::string&, GameSession&) { ++saves; };
  GameLoop loop(1, hooks, quiet_logger());
  loop.start();
  loop.add("c", session(mode, "c", games::wall_ms() + 300));
  EXPECT_TRUE(events.wait_for("c", "standings", std::chrono::seconds(5)));
  EXPECT_TRUE(events.wait_for("c", "game_started", std::chrono::seconds(10)));
  EXPECT_GT(saves.load(), 0);
  EXPECT_EQ(loop.running(), 1u);
  // Delayed inputs run at their time.
  std::atomic<bool> later{false};
  ASSERT_TRUE(loop.post_at("c", games::wall_ms() + 100, "later", [&](GameSession&, std::int64_t) { later = true; }));
  for (int i = 0; i < 100 && !later; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(later.load());
  // Everyone leaves: the game is over and no longer counted as running.
  loop.post("c", "leave", [](GameSession& s, std::int64_t now) {
    s.leave("p1", now);
    s.leave("p2", now);
  });
  EXPECT_TRUE(events.wait_for("c", "game_completed", std::chrono::seconds(5)));
  for (int i = 0; i < 100 && loop.running() != 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(loop.running(), 0u);
}

TEST(GameWriterTest, CoalescesRecordsPerGameAndRunsJobsInOrder) {
  std::map<std::string, std::vector<std::string>> written;
  std::vector<int> jobs;
  games::GameWriter writer(
      [&](const std::string& id, const games::SessionRecord& record) { written[id].push_back(record.version); },
      quiet_logger());
  for (int i = 0; i < 100; ++i) {
    games::SessionRecord record;
    record.version = std::to_string(i);
    writer.save(i % 2 == 0 ? "even" : "odd", std::move(record));
  }
  writer.run([&] { jobs.push_back(1); });
  writer.run([&] { jobs.push_back(2); });
  writer.flush();  // not started: drains here
  ASSERT_EQ(written["even"].size(), 1u);
  EXPECT_EQ(written["even"][0], "98");
  ASSERT_EQ(written["odd"].size(), 1u);
  EXPECT_EQ(written["odd"][0], "99");
  EXPECT_EQ(jobs, (std::vector<int>{1, 2}));

  writer.start();
  games::SessionRecord last;
  last.version = "last";
  writer.save("even", last);
  writer.flush();
  EXPECT_EQ(written["even"].back(), "last");
  writer.stop();
}

TEST(GameLoopTest, ACallThatTimedOutBeforeItBeganNeverRuns) {
  auto mode = script();
  GameLoop loop(1, {}, quiet_logger());
  loop.add("d", session(mode, "d", games::wall_ms() - 1));
  loop.start();
  std::atomic<bool> slow_done{false};
  loop.post("d", "code_update", [&](GameSession& s, std::int64_t now) {
    s.advance(now);
    s.code_update("p1", "slow", now);
    slow_done = true;
  });
  std::atomic<int> ran{0};
  auto late = loop.call<int>(
      "d", "probe", [&ran](GameSession&, std::int64_t) { return ++ran; }, std::chrono::milliseconds(1));
  EXPECT_FALSE(late);
  // Once the slow input is done, the queue drains: the abandoned call did nothing.
  auto after = loop.call<int>(
      "d", "probe", [](GameSession&, std::int64_t) { return 7; }, std::chrono::seconds(60));
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, 7);
  EXPECT_TRUE(slow_done.load());
  EXPECT_EQ(ran.load(), 0);
}
