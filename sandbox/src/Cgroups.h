#pragma once

#include <arena/sandbox/Sandbox.h>

#include "UniqueFd.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace arena::sandbox {

/// What the kernel counted for one run's cgroup.
struct CgroupUsage {
  std::uint64_t cpu_ns = 0;
  std::uint64_t memory_peak_bytes = 0;
  std::uint64_t oom_kills = 0;  ///< OOM kills during this run
};

/// One run's cgroup(s): a directory per v1 hierarchy (memory, pids, cpuacct) or one v2
/// directory. Slots are made once and reused, which is cheaper than mkdir/rmdir per run.
class CgroupSlot {
 public:
  CgroupSlot(std::string memory, std::string pids, std::string cpu, bool v2);
  CgroupSlot(CgroupSlot&&) = default;
  /// Sets this run's limits and resets the counters; throws std::runtime_error on failure.
  void prepare(const Limits& limits);
  /// The slot's cgroup.procs files (kept open) that the child writes "0" into to join.
  std::vector<int> procs() const;
  /// CPU time so far (for the CPU limit of multi-process programs).
  std::uint64_t cpu_ns() const;
  /// The counters after the run.
  CgroupUsage usage() const;
  const std::vector<std::string>& directories() const { return dirs_; }

 private:
  // The knobs each run touches, opened once: open/close per run costs more than the writes.
  struct Knob {
    std::string path;
    int flags;
    UniqueFd fd;
  };
  int knob(const std::string& path, int flags) const;
  std::string read_knob(const std::string& path) const;
  void write_knob(const std::string& path, const std::string& value) const;
  bool try_write_knob(const std::string& path, const std::string& value) const;

  std::string memory_, pids_, cpu_;
  bool v2_;
  std::uint64_t oom_baseline_ = 0;
  std::uint64_t applied_memory_kb_ = 0;
  std::uint32_t applied_processes_ = 0;
  std::vector<std::string> dirs_;
  mutable std::vector<Knob> knobs_;
  std::vector<UniqueFd> procs_;
};

/// Finds the cgroup hierarchies this process may create children in, makes the slots and
/// hands them out one run at a time.
class Cgroups {
 public:
  Cgroups(const std::string& parent, unsigned slots, Capabilities& capabilities);
  ~Cgroups();
  Cgroups(const Cgroups&) = delete;
  Cgroups& operator=(const Cgroups&) = delete;

  bool enabled() const { return !slots_.empty(); }

  /// A slot for the duration of one run; give it back with release().
  CgroupSlot& acquire();
  void release(CgroupSlot& slot);

 private:
  std::vector<std::string> bases_;
  std::vector<CgroupSlot> slots_;
  std::vector<CgroupSlot*> free_;
  std::mutex mutex_;
  std::condition_variable freed_;
};

}  // namespace arena::sandbox
