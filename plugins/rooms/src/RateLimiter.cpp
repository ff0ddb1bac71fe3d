#include "RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace rooms {

int RateLimiter::take(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  double per_second = limit_.per_minute / 60.0;
  auto refilled = [&](const Bucket& b) {
    double elapsed = std::chrono::duration<double>(now - b.updated).count();
    return std::min(limit_.burst, b.tokens + std::max(0.0, elapsed) * per_second);
  };
  if (buckets_.size() > 10000 && now - last_sweep_ > std::chrono::seconds(10)) {
    last_sweep_ = now;
    std::erase_if(buckets_, [&](const auto& entry) { return refilled(entry.second) >= limit_.burst; });
  }
  auto [it, created] = buckets_.try_emplace(key, Bucket{limit_.burst, now});
  Bucket& bucket = it->second;
  if (!created) {
    bucket.tokens = refilled(bucket);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / per_second)));
}

}  // namespace rooms
