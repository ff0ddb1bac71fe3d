#include "OrderRecordingPlugin.h"

namespace {
class BetaPlugin final : public test_plugins::OrderRecordingPlugin {
 public:
  BetaPlugin() : OrderRecordingPlugin("beta") {}
};
}  // namespace

ARENA_PLUGIN(BetaPlugin, "beta", "0.1.0", "test plugin requiring alpha", "{}", "alpha")
