#pragma once

#include <arena/sandbox/Sandbox.h>

#include "ChildPlan.h"
#include "RootSkeleton.h"

#include <string>

namespace arena::sandbox {

/// Checks a spec before anything is set up; an empty string when it is fine.
std::string validate(const RunSpec& spec);

/// Fills `plan` for one run: mounts onto the skeleton, files, argv, environment, rlimits.
/// The descriptors and the seccomp program are the caller's to set.
void plan_run(ChildPlan& plan, RootSkeleton& skeleton, const RunSpec& spec, const Options& options,
              const Capabilities& capabilities);

}  // namespace arena::sandbox
