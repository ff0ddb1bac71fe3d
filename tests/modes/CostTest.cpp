// What a handler call costs (printed, never asserted: speed belongs to bench/). Run with
// --gtest_also_run_disabled_tests --gtest_filter=*Cost*.

#include "ModeTestSupport.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

namespace arena::modes {
namespace {

using namespace testing;

TEST(CostTest, DISABLED_HandlerCalls) {
  const auto path = std::filesystem::path(ARENA_MODES_DIR) / "fastest.lua";
  LoadResult loaded = ModeScript::load_file(path, ModeLimits{});
  ASSERT_TRUE(loaded) << loaded.error;
  GameFacts facts;
  facts.game_id = "g";
  facts.options = resolve_options(loaded.script->info(), nlohmann::json::object()).options;
  facts.puzzles = {puzzle(1)};
  std::string error;
  auto rt = GameRuntime::create(loaded.script, facts, &error);
  ASSERT_TRUE(rt) << error;
  std::vector<PlayerFacts> players;
  for (int i = 1; i <= 4; ++i) players.push_back({"p" + std::to_string(i), "n", i, true, false, false, false});
  rt->set_players(players);
  ASSERT_TRUE(rt->init().ok);
  for (const auto& p : players) ASSERT_TRUE(rt->on_join(p).ok);
  ASSERT_TRUE(rt->on_start().ok);
  const auto measure = [&](const char* name, auto call) {
    std::vector<double> us;
    for (int i = 0; i < 2000; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      CallOutcome out = call(i);
      us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
      ASSERT_TRUE(out.ok) << out.error;
    }
    std::sort(us.begin(), us.end());
    std::printf("%-12s p50 %7.1f us  p99 %7.1f us\n", name, us[us.size() / 2], us[us.size() * 99 / 100]);
  };
  measure("on_tick", [&](int i) {
    rt->set_clock(i * 1000);
    return rt->on_tick();
  });
  measure("on_result", [&](int i) { return rt->on_result(players[i % 4], result(i % 3 == 0, i % 6)); });
  measure("view", [&](int i) { return rt->view(&players[i % 4]); });
  measure("standings", [&](int) { return rt->standings(); });
  measure("on_code", [&](int i) { return rt->on_code(players[i % 4], std::string(200, 'x')); });
  std::printf("memory %zu bytes\n", rt->memory_bytes());
}

}  // namespace
}  // namespace arena::modes
