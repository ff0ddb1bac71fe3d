#pragma once

#include "games/GameSession.h"

#include <spdlog/logger.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

namespace arena::games {

/// Milliseconds since the epoch (the clock GameSession works with).
std::int64_t wall_ms();

/// One loop for every game: a scheduler thread with a timer heap (each game's next deadline,
/// delayed inputs) and `threads` workers. Each game is a strand: its inputs queue up and one
/// worker at a time runs them, so a game's handlers never run concurrently, and a slow game
/// occupies one worker while the others go on with other games.
///
/// After every input the loop drains the game's outgoing messages (Hooks::deliver), hands a
/// changed snapshot to Hooks::save (write-behind: the caller coalesces), reschedules the
/// game's next deadline, and calls Hooks::over once when the game has ended.
class GameLoop {
 public:
  /// An input to a game: runs in the game's strand with the current wall-clock time.
  using Task = std::function<void(GameSession& session, std::int64_t now_ms)>;

  struct Hooks {
    std::function<void(const std::string& game_id, GameSession& session, std::vector<Outgoing>& messages)> deliver;
    std::function<void(const std::string& game_id, GameSession& session)> save;
    std::function<void(const std::string& game_id, GameSession& session)> over;
    /// A handler fault (already counted by the session): for logs and metrics.
    std::function<void(const std::string& game_id, const std::string& mode, const std::string& fault)> fault;
    /// Per input: its kind, the thread CPU time it took, and for deadlines how late it ran.
    std::function<void(const char* kind, std::chrono::nanoseconds cpu)> input_cpu;
    std::function<void(std::chrono::milliseconds lag)> lag;
    /// The game left the loop (its retention after the end passed).
    std::function<void(const std::string& game_id)> removed;
  };

  GameLoop(int threads, Hooks hooks, std::shared_ptr<spdlog::logger> logger);
  ~GameLoop();
  GameLoop(const GameLoop&) = delete;
  GameLoop& operator=(const GameLoop&) = delete;

  void start();
  /// Ends the threads; queued inputs are dropped (the games' state is already saved).
  void stop();

  /// Takes a game over: its outgoing messages so far are delivered and its deadline scheduled.
  /// Games that are over stay `retention` long (joins still see them), then go.
  void add(const std::string& game_id, std::unique_ptr<GameSession> session);
  /// Queues an input; false when there is no such game.
  bool post(const std::string& game_id, const char* kind, Task task);
  /// Queues an input for later (at `at_ms`, wall clock).
  bool post_at(const std::string& game_id, std::int64_t at_ms, const char* kind, Task task);
  /// Runs `fn` in the game's strand and waits for its result (nullopt: no such game, the loop
  /// stopped, or the wait timed out before `fn` began: then it never runs, so a timed-out call
  /// has no effect). Never call it from a task.
  template <class R>
  std::optional<R> call(const std::string& game_id, const char* kind, std::function<R(GameSession&, std::int64_t)> fn,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    enum : int { Waiting, Running, Abandoned };
    auto promise = std::make_shared<std::promise<R>>();
    auto state = std::make_shared<std::atomic<int>>(Waiting);
    auto future = promise->get_future();
    bool posted = post(game_id, kind, [promise, state, fn = std::move(fn)](GameSession& s, std::int64_t now) {
      int expected = Waiting;
      if (!state->compare_exchange_strong(expected, Running)) return;  // the caller gave up
      try {
        promise->set_value(fn(s, now));
      } catch (...) {
        promise->set_exception(std::current_exception());
      }
    });
    if (!posted) return std::nullopt;
    if (future.wait_for(timeout) != std::future_status::ready) {
      int expected = Waiting;
      if (state->compare_exchange_strong(expected, Abandoned)) return std::nullopt;
      future.wait();  // it has begun: its effect happens, so its result is wanted
    }
    try {
      return future.get();
    } catch (const std::future_error&) {
      return std::nullopt;  // dropped unrun (the loop stopped or the game went)
    }
  }

  bool contains(const std::string& game_id) const;
  /// Ids of the games held (running and recently over).
  std::vector<std::string> game_ids() const;
  /// Games not over yet.
  std::size_t running() const { return running_.load(); }
  /// Games held.
  std::size_t size() const;

  void set_retention(std::chrono::milliseconds retention) { retention_ = retention; }

 private:
  struct Entry;
  struct Timer {
    std::int64_t at_ms;
    std::uint64_t seq;
    std::weak_ptr<Entry> entry;
    const char* kind;  // nullptr: the game's deadline
    Task task;         // empty for a deadline
    bool operator>(const Timer& other) const { return at_ms != other.at_ms ? at_ms > other.at_ms : seq > other.seq; }
  };

  void enqueue(const std::shared_ptr<Entry>& entry, const char* kind, Task task);
  void schedule(Timer timer);
  void scheduler_loop();
  void worker_loop();
  void run_batch(const std::shared_ptr<Entry>& entry);
  void after_input(Entry& entry, std::size_t faults_before, bool advanced);
  std::shared_ptr<Entry> find(const std::string& game_id) const;
  void remove(const std::string& game_id);

  int threads_;
  Hooks hooks_;
  std::shared_ptr<spdlog::logger> logger_;
  std::chrono::milliseconds retention_{std::chrono::minutes(10)};

  mutable std::shared_mutex games_mutex_;
  std::map<std::string, std::shared_ptr<Entry>> games_;
  std::atomic<std::size_t> running_{0};

  std::mutex timers_mutex_;
  std::condition_variable timers_changed_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::uint64_t next_seq_ = 0;

  std::mutex ready_mutex_;
  std::condition_variable ready_changed_;
  std::deque<std::shared_ptr<Entry>> ready_;

  bool stopping_ = false;  // under both timers_mutex_ and ready_mutex_
  std::thread scheduler_;
  std::vector<std::thread> workers_;
};

}  // namespace arena::games
