// bench/games: many concurrent games on one GameLoop (see run.sh). No database, no sockets:
// outgoing messages are counted and dropped, snapshots are taken (as the loop's writer would
// get them) and dropped; the judge is a timer that answers 200 ms after a submission.
#include "games/GameLoop.h"
#include "games/GameSession.h"
#include "modes/GameRuntime.h"
#include "modes/ModeScript.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace arena;
using games::GameLoop;
using games::GameSession;
using games::wall_ms;

namespace {

constexpr int kPlayers = 4;
constexpr int kTests = 5;
constexpr std::int64_t kJudgeMs = 200;
constexpr std::int64_t kSubmitEveryMs = 3000;  // per player, with jitter

struct Samples {
  std::mutex mutex;
  std::map<std::string, std::vector<double>> cpu_us;      // by input kind
  std::map<std::string, std::vector<double>> handler_us;  // by mode handler
  std::vector<double> lag_ms;
  void cpu(const std::string& kind, double us) {
    std::lock_guard lock(mutex);
    cpu_us[kind].push_back(us);
  }
  void handler(const char* name, double us) {
    std::lock_guard lock(mutex);
    handler_us[name].push_back(us);
  }
  void lag(double ms) {
    std::lock_guard lock(mutex);
    lag_ms.push_back(ms);
  }
};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  return values[index];
}

double rss_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

GamePuzzle synthetic_puzzle() {
  GamePuzzle puzzle;
  puzzle.id = "00000000-0000-0000-0000-000000000001";
  puzzle.title = "Add one";
  puzzle.statement = "Read an integer and print it plus one.";
  puzzle.difficulty = "BEGINNER";
  for (int i = 0; i < kTests; ++i)
    puzzle.validators.push_back({std::to_string(i) + "\n", std::to_string(i + 1) + "\n", i >= 2});
  puzzle.examples.push_back({"1\n", "2\n", ""});
  puzzle.starters.push_back({"python", "print(int(input())+2)"});
  puzzle.solution_language = "python";
  puzzle.solution_code = "print(int(input())+1)";
  return puzzle;
}

std::string player_id(int game, int player) {
  char id[40];
  std::snprintf(id, sizeof id, "%08x-0000-4000-8000-%012x", game, player);
  return id;
}

struct Bench {
  GameLoop* loop = nullptr;
  Samples* samples = nullptr;
  std::atomic<std::uint64_t> submissions{0}, refused{0}, judged{0}, ticks{0};
  std::atomic<bool> running{true};

  // One player's next submission, then the next one a few seconds later.
  void schedule_submission(const std::string& game, const std::string& player, std::int64_t at, std::uint64_t seed) {
    loop->post_at(game, at, "submit", [this, game, player, seed](GameSession& session, std::int64_t now) {
      if (!running || session.over()) return;
      std::mt19937_64 random(seed);
      auto outcome = session.submit(player, "python", "print(int(input())+1)", std::nullopt, now);
      if (auto* plan = std::get_if<games::JudgePlan>(&outcome)) {
        ++submissions;
        modes::SubmissionFacts facts;
        facts.language = "python";
        facts.tests.resize(kTests);
        for (int i = 0; i < kTests; ++i) facts.tests[i] = random() % 2 == 0;  // all five pass 1 time in 32
        facts.tests_total = kTests;
        facts.tests_passed = static_cast<std::size_t>(std::count(facts.tests.begin(), facts.tests.end(), true));
        facts.passed = facts.tests_passed == kTests;
        facts.verdict = facts.passed ? "OK" : "WA";
        facts.cpu_ms = 10 * kTests;
        facts.memory_kb = 8000;
        std::string key = plan->submission_key;
        loop->post_at(game, now + kJudgeMs, "judged", [this, key, facts](GameSession& s, std::int64_t t) {
          ++judged;
          s.judged(key, facts, t);
        });
      } else {
        ++refused;
      }
      schedule_submission(game, player, now + kSubmitEveryMs / 2 + static_cast<std::int64_t>(random() % kSubmitEveryMs),
                          random());
    });
  }

  // The 1 s tick of one game: how late it runs is the loop's lag.
  void schedule_tick(const std::string& game, std::int64_t at) {
    loop->post_at(game, at, "tick", [this, game, at](GameSession& session, std::int64_t now) {
      if (!running) return;
      samples->lag(static_cast<double>(now - at));
      ++ticks;
      session.advance(now);
      if (!session.over()) schedule_tick(game, at + 1000);
    });
  }
};

}  // namespace

