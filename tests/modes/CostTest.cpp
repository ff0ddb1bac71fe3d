// What a handler call costs with the shipped modes (printed, never asserted: speed belongs to
// bench/). Run with --gtest_also_run_disabled_tests --gtest_filter=*Cost*.

#include "ModeTestSupport.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

namespace arena::modes {
namespace {

using namespace testing;

TEST(CostTest, DISABLED_HandlerCalls) {
  for (const auto& entry : std::filesystem::directory_iterator(ARENA_MODES_DIR)) {
    if (entry.path().extension() != ".lua") continue;
    LoadResult loaded = ModeScript::load_file(entry.path(), ModeLimits{});
    ASSERT_TRUE(loaded) << loaded.error;
    GameFacts facts;
    facts.game_id = "g";
    facts.options = resolve_options(loaded.script->info(), nlohmann::json::object()).options;
    for (int i = 1; i <= loaded.script->puzzle_count(facts.options, 4); ++i) facts.puzzles.push_back(puzzle(i));
    std::string error;
    const auto c0 = std::chrono::steady_clock::now();
    auto rt = GameRuntime::create(loaded.script, facts, &error);
    const double create_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - c0).count();
    ASSERT_TRUE(rt) << error;
    std::vector<PlayerFacts> players;
    for (int i = 1; i <= 4; ++i) players.push_back({"p" + std::to_string(i), "n", i, true, false, false, false});
    rt->set_players(players);
    ASSERT_TRUE(rt->init().ok);
    for (const auto& p : players) ASSERT_TRUE(rt->on_join(p).ok);
    ASSERT_TRUE(rt->on_start().ok);
    std::printf("%-14s create %6.0f us, memory %6zu bytes\n", loaded.script->name().c_str(), create_us,
                rt->memory_bytes());
    const auto measure = [&](const char* name, auto call) {
      std::vector<double> us;
      for (int i = 0; i < 1000; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        CallOutcome out = call(i);
        us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
        if (!out.ok) {
          std::printf("  %s failed: %s\n", name, out.error.c_str());
          return;
        }
      }
      std::sort(us.begin(), us.end());
      std::printf("  %-10s p50 %7.1f us  p99 %7.1f us\n", name, us[us.size() / 2], us[us.size() * 99 / 100]);
    };
    if (rt->has_handler("on_tick")) {
      measure("on_tick", [&](int i) {
        rt->set_clock(i * 1000);
        return rt->on_tick();
      });
    }
    if (rt->has_handler("on_code")) {
      measure("on_code", [&](int i) { return rt->on_code(players[i % 4], "print(int(input())" + std::to_string(i)); });
    }
    measure("on_result", [&](int i) { return rt->on_result(players[i % 4], result(i % 7 == 0, i % 6)); });
    measure("view", [&](int i) { return rt->view(&players[i % 4]); });
    measure("standings", [&](int) { return rt->standings(); });
  }
}

}  // namespace
}  // namespace arena::modes
