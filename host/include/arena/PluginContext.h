#pragma once

#include <arena/Channels.h>
#include <arena/Commands.h>
#include <arena/Database.h>
#include <arena/EventBus.h>
#include <arena/HealthChecks.h>
#include <arena/Metrics.h>
#include <arena/Router.h>
#include <arena/ServiceRegistry.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <spdlog/logger.h>
#include <string>

namespace arena {

/// Everything the host offers a plugin. Valid from setup() until the plugin is destroyed.
class PluginContext {
 public:
  virtual ~PluginContext() = default;
  /// The plugin's name, as in its descriptor.
  virtual const std::string& plugin_name() const = 0;
  /// The plugin's config section (the top-level key named after the plugin), validated
  /// against its schema with defaults filled in.
  virtual const nlohmann::json& config() const = 0;
  /// True in development (`env` = "development"): relaxed secrets, verbose errors.
  virtual bool development() const = 0;
  /// A directory for the plugin's own files (var/<plugin>/), created on first use.
  virtual std::filesystem::path data_dir() = 0;
  /// Adds HTTP routes.
  virtual Router& router() = 0;
  /// The PostgreSQL pool.
  virtual Database& database() = 0;
  /// In-process events between plugins.
  virtual EventBus& events() = 0;
  /// Services offered by plugins.
  virtual ServiceRegistry& services() = 0;
  /// Prometheus metrics.
  virtual Metrics& metrics() = 0;
  /// Readiness checks for GET /api/health.
  virtual HealthChecks& health() = 0;
  /// Operator subcommands of the `arena` program.
  virtual Commands& commands() = 0;
  /// A logger named after the plugin.
  virtual std::shared_ptr<spdlog::logger> logger() = 0;
  /// Real-time channels on /socket/websocket (Phoenix Channels v2): add topics in setup(),
  /// broadcast, push and track presence from any thread afterwards (docs/realtime.md).
  virtual Channels& channels() = 0;
};

}  // namespace arena
