#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace puzzles {

/// Rendered pages of GET /api/puzzle by query, kept in memory for a short time and dropped on
/// every write that could change a page (a puzzle saved or changing state, metrics updated).
/// The time limit bounds how stale a page can be when another host wrote.
class ListCache {
 public:
  ListCache(std::size_t max_entries, std::chrono::milliseconds ttl) : max_entries_(max_entries), ttl_(ttl) {}

  /// The rendered page for `key`, if cached and fresh.
  std::optional<std::string> get(const std::string& key);
  /// Keeps a rendered page (when full, the cache starts over: pages are cheap to rebuild).
  void put(const std::string& key, std::string body);
  /// Drops every page.
  void clear();

 private:
  struct Entry {
    std::string body;
    std::chrono::steady_clock::time_point stored;
  };
  std::size_t max_entries_;
  std::chrono::milliseconds ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace puzzles
