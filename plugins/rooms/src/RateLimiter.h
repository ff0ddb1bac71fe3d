#pragma once

#include "RoomsSettings.h"

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rooms {

/// Token buckets keyed by user id. take() spends one token or says how long until one is back.
/// Full buckets are forgotten now and then, so memory stays bounded.
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

  RateLimit limit_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace rooms
