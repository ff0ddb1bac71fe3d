#pragma once

#include <memory>
#include <stdexcept>
#include <string>

namespace arena {

/// Where plugins offer and find each other's services. A service is an interface declared in
/// this SDK with a `static constexpr const char* kServiceName`; plugins never include each
/// other's headers.
class ServiceRegistry {
 public:
  virtual ~ServiceRegistry() = default;

  /// Offers `impl` as the `Interface` service. Throws std::logic_error if already provided.
  template <class Interface, class Impl>
  void provide(std::shared_ptr<Impl> impl) {
    std::shared_ptr<Interface> as_interface = std::move(impl);
    provide_raw(Interface::kServiceName, std::static_pointer_cast<void>(as_interface));
  }

  /// The `Interface` service, or nullptr when no enabled plugin provides it.
  template <class Interface>
  std::shared_ptr<Interface> find() const {
    return std::static_pointer_cast<Interface>(find_raw(Interface::kServiceName));
  }

  /// The `Interface` service; throws std::runtime_error naming it when missing.
  template <class Interface>
  std::shared_ptr<Interface> require() const {
    auto service = find<Interface>();
    if (!service) throw std::runtime_error(std::string("service not available: ") + Interface::kServiceName);
    return service;
  }

 protected:
  virtual void provide_raw(const std::string& name, std::shared_ptr<void> service) = 0;
  virtual std::shared_ptr<void> find_raw(const std::string& name) const = 0;
};

}  // namespace arena
