#pragma once

#include "Room.h"
#include "RoomsSettings.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace rooms {

/// A player waiting for a match.
struct QueueEntry {
  Player player;
  std::string mode;
  int rating = 1200;
  TimePoint since{};
};

/// Players put together by the matchmaker, longest waiting first.
struct Match {
  std::string mode;
  std::vector<QueueEntry> players;
};

/// Queues per mode that group players of close rating. The window of accepted rating
/// difference starts at ±initial_window and widens with the waiting time; two players match
/// when their difference fits the wider of their two windows (the longer waiter's patience
/// counts). Time is passed in, so tests need not wait. Thread-safe.
class Matchmaker {
 public:
  explicit Matchmaker(MatchmakingRules rules) : rules_(rules) {}

  /// Queues a player (again: replaces their previous entry, in any mode).
  void enqueue(QueueEntry entry);
  /// Takes a player out of the queue; false when they were not queued.
  bool dequeue(const std::string& user_id);
  std::optional<QueueEntry> entry(const std::string& user_id) const;
  std::size_t size() const;

  /// The rating window after waiting `waited`.
  int window(std::chrono::steady_clock::duration waited) const;
  /// Forms every match possible at `now` and removes its players from the queue.
  std::vector<Match> take_matches(TimePoint now);

 private:
  MatchmakingRules rules_;
  mutable std::mutex mutex_;
  std::vector<QueueEntry> queue_;  // in enqueue order
};

}  // namespace rooms
