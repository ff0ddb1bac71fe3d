#pragma once

#include <functional>
#include <string>

namespace arena {

/// The result of one readiness check.
struct HealthStatus {
  bool ok = true;
  std::string detail;  ///< short, human-readable; shown in GET /api/health
};

/// Readiness checks reported by GET /api/health (503 when any fails).
class HealthChecks {
 public:
  virtual ~HealthChecks() = default;
  /// Adds a check. It runs on every health request: keep it cheap and non-blocking.
  virtual void add(const std::string& name, std::function<HealthStatus()> check) = 0;
};

}  // namespace arena
