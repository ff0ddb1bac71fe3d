#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace puzzles {

/// Token buckets keyed by user id: `burst` at once, refilled at `per_minute`. take() spends
/// one token or says how long until one is back. Full buckets are forgotten now and then.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(double burst, double per_minute) : burst_(burst), per_minute_(per_minute) {}

  /// 0 when allowed; otherwise the whole seconds to wait (at least 1).
  int take(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  double burst_;
  double per_minute_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace puzzles
