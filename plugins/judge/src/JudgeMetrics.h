#pragma once

#include "CompileCache.h"

#include <arena/Metrics.h>

namespace judge {

/// The judge's Prometheus metrics.
struct JudgeMetrics {
  explicit JudgeMetrics(arena::Metrics& metrics)
      : jobs(metrics.counter("arena_judge_jobs_total", "Judged jobs by verdict", {"verdict"})),
        executions(metrics.counter("arena_judge_executions_total", "Executions (/api/execute, Piston) by verdict",
                                   {"verdict"})),
        queue(metrics.gauge("arena_judge_queue_jobs", "Jobs waiting (queued) and being judged (running)", {"status"})),
        latency(metrics.histogram("arena_judge_latency_seconds", "From queueing a job to its verdict",
                                  {0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30, 60, 300})),
        compile_cache(metrics.counter("arena_judge_compile_cache_total",
                                      "Compiled-language preparations: hit (memory or disk) or miss",
                                      {"result", "tier"})) {}

  void cache(CacheTier tier) {
    switch (tier) {
      case CacheTier::Memory:
        compile_cache.inc({"hit", "memory"});
        break;
      case CacheTier::Disk:
        compile_cache.inc({"hit", "disk"});
        break;
      case CacheTier::None:
        compile_cache.inc({"miss", "none"});
        break;
    }
  }

  arena::Counter& jobs;
  arena::Counter& executions;
  arena::Gauge& queue;
  arena::Histogram& latency;
  arena::Counter& compile_cache;
};

}  // namespace judge
