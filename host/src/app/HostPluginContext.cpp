#include "app/HostPluginContext.h"

#include "app/Host.h"

namespace arena::host {

HostPluginContext::HostPluginContext(Host& host, std::string plugin_name, nlohmann::json config)
    : host_(host), name_(std::move(plugin_name)), config_(std::move(config)), logger_(host.logger()->clone(name_)) {}

bool HostPluginContext::development() const { return host_.development(); }

std::filesystem::path HostPluginContext::data_dir() {
  auto dir = host_.var_dir() / name_;
  std::filesystem::create_directories(dir);
  return dir;
}

Router& HostPluginContext::router() { return host_.router(); }
Database& HostPluginContext::database() { return host_.database(); }
EventBus& HostPluginContext::events() { return host_.events(); }
ServiceRegistry& HostPluginContext::services() { return host_.services(); }
Metrics& HostPluginContext::metrics() { return host_.metrics(); }
HealthChecks& HostPluginContext::health() { return host_.health(); }
Commands& HostPluginContext::commands() { return host_.commands(); }
Channels& HostPluginContext::channels() { return host_.channels(); }

}  // namespace arena::host
