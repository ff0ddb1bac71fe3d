#pragma once

#include <arena/Database.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace rooms {

/// Who blocked whom: the auth plugin's preferences.blocked_users column, read by SQL and
/// cached per user for a short while (a block takes effect within the cache time).
class BlockLists {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  BlockLists(arena::Database& database, std::chrono::milliseconds ttl, Clock clock = std::chrono::steady_clock::now)
      : database_(database), ttl_(ttl), clock_(std::move(clock)) {}

  /// The users that each of `user_ids` blocked (one query for those not cached).
  std::map<std::string, std::set<std::string>> blocked_by(const std::vector<std::string>& user_ids);
  /// Whether `user_id` blocked `other`.
  bool blocks(const std::string& user_id, const std::string& other);

 private:
  struct Entry {
    std::set<std::string> blocked;
    std::chrono::steady_clock::time_point loaded;
  };
  arena::Database& database_;
  std::chrono::milliseconds ttl_;
  Clock clock_;
  std::mutex mutex_;
  std::map<std::string, Entry> cache_;
};

}  // namespace rooms
