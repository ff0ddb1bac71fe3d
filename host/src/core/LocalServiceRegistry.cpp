#include "core/LocalServiceRegistry.h"

#include <stdexcept>

namespace arena::host {

void LocalServiceRegistry::provide_raw(const std::string& name, std::shared_ptr<void> service) {
  std::lock_guard lock(mutex_);
  if (!service) throw std::logic_error("service '" + name + "': provided a null implementation");
  if (!services_.emplace(name, std::move(service)).second)
    throw std::logic_error("service '" + name + "' is already provided by another plugin");
}

std::shared_ptr<void> LocalServiceRegistry::find_raw(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = services_.find(name);
  return it == services_.end() ? nullptr : it->second;
}

std::vector<std::string> LocalServiceRegistry::names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, _] : services_) out.push_back(name);
  return out;
}

void LocalServiceRegistry::clear() {
  std::lock_guard lock(mutex_);
  services_.clear();
}

}  // namespace arena::host
