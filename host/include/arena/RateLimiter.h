#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace arena {

/// A token bucket's shape: up to `burst` actions at once, refilled at `per_minute`.
struct RateLimit {
  double burst = 10;
  double per_minute = 10;
};

/// Token buckets keyed by a string (a user id, an address, an account name), for the rate
/// limits every plugin needs. take() spends one token or says how long until one is back.
/// Thread-safe; memory stays bounded because full buckets are forgotten now and then.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(RateLimit limit) : limit_(limit) {}
  /// 0 when allowed; otherwise the whole seconds to wait (at least 1).
  int take(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void forget_full(Clock::time_point now);

  RateLimit limit_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace arena
