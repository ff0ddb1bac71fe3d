#include "RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace judge {

std::optional<ConcurrencyLimiter::Slot> ConcurrencyLimiter::acquire(const std::string& key) {
  std::lock_guard lock(mutex_);
  int& count = running_[key];
  if (count >= limit_) return std::nullopt;
  ++count;
  return std::optional<Slot>(std::in_place, *this, key);
}

int ConcurrencyLimiter::running(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = running_.find(key);
  return it == running_.end() ? 0 : it->second;
}

void ConcurrencyLimiter::release(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = running_.find(key);
  if (it != running_.end() && --it->second <= 0) running_.erase(it);
}

}  // namespace judge
