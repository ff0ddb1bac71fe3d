#pragma once

#include <arena/Migration.h>
#include <arena/PluginContext.h>
#include <arena/Version.h>

#include <memory>

namespace arena {

/// What the host reads from a plugin before creating it. Layout is part of the ABI:
/// `abi_version` stays the first member forever.
struct PluginDescriptor {
  unsigned abi_version;              ///< kSdkAbiVersion the plugin was compiled with
  const char* name;                  ///< short name: config section, routes' owner, migrations' key
  const char* version;               ///< the plugin's own version
  const char* description;           ///< one line for `arena plugins`
  const char* const* dependencies;   ///< names of plugins that must load first; nullptr-terminated
  const char* config_schema;         ///< JSON schema of the plugin's config section (see docs/plugins.md)
  MigrationList (*migrations)();     ///< the embedded SQL migrations
};

/// A feature plugin. The host calls, in dependency order: setup() for every command
/// (register routes, services, subscriptions, commands; start no threads), then start()
/// only when serving (background work), and stop() in reverse order on shutdown.
class Plugin {
 public:
  virtual ~Plugin() = default;
  /// Registers what the plugin adds through `context`. Throw to refuse to start.
  virtual void setup(PluginContext& context) = 0;
  /// Starts background work (threads, listeners); called by `arena serve` after every setup().
  virtual void start() {}
  /// Stops background work; called in reverse dependency order before the host exits.
  virtual void stop() {}
  /// Loads demo data when `arena seed` runs; must do nothing when the data is already there.
  virtual void seed() {}
};

}  // namespace arena

/// The two C entry points the host looks up. Exceptions never cross them.
#define ARENA_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

/// Declares a plugin: ARENA_PLUGIN(MyPlugin, "name", "1.0.0", "what it does", R"({...schema...})", "dep1", "dep2")
#define ARENA_PLUGIN(PluginClass, NAME, VERSION, DESCRIPTION, SCHEMA, ...)                                  \
  ARENA_PLUGIN_EXPORT const ::arena::PluginDescriptor* arena_plugin_descriptor() noexcept {                 \
    static const char* const dependencies[] = {__VA_ARGS__ __VA_OPT__(, ) nullptr};                         \
    static const ::arena::PluginDescriptor descriptor{::arena::kSdkAbiVersion, NAME,         VERSION,       \
                                                      DESCRIPTION,             dependencies, SCHEMA,        \
                                                      &::arena::embedded::migrations};                      \
    return &descriptor;                                                                                     \
  }                                                                                                         \
  ARENA_PLUGIN_EXPORT ::arena::Plugin* arena_plugin_create() noexcept {                                     \
    try {                                                                                                   \
      return std::make_unique<PluginClass>().release();                                                     \
    } catch (...) {                                                                                         \
      return nullptr;                                                                                       \
    }                                                                                                       \
  }
