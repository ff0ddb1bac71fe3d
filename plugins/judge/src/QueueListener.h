#pragma once

#include <arena/Database.h>

#include <spdlog/logger.h>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace judge {

/// LISTENs on the queue's channels over a dedicated connection (reconnecting when it breaks)
/// and hands each notification to a callback, in the listener's own thread.
class QueueListener {
 public:
  struct Callbacks {
    std::function<void(const std::string& job_id)> job_queued;  ///< also called after every (re)connect
    std::function<void(const std::string& payload)> progress;
    std::function<void(const std::string& job_id)> finished;
    /// After a reconnect: the epoch seconds when the previous connection was last known good.
    std::function<void(double since)> reconnected;
    /// About once a second, for housekeeping (metrics).
    std::function<void()> tick;
  };

  QueueListener(arena::Database& database, Callbacks callbacks, std::shared_ptr<spdlog::logger> logger)
      : database_(database), callbacks_(std::move(callbacks)), logger_(std::move(logger)) {}
  ~QueueListener() { stop(); }

  void start();
  /// Returns within about 250 ms.
  void stop();
  /// Whether the listening connection is up.
  bool connected() const { return connected_; }

 private:
  void loop();
  void listen_once(double& last_good);

  arena::Database& database_;
  Callbacks callbacks_;
  std::shared_ptr<spdlog::logger> logger_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> connected_{false};
  std::thread thread_;
};

}  // namespace judge
