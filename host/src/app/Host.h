#pragma once

#include "config/ConfigLoader.h"
#include "core/CommandRegistry.h"
#include "core/HealthRegistry.h"
#include "core/LocalEventBus.h"
#include "core/LocalServiceRegistry.h"
#include "core/MetricsRegistry.h"
#include "db/ConnectionPool.h"
#include "db/MigrationRunner.h"
#include "games/GamesService.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "plugins/PluginLibrary.h"
#include "realtime/ChannelRegistry.h"
#include "realtime/RealtimeServer.h"

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

namespace arena::host {

class HostPluginContext;

/// The whole server, assembled: effective config, database pool, plugins in dependency
/// order, router and HTTP server. Construction reads and validates the config and opens the
/// enabled plugins (so config and plugin errors stop start-up at once); setup() creates the
/// plugins; serve-related work happens in start()/stop().
class Host {
 public:
  explicit Host(const ConfigSources& sources);
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  /// The effective config (secrets in clear) and its full schema (host + enabled plugins).
  const nlohmann::json& config() const { return config_; }
  const nlohmann::json& schema() const { return schema_; }
  bool development() const { return config_.at("env") == "development"; }
  std::filesystem::path var_dir() const;
  std::filesystem::path plugin_dir() const { return plugin_dir_; }
  const std::vector<std::shared_ptr<PluginLibrary>>& libraries() const { return libraries_; }

  /// Creates the plugins and calls their setup() in dependency order; adds the host's own
  /// routes. Throws if a plugin refuses.
  void setup();
  /// Applies pending migrations of the host and the enabled plugins; returns those applied.
  std::vector<MigrationState> migrate();
  /// Every migration of the host and the enabled plugins, applied or not.
  std::vector<MigrationState> migration_status();
  /// Calls every plugin's seed() in dependency order.
  void seed();
  /// Starts plugins' background work and the HTTP server.
  void start();
  /// The HTTP port after start().
  std::uint16_t port() const;
  /// Graceful stop: HTTP first (in-flight requests finish), then plugins in reverse order,
  /// then the pool. Safe to call twice.
  void stop();

  HttpRouter& router() { return router_; }
  ConnectionPool& database();
  LocalEventBus& events() { return *events_; }
  LocalServiceRegistry& services() { return services_; }
  MetricsRegistry& metrics() { return metrics_; }
  HealthRegistry& health() { return health_; }
  CommandRegistry& commands() { return commands_; }
  realtime::ChannelRegistry& channels() { return *channels_; }
  /// The WebSocket endpoint after start() (null before).
  realtime::RealtimeServer* realtime() { return realtime_.get(); }
  std::shared_ptr<spdlog::logger> logger() { return logger_; }
  /// Live games and game modes (made by setup(), run by start()); null before setup().
  games::GamesService* games() { return games_.get(); }

 private:
  std::vector<MigrationSet> migration_sets() const;
  void add_host_routes();
  void add_host_health_checks();
  void setup_games();

  nlohmann::json config_;
  nlohmann::json schema_;
  std::filesystem::path plugin_dir_;
  std::shared_ptr<spdlog::logger> logger_;
  std::vector<std::shared_ptr<PluginLibrary>> libraries_;

  MetricsRegistry metrics_;
  HealthRegistry health_;
  CommandRegistry commands_;
  LocalServiceRegistry services_;
  std::unique_ptr<LocalEventBus> events_;
  std::unique_ptr<realtime::ChannelRegistry> channels_;
  HttpRouter router_;
  std::unique_ptr<ConnectionPool> pool_;
  std::vector<std::unique_ptr<HostPluginContext>> contexts_;
  std::vector<std::unique_ptr<Plugin>> plugins_;  // same order as libraries_
  std::shared_ptr<HttpPipeline> pipeline_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<realtime::RealtimeServer> realtime_;
  std::unique_ptr<games::GamesService> games_;
  bool started_ = false;
  std::atomic<bool> migrations_current_{false};
};

/// The process's logger ("arena"), created once with the given level.
std::shared_ptr<spdlog::logger> make_logger(const std::string& level);

}  // namespace arena::host
