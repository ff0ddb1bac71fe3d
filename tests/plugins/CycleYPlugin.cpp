#include "OrderRecordingPlugin.h"

namespace {
class CycleYPlugin final : public test_plugins::OrderRecordingPlugin {
 public:
  CycleYPlugin() : OrderRecordingPlugin("cycle_y") {}
};
}  // namespace

ARENA_PLUGIN(CycleYPlugin, "cycle_y", "0.1.0", "other half of a dependency cycle", "{}", "cycle_x")
