#include "app/Host.h"

#include "app/HostPluginContext.h"
#include "config/HostConfigSchema.h"
#include "games/GameRoutes.h"
#include "plugins/PluginResolver.h"
#include "realtime/HostChannels.h"

#include <arena/Identity.h>
#include <arena/JudgeService.h>
#include <arena/PuzzleCatalog.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace arena::host {

namespace fs = std::filesystem;
using nlohmann::json;

std::shared_ptr<spdlog::logger> make_logger(const std::string& level) {
  auto logger = spdlog::get("arena");
  if (!logger) {
    logger = spdlog::stderr_color_mt("arena");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ [%n] %v");
  }
  logger->set_level(spdlog::level::from_str(level));
  return logger;
}

Host::Host(const ConfigSources& sources) {
  ConfigLoader loader(sources);
  // First pass: the host's own sections, to learn which plugins to open.
  json base = loader.load(host_config_schema(), /*lenient=*/true);
  logger_ = make_logger(base["log"]["level"]);
  plugin_dir_ = plugin_dir_for(base["plugins"]["path"]);
  libraries_ = resolve_plugins(plugin_dir_, base["plugins"]["enabled"].get<std::vector<std::string>>());

  schema_ = host_config_schema();
  for (const auto& library : libraries_) {
    schema_[library->name()] = {
        {"type", "object"}, {"doc", library->description()}, {"keys", library->config_schema()}};
  }
  // Sections of installed but disabled plugins are kept in the file without complaint.
  std::vector<std::string> ignored;
  for (const auto& [section, _] : loader.file_tree().items()) {
    if (!schema_.contains(section) && fs::exists(plugin_file(plugin_dir_, section))) {
      logger_->info("config section '{}' belongs to a plugin that is not enabled; ignored", section);
      ignored.push_back(section);
    }
  }
  config_ = loader.load(schema_, /*lenient=*/false, ignored);
  fill_generated_secrets(config_, schema_, var_dir());
  if (config_["database"]["url"].get<std::string>().empty()) {
    config_["database"]["url"] =
        "host=" + (fs::absolute(var_dir()) / "pg" / "run").string() + " port=5432 dbname=arena user=arena";
  }
  events_ = std::make_unique<LocalEventBus>(logger_);
  channels_ = std::make_unique<realtime::ChannelRegistry>(logger_);
  realtime::add_host_channels(*channels_, *events_);
}

Host::~Host() {
  stop();
  // Handlers, services and subscribers may point into plugin objects: drop them first.
  router_.clear();
  events_->clear();
  channels_->clear_channels();
  games_.reset();  // holds services of plugins and subscriptions on the bus
  services_.clear();
  health_.clear();
  commands_.clear();
  pipeline_.reset();
  while (!plugins_.empty()) plugins_.pop_back();
  contexts_.clear();
}

fs::path Host::var_dir() const {
  return fs::path(config_.at("paths").at("var").get<std::string>());
}

ConnectionPool& Host::database() {
  if (!pool_) {
    const auto& db = config_.at("database");
    PoolOptions options;
    options.url = db.at("url");
    options.size = db.at("pool_size");
    options.acquire_timeout = std::chrono::milliseconds(db.at("acquire_timeout_ms").get<int>());
    options.statement_timeout = std::chrono::milliseconds(db.at("statement_timeout_ms").get<int>());
    options.connect_timeout_s = db.at("connect_timeout_s");
    pool_ = std::make_unique<ConnectionPool>(options, logger_);
    metrics_.add_collector(
        [this, &gauge = metrics_.gauge("arena_db_pool_connections", "Database pool connections by state", {"state"})] {
          auto stats = pool_->stats();
          gauge.set(static_cast<double>(stats.in_use), {"in_use"});
          gauge.set(static_cast<double>(stats.open - std::min(stats.open, stats.in_use)), {"idle"});
          gauge.set(static_cast<double>(stats.waiting), {"waiting"});
          gauge.set(static_cast<double>(stats.size), {"max"});
        });
  }
  return *pool_;
}

