#include "OrderRecordingPlugin.h"

namespace {
class CycleXPlugin final : public test_plugins::OrderRecordingPlugin {
 public:
  CycleXPlugin() : OrderRecordingPlugin("cycle_x") {}
};
}  // namespace

ARENA_PLUGIN(CycleXPlugin, "cycle_x", "0.1.0", "half of a dependency cycle", "{}", "cycle_y")
