#pragma once

#include <arena/PluginContext.h>

#include <functional>

namespace arena::host {

class Host;

/// The PluginContext one plugin receives: views onto the host's shared parts, plus the
/// plugin's own config section, logger and data directory.
class HostPluginContext final : public PluginContext {
 public:
  HostPluginContext(Host& host, std::string plugin_name, nlohmann::json config);
  const std::string& plugin_name() const override { return name_; }
  const nlohmann::json& config() const override { return config_; }
  bool development() const override;
  std::filesystem::path data_dir() override;
  Router& router() override;
  Database& database() override;
  EventBus& events() override;
  ServiceRegistry& services() override;
  Metrics& metrics() override;
  HealthChecks& health() override;
  Commands& commands() override;
  std::shared_ptr<spdlog::logger> logger() override { return logger_; }
  Channels& channels() override;

 private:
  Host& host_;
  std::string name_;
  nlohmann::json config_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace arena::host
