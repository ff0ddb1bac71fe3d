#include "core/HealthRegistry.h"

namespace arena::host {

void HealthRegistry::add(const std::string& name, std::function<HealthStatus()> check) {
  std::lock_guard lock(mutex_);
  checks_.emplace_back(name, std::move(check));
}

std::pair<bool, nlohmann::json> HealthRegistry::run() const {
  decltype(checks_) checks;
  {
    std::lock_guard lock(mutex_);
    checks = checks_;
  }
  bool all_ok = true;
  nlohmann::json results = nlohmann::json::object();
  for (const auto& [name, check] : checks) {
    HealthStatus status;
    try {
      status = check();
    } catch (const std::exception& e) {
      status = {false, e.what()};
    }
    all_ok = all_ok && status.ok;
    results[name] = {{"ok", status.ok}, {"detail", status.detail}};
  }
  return {all_ok, {{"status", all_ok ? "ok" : "unavailable"}, {"checks", results}}};
}

void HealthRegistry::clear() {
  std::lock_guard lock(mutex_);
  checks_.clear();
}

}  // namespace arena::host
