#pragma once

#include <arena/sandbox/Sandbox.h>

#include "ChildPlan.h"

#include <string>
#include <vector>

namespace arena::sandbox {

/// The parts of a child plan that stay the same for every run (decided once from the host's
/// file system layout and the options).
struct RootLayout {
  std::string root;                                        ///< empty host directory the run's root tmpfs goes on
  std::vector<std::string> mounts;                         ///< read-only binds, existing host paths
  std::vector<std::pair<std::string, std::string>> links;  ///< /bin -> usr/bin on merged-/usr hosts
};

/// Looks at the host once: which default mounts exist, which top-level dirs are symlinks.
RootLayout make_root_layout(const Options& options, const std::string& root);

/// Checks a spec before anything is set up; an empty string when it is fine.
std::string validate(const RunSpec& spec);

/// Fills `plan` for one run: directories, mounts, files, argv, environment, rlimits.
/// The descriptors, uid and seccomp program are the caller's to set.
void plan_run(ChildPlan& plan, const RootLayout& layout, const RunSpec& spec, const Options& options,
              const Capabilities& capabilities);

}  // namespace arena::sandbox
