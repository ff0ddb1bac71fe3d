#pragma once

#include "AuthSettings.h"

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace auth {

/// Token buckets keyed by a string (an address, an account name). take() spends one token
/// or says how long until one is back. Memory stays bounded: full buckets are forgotten.
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

}  // namespace auth
