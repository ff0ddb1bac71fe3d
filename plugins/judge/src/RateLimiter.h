#pragma once

#include "JudgeSettings.h"

#include <arena/RateLimiter.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace judge {

/// The SDK's token buckets (arena::RateLimiter), keyed here by user id or address.
using arena::RateLimiter;

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