int main(int argc, char** argv) {
  int seconds = argc > 1 ? std::atoi(argv[1]) : 30;
  int game_count = argc > 2 ? std::atoi(argv[2]) : 1000;
  int threads = argc > 3 ? std::atoi(argv[3]) : 2;
  auto logger = std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());

  modes::ModeLimits limits;
  auto loaded = modes::ModeScript::load_file(std::string(ARENA_MODES_DIR) + "/fastest.lua", limits);
  if (!loaded) {
    std::cerr << "fastest.lua: " << loaded.error << "\n";
    return 1;
  }

  Samples samples;
  std::atomic<std::uint64_t> messages{0}, snapshots{0}, snapshot_bytes{0}, faults{0};
  GameLoop::Hooks hooks;
  hooks.deliver = [&](const std::string&, GameSession&, std::vector<games::Outgoing>& out) { messages += out.size(); };
  hooks.save = [&](const std::string&, GameSession& session) {
    // What the loop hands the writer (the writer thread serialises it; sampled here for size).
    auto snapshot = session.snapshot();
    if (snapshots++ % 64 == 0) snapshot_bytes += snapshot.dump().size();
  };
  hooks.fault = [&](const std::string&, const std::string&, const std::string&) { ++faults; };
  hooks.input_cpu = [&](const char* kind, std::chrono::nanoseconds cpu) {
    samples.cpu(kind, std::chrono::duration<double, std::micro>(cpu).count());
  };
  GameLoop loop(threads, hooks, logger);
  Bench bench;
  bench.loop = &loop;
  bench.samples = &samples;

  double rss_before = rss_mib();
  auto puzzle = synthetic_puzzle();
  std::int64_t start = wall_ms() + 2000;
  std::mt19937_64 random(42);
  std::vector<std::string> ids;
  for (int g = 0; g < game_count; ++g) {
    modes::GameFacts facts;
    facts.game_id = player_id(g, 0);
    facts.mode = loaded.script->name();
    facts.version = loaded.script->version();
    facts.duration_s = seconds + 60;
    facts.puzzles = {puzzle};
    std::string error;
    auto runtime = modes::GameRuntime::create(loaded.script, facts, &error);
    if (!runtime) {
      std::cerr << "runtime: " << error << "\n";
      return 1;
    }
    runtime->set_call_observer([&samples](const char* handler, const modes::CallOutcome& outcome) {
      samples.handler(handler, std::chrono::duration<double, std::micro>(outcome.cpu).count());
    });
    GameSession::Setup setup;
    setup.facts = facts;
    for (int p = 1; p <= kPlayers; ++p) {
      modes::PlayerFacts player;
      player.id = player_id(g, p);
      player.name = "player" + std::to_string(p);
      player.index = p;
      player.connected = true;
      setup.players.push_back(player);
    }
    setup.created_at_ms = wall_ms();
    setup.starts_at_ms = start;
    setup.seed = random();
    auto session = GameSession::create(std::move(setup), std::move(runtime), &error);
    if (!session) {
      std::cerr << "session: " << error << "\n";
      return 1;
    }
    loop.add(facts.game_id, std::move(session));
    ids.push_back(facts.game_id);
  }
  double rss_games = rss_mib();
  loop.start();
  for (std::size_t g = 0; g < ids.size(); ++g) {
    std::int64_t offset = static_cast<std::int64_t>(random() % 1000);
    bench.schedule_tick(ids[g], start + offset);
    for (int p = 1; p <= kPlayers; ++p) {
      bench.schedule_submission(ids[g], player_id(static_cast<int>(g), p),
                                start + static_cast<std::int64_t>(random() % kSubmitEveryMs), random());
    }
  }
  std::cout << "games_bench: " << game_count << " games x " << kPlayers << " players, " << threads << " loop threads, "
            << seconds << " s (FASTEST " << loaded.script->version() << ")" << std::endl;
  std::this_thread::sleep_for(std::chrono::milliseconds(start - wall_ms()) + std::chrono::seconds(seconds));
  bench.running = false;
  double rss_end = rss_mib();
  loop.stop();

  std::vector<double> all;
  std::printf("%-12s %10s %10s %10s %10s\n", "input", "count", "p50 us", "p99 us", "max us");
  for (const auto& [kind, values] : samples.cpu_us) {
    all.insert(all.end(), values.begin(), values.end());
    std::printf("%-12s %10zu %10.1f %10.1f %10.1f\n", kind.c_str(), values.size(), percentile(values, 0.5),
                percentile(values, 0.99), percentile(values, 1.0));
  }
  std::printf("%-12s %10zu %10.1f %10.1f %10.1f\n", "all", all.size(), percentile(all, 0.5), percentile(all, 0.99),
              percentile(all, 1.0));
  std::vector<double> calls;
  std::printf("\n%-12s %10s %10s %10s %10s\n", "handler", "calls", "p50 us", "p99 us", "max us");
  for (const auto& [name, values] : samples.handler_us) {
    calls.insert(calls.end(), values.begin(), values.end());
    std::printf("%-12s %10zu %10.1f %10.1f %10.1f\n", name.c_str(), values.size(), percentile(values, 0.5),
                percentile(values, 0.99), percentile(values, 1.0));
  }
  std::printf("%-12s %10zu %10.1f %10.1f %10.1f   (CPU time per mode handler call)\n\n", "all", calls.size(),
              percentile(calls, 0.5), percentile(calls, 0.99), percentile(calls, 1.0));
  std::printf("loop lag (1 s ticks): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %zu ticks\n",
              percentile(samples.lag_ms, 0.5), percentile(samples.lag_ms, 0.99), percentile(samples.lag_ms, 1.0),
              samples.lag_ms.size());
  std::printf(
      "submissions %llu (refused %llu), judged %llu, messages %llu, snapshots %llu (avg %.0f bytes), faults %llu\n",
      static_cast<unsigned long long>(bench.submissions.load()), static_cast<unsigned long long>(bench.refused.load()),
      static_cast<unsigned long long>(bench.judged.load()), static_cast<unsigned long long>(messages.load()),
      static_cast<unsigned long long>(snapshots.load()),
      snapshots ? static_cast<double>(snapshot_bytes.load()) / static_cast<double>((snapshots.load() + 63) / 64) : 0.0,
      static_cast<unsigned long long>(faults.load()));
  std::printf("memory: %.1f MiB RSS for %d games created (%.1f KiB per game), %.1f KiB per game at the end\n",
              rss_games - rss_before, game_count, (rss_games - rss_before) * 1024.0 / game_count,
              (rss_end - rss_before) * 1024.0 / game_count);
  std::printf("games still running: %zu of %d\n", loop.running(), game_count);
  return 0;
}
