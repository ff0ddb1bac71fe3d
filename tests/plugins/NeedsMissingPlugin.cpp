#include "OrderRecordingPlugin.h"

namespace {
class NeedsMissingPlugin final : public test_plugins::OrderRecordingPlugin {
 public:
  NeedsMissingPlugin() : OrderRecordingPlugin("needs_missing") {}
};
}  // namespace

ARENA_PLUGIN(NeedsMissingPlugin, "needs_missing", "0.1.0", "requires a plugin that does not exist", "{}", "nonexistent")
