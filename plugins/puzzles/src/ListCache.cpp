#include "ListCache.h"

namespace puzzles {

std::optional<std::string> ListCache::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() - it->second.stored > ttl_) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.body;
}

void ListCache::put(const std::string& key, std::string body) {
  if (max_entries_ == 0) return;
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_[key] = {std::move(body), std::chrono::steady_clock::now()};
}

void ListCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace puzzles
