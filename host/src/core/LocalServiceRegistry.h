#pragma once

#include <arena/ServiceRegistry.h>

#include <map>
#include <mutex>
#include <vector>

namespace arena::host {

/// Services by name. Plugins provide during setup(); lookups are cheap and thread-safe.
class LocalServiceRegistry final : public ServiceRegistry {
 public:
  /// Names of the services provided so far.
  std::vector<std::string> names() const;
  /// Drops every service (before plugins unload).
  void clear();

 protected:
  void provide_raw(const std::string& name, std::shared_ptr<void> service) override;
  std::shared_ptr<void> find_raw(const std::string& name) const override;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<void>> services_;
};

}  // namespace arena::host
