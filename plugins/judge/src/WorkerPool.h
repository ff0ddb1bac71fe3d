#pragma once

#include "JobQueue.h"
#include "Judge.h"

#include <spdlog/logger.h>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace judge {

/// What a worker pool needs to know.
struct WorkerOptions {
  int threads = 2;
  int max_attempts = 3;
  int lease_seconds = 15;
  int poll_interval_ms = 2000;
  std::string name;  ///< identifies this process in lease_owner (host:pid)
};

/// Judge worker threads: each takes a job from the queue, judges it and finishes it while it
/// still holds the job's lease. A keeper thread renews the leases of the jobs under way every
/// third of the lease time. Idle workers wait for wake() (LISTEN/NOTIFY) or the poll interval.
class WorkerPool {
 public:
  /// Called with each finished job's verdict and its queue-to-verdict latency.
  using Finished = std::function<void(const std::string& verdict, double latency_seconds)>;
  WorkerPool(JobQueue& queue, Judge& judge, WorkerOptions options, std::shared_ptr<spdlog::logger> logger,
             Finished finished = {});
  ~WorkerPool() { stop(); }

  void start();
  /// Stops taking jobs, gives the ones under way back to the queue after their current test,
  /// and joins the threads.
  void stop();
  /// A job may be waiting: idle workers look now.
  void wake();
  /// Jobs being judged right now.
  std::size_t busy() const;

 private:
  struct Active {
    ClaimedJob job;
    std::atomic<bool> lost{false};
  };
  void work(int index);
  void process(const ClaimedJob& job, const std::shared_ptr<Active>& active);
  void keep_leases();
  arena::JudgeResult given_up(const ClaimedJob& job) const;

  JobQueue& queue_;
  Judge& judge_;
  WorkerOptions options_;
  std::shared_ptr<spdlog::logger> logger_;
  Finished finished_;

  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::uint64_t wakeups_ = 0;
  std::map<std::string, std::shared_ptr<Active>> active_;
  std::vector<std::thread> threads_;
  std::thread keeper_;
};

}  // namespace judge
