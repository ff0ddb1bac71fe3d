#include <arena/RateLimiter.h>

#include <algorithm>
#include <cmath>

namespace arena {

int RateLimiter::take(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 10000 && now - last_sweep_ > std::chrono::seconds(10)) forget_full(now);
  double per_second = limit_.per_minute / 60.0;
  auto [it, created] = buckets_.try_emplace(key, Bucket{limit_.burst, now});
  Bucket& bucket = it->second;
  if (!created) {
    double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(limit_.burst, bucket.tokens + elapsed * per_second);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / per_second)));
}

void RateLimiter::forget_full(Clock::time_point now) {
  last_sweep_ = now;
  double per_second = limit_.per_minute / 60.0;
  std::erase_if(buckets_, [&](const auto& entry) {
    double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + elapsed * per_second >= limit_.burst;
  });
}

}  // namespace arena