void Host::setup() {
  add_host_routes();
  add_host_health_checks();
  for (const auto& library : libraries_) {
    auto context = std::make_unique<HostPluginContext>(*this, library->name(), config_[library->name()]);
    auto plugin = library->create();
    try {
      plugin->setup(*context);
    } catch (const std::exception& e) {
      throw PluginError("plugin '" + library->name() + "' failed to set up: " + e.what());
    }
    logger_->debug("plugin {} {} set up", library->name(), library->version());
    contexts_.push_back(std::move(context));
    plugins_.push_back(std::move(plugin));
  }
  setup_games();
}

// After the plugins: the rooms plugin listens for "modes.loaded" by then, and the game:* topic
// and the game routes are the host's own.
void Host::setup_games() {
  games_ = std::make_unique<games::GamesService>(games::GamesSettings::from_config(config_), database(), *events_,
                                                 *channels_, metrics_, logger_);
  games::add_game_routes(router_, *games_);
  health_.add("modes", [this]() -> HealthStatus {
    auto [ok, detail] = games_->health();
    return {ok, detail};
  });
}

std::vector<MigrationSet> Host::migration_sets() const {
  std::vector<MigrationSet> sets{{"host", arena::embedded::migrations()}};
  for (const auto& library : libraries_) sets.push_back({library->name(), library->migrations()});
  return sets;
}

std::vector<MigrationState> Host::migrate() {
  MigrationRunner runner(database(), logger_);
  return runner.apply(migration_sets());
}

std::vector<MigrationState> Host::migration_status() {
  MigrationRunner runner(database(), logger_);
  return runner.status(migration_sets());
}

void Host::seed() {
  for (std::size_t i = 0; i < plugins_.size(); ++i) {
    logger_->info("seeding {}", libraries_[i]->name());
    plugins_[i]->seed();
  }
}

void Host::start() {
  for (auto& plugin : plugins_) plugin->start();
  started_ = true;
  // The judge and the catalogue are looked up now: plugins provide them in setup().
  if (games_) games_->start(services_.find<JudgeService>(), services_.find<PuzzleCatalog>());
  auto settings = HttpSettings::from_config(config_);
  std::optional<StaticFiles> static_files;
  fs::path web_root = config_.at("web").at("root").get<std::string>();
  if (fs::is_directory(web_root)) {
    static_files.emplace(web_root);
  } else {
    logger_->warn("web.root {} does not exist; only the API is served", web_root.string());
  }
  pipeline_ = std::make_shared<HttpPipeline>(settings, router_, std::move(static_files), services_.find<Identity>(),
                                             metrics_, logger_);
  realtime_ = std::make_unique<realtime::RealtimeServer>(realtime::RealtimeSettings::from_config(config_), *channels_,
                                                         services_.find<Identity>(), metrics_, logger_);
  pipeline_->set_upgrade(realtime::RealtimeServer::kPath,
                         [this](Request& request, Poco::Net::HTTPServerRequest& in,
                                Poco::Net::HTTPServerResponse& out) { return realtime_->upgrade(request, in, out); });
  server_ = std::make_unique<HttpServer>(settings, pipeline_, logger_);
  server_->start();
}

std::uint16_t Host::port() const {
  return server_ ? server_->port() : 0;
}

void Host::stop() {
  if (server_) server_->shutdown();
  // Sockets close before plugins stop: their channels' leave() runs while plugins still work.
  if (realtime_) realtime_->stop();
  // Games stop before the plugins whose services they use (their state is already saved).
  if (games_) games_->stop();
  if (started_) {
    for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
      try {
        (*it)->stop();
      } catch (const std::exception& e) {
        logger_->error("a plugin failed to stop: {}", e.what());
      }
    }
    started_ = false;
  }
  if (pool_) pool_->close();
}

}  // namespace arena::host
