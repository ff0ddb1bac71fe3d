// The host's own routes: GET /api/health and GET /metrics, and the health checks behind them.
#include "app/Host.h"

#include <arena/Version.h>

#include <algorithm>

namespace arena::host {

using nlohmann::json;

void Host::add_host_health_checks() {
  health_.add("database", [this]() -> HealthStatus {
    auto started = std::chrono::steady_clock::now();
    try {
      database().run([](pqxx::connection& c) { pqxx::nontransaction(c).exec("SELECT 1"); });
    } catch (const std::exception& e) {
      return {false, e.what()};
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return {true, fmt::format("reachable in {:.1f} ms", ms)};
  });
  health_.add("migrations", [this]() -> HealthStatus {
    // Once current, always current for this process (migrations are never undone).
    if (migrations_current_) return {true, "current"};
    auto states = migration_status();
    std::vector<std::string> pending;
    for (const auto& state : states) {
      if (!state.applied) pending.push_back(state.owner + "/" + state.file);
    }
    if (pending.empty()) {
      migrations_current_ = true;
      return {true, "current"};
    }
    return {false, std::to_string(pending.size()) + " pending (run `arena migrate`): " + pending.front()};
  });
}

void Host::add_host_routes() {
  router_.add("GET", "/api/health", Role::Public, [this](Request&) {
    auto [ok, body] = health_.run();
    body["version"] = kHostVersion;
    json plugins = json::array();
    for (const auto& library : libraries_) plugins.push_back({{"name", library->name()}, {"version", library->version()}});
    body["plugins"] = plugins;
    return Response::json(body, ok ? 200 : 503);
  });

  router_.add("GET", "/metrics", Role::Public, [this](Request& request) {
    const auto allow = config_.at("metrics").at("allow").get<std::vector<std::string>>();
    bool allowed = std::any_of(allow.begin(), allow.end(), [&](const std::string& entry) {
      return entry == "*" || entry == request.remote_address;
    });
    if (!allowed) throw errors::forbidden("metrics are not served to this address (metrics.allow)");
    Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = metrics_.render();
    return response;
  });
}

}  // namespace arena::host
