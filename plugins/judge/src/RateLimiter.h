#pragma once

#include "JudgeSettings.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace judge {

/// Token buckets keyed by a string (a user id, an address). take() spends one token or says
/// how long until one is back. Memory stays bounded: full buckets are forgotten.
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

/// Counts what each key has running and refuses more than `limit` at once.
class ConcurrencyLimiter {
 public:
  explicit ConcurrencyLimiter(int limit) : limit_(limit) {}

  /// One running thing, released when destroyed.
  class Slot {
   public:
    Slot(ConcurrencyLimiter& owner, std::string key) : owner_(&owner), key_(std::move(key)) {}
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)), key_(std::move(other.key_)) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->release(key_);
    }

   private:
    ConcurrencyLimiter* owner_;
    std::string key_;
  };

  /// A slot for `key`, or nullopt when it already holds `limit`.
  std::optional<Slot> acquire(const std::string& key);
  int running(const std::string& key);

 private:
  void release(const std::string& key);

  int limit_;
  std::mutex mutex_;
  std::unordered_map<std::string, int> running_;
};

}  // namespace judge
