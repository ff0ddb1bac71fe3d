// GameRuntime against real Lua: handlers, state, effects, rollback, rng, JSON.

#include "ModeTestSupport.h"

namespace arena::modes {
namespace {

using namespace testing;

TEST(GameRuntimeTest, InitJoinViewStandings) {
  auto script = load_ok(test_mode());
  ASSERT_TRUE(script);
  auto rt = started(script);
  ASSERT_TRUE(rt);
  EXPECT_EQ(rt->state()["bonus"], 10);
  EXPECT_EQ(rt->state()["scores"]["p1"], 0);
  rt->set_clock(1234);
  const PlayerFacts p1 = two_players()[0];
  CallOutcome view = rt->view(&p1);
  ASSERT_TRUE(view.ok) << view.error;
  EXPECT_EQ(view.value["score"], 0);
  EXPECT_EQ(view.value["now"], 1234);
  EXPECT_EQ(view.value["puzzles"], 1);
  CallOutcome spectator = rt->view(nullptr);
  ASSERT_TRUE(spectator.ok) << spectator.error;
  EXPECT_EQ(spectator.value["score"], false);
  CallOutcome rows = rt->standings();
  ASSERT_TRUE(rows.ok) << rows.error;
  ASSERT_EQ(rows.value.size(), 2u);
  EXPECT_EQ(rows.value[0]["place"], 1);
}

}  // namespace
}  // namespace arena::modes
