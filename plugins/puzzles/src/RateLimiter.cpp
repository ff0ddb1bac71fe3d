#include "RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace puzzles {

int RateLimiter::take(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  double per_second = per_minute_ / 60.0;
  auto level = [&](const Bucket& b) {
    return std::min(burst_, b.tokens + std::chrono::duration<double>(now - b.updated).count() * per_second);
  };
  if (buckets_.size() > 10000 && now - last_sweep_ > std::chrono::seconds(10)) {
    last_sweep_ = now;
    std::erase_if(buckets_, [&](const auto& entry) { return level(entry.second) >= burst_; });
  }
  auto [it, created] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& bucket = it->second;
  if (!created) {
    bucket.tokens = level(bucket);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / per_second)));
}

}  // namespace puzzles
