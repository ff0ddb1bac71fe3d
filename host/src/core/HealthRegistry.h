#pragma once

#include <arena/HealthChecks.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

namespace arena::host {

/// The readiness checks behind GET /api/health.
class HealthRegistry final : public HealthChecks {
 public:
  void add(const std::string& name, std::function<HealthStatus()> check) override;
  /// Runs every check: {"status": "ok"|"unavailable", "checks": {name: {"ok", "detail"}}}.
  /// A check that throws counts as failed with the exception's message.
  std::pair<bool, nlohmann::json> run() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::function<HealthStatus()>>> checks_;
};

}  // namespace arena::host
