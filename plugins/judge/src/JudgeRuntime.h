#pragma once

#include "Announcer.h"
#include "JobQueue.h"
#include "JudgeEngine.h"
#include "JudgeMetrics.h"
#include "JudgeServiceImpl.h"
#include "QueueListener.h"
#include "WorkerPool.h"

#include <arena/PluginContext.h>

#include <atomic>
#include <memory>
#include <string>

namespace judge {

/// The judge's moving parts, started by `arena serve` (workers, listener, announcements) or
/// by `arena judge-worker` (workers and listener only): the sandbox and engine, the worker
/// pool, and the LISTEN connection that wakes workers and announces results.
class JudgeRuntime {
 public:
  JudgeRuntime(arena::PluginContext& context, const JudgeSettings& settings, const LanguageCatalog& languages,
               JobQueue& queue, JudgeServiceImpl& service, JudgeMetrics& metrics);
  ~JudgeRuntime() { stop(); }

  /// Builds the sandbox and checks that it runs a program; false (with status()) when it
  /// cannot. Executions are served once this succeeds.
  bool start_engine();
  /// Starts `threads` workers (needs the engine) and the listener; `announce` publishes the
  /// queue's notifications as events on this process's bus.
  void start(int threads, bool announce);
  void stop();

  /// One line about the sandbox for health and logs.
  std::string status() const;
  bool usable() const { return usable_; }
  JudgeEngine* engine() { return engine_.get(); }

 private:
  arena::PluginContext& context_;
  const JudgeSettings& settings_;
  const LanguageCatalog& languages_;
  JobQueue& queue_;
  JudgeServiceImpl& service_;
  JudgeMetrics& metrics_;
  std::shared_ptr<spdlog::logger> logger_;

  std::unique_ptr<JudgeEngine> engine_;
  std::atomic<bool> usable_{false};
  std::string status_ = "not started";
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<Announcer> announcer_;
  std::unique_ptr<QueueListener> listener_;
  int ticks_ = 0;
  int threads_ = 0;
};

/// "host:pid", naming this process in the queue's lease_owner column.
std::string process_name();

}  // namespace judge
