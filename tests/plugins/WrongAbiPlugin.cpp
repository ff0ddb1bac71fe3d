// A plugin that claims another SDK ABI: the descriptor is written by hand instead of with
// ARENA_PLUGIN, as a plugin built against an older SDK would have it.
#include "OrderRecordingPlugin.h"

namespace {
class WrongAbiPlugin final : public test_plugins::OrderRecordingPlugin {
 public:
  WrongAbiPlugin() : OrderRecordingPlugin("wrong_abi") {}
};
}  // namespace

ARENA_PLUGIN_EXPORT const arena::PluginDescriptor* arena_plugin_descriptor() noexcept {
  static const char* const dependencies[] = {nullptr};
  static const arena::PluginDescriptor descriptor{arena::kSdkAbiVersion + 998, "wrong_abi", "9.9.9", "built for another ABI",
                                                  dependencies, "{}", &arena::embedded::migrations};
  return &descriptor;
}

ARENA_PLUGIN_EXPORT arena::Plugin* arena_plugin_create() noexcept {
  return std::make_unique<WrongAbiPlugin>().release();
}
