#pragma once

#include <spdlog/logger.h>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace arena::games {

/// What is persisted of a game after a handler call: its snapshot and the columns derived
/// from it.
struct SessionRecord {
  nlohmann::json snapshot;
  std::string version;  ///< the mode version it runs now
  std::string state;    ///< running, finished or aborted
  nlohmann::json standings = nlohmann::json::array();
  std::int64_t starts_at_ms = 0;
  std::int64_t ends_at_ms = 0;
  std::string end_reason;
  std::string abort_reason;  ///< for an aborted game: the reason and the last fault
  /// user id -> left (players who left the game for good), for game_players.left_at
  std::vector<std::string> left;
};

/// The write-behind thread: game snapshots, coalesced per game (only the latest is written),
/// and other database work in order (game creation, mode versions). The game loop never waits
/// for the database.
class GameWriter {
 public:
  using Persist = std::function<void(const std::string& game_id, const SessionRecord& record)>;
  GameWriter(Persist persist, std::shared_ptr<spdlog::logger> logger);
  ~GameWriter();
  GameWriter(const GameWriter&) = delete;
  GameWriter& operator=(const GameWriter&) = delete;

  void start();
  /// Writes what is queued, then ends the thread.
  void stop();
  /// Queues a game's latest record (replacing a queued older one of the same game).
  void save(const std::string& game_id, SessionRecord record);
  /// Queues work to run on the writer thread after the queued records.
  void run(std::function<void()> job);
  /// Waits until everything queued before this call is written (tests, shutdown).
  void flush();
  /// Records written so far (coalesced ones are not counted).
  std::uint64_t written() const;

 private:
  void loop();
  bool drain_once(std::unique_lock<std::mutex>& lock);

  Persist persist_;
  std::shared_ptr<spdlog::logger> logger_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::map<std::string, SessionRecord> records_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false, busy_ = false;
  std::uint64_t written_ = 0;
  std::thread thread_;
};

}  // namespace arena::games
