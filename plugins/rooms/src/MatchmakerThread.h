#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace rooms {

/// Runs `tick` every `period` on a thread of its own (the matcher and the grace sweep),
/// from start() until stop(). A tick that throws is reported through `on_error`.
class MatchmakerThread {
 public:
  MatchmakerThread(std::chrono::milliseconds period, std::function<void()> tick,
                   std::function<void(const std::exception&)> on_error);
  ~MatchmakerThread() { stop(); }
  MatchmakerThread(const MatchmakerThread&) = delete;
  MatchmakerThread& operator=(const MatchmakerThread&) = delete;

  void start();
  /// Wakes the thread and joins it; safe to call twice.
  void stop();

 private:
  void run();

  std::chrono::milliseconds period_;
  std::function<void()> tick_;
  std::function<void(const std::exception&)> on_error_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rooms
