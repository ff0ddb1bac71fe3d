#pragma once

// What the sandbox's init process (pid 1 of the run's PID namespace) reports back to the
// parent. It is written into a memfd the parent created, so the child needs no pipe reader
// and no allocation: a fixed header at offset 0, then the collected files one after another.

#include <cstdint>

namespace arena::sandbox {

inline constexpr std::uint32_t kReportMagic = 0x41524e41;  // "ARNA"

/// Where the child got to; a failure names the step that failed.
enum class ChildStage : std::uint32_t {
  Started = 0,
  JoinCgroup,
  Network,
  Mounts,
  Files,
  PivotRoot,
  Fork,
  Exec,
  Finished,
};

struct ChildReport {
  std::uint32_t magic = 0;
  ChildStage stage = ChildStage::Started;  ///< Finished when the program ran
  std::int32_t error = 0;                  ///< errno of the failed step
  char detail[192] = {};                   ///< what the failed step was working on (a path)
  std::int32_t wait_status = 0;            ///< the program's wait status
  std::uint64_t wall_ns = 0;               ///< from exec to exit, measured inside
  std::uint64_t user_us = 0;               ///< the program's rusage (fallback without cgroups)
  std::uint64_t system_us = 0;
  std::uint64_t maxrss_kb = 0;
  std::uint32_t collected = 0;  ///< how many collected-file records follow the header
};

/// One collected file, followed by `size` bytes of content.
struct CollectedHeader {
  std::uint32_t index;  ///< index into RunSpec::collect
  std::uint32_t mode;
  std::uint64_t size;
};

}  // namespace arena::sandbox
