#include "OrderRecordingPlugin.h"

namespace {
class GammaPlugin final : public test_plugins::OrderRecordingPlugin {
 public:
  GammaPlugin() : OrderRecordingPlugin("gamma") {}
};
}  // namespace

ARENA_PLUGIN(GammaPlugin, "gamma", "0.1.0", "test plugin requiring beta", "{}", "beta")
