#pragma once

#include <linux/filter.h>

#include <vector>

namespace arena::sandbox {

/// The seccomp filter every sandboxed program runs under, compiled to BPF once so that each
/// run only loads it (building it with libseccomp costs more than a whole run).
class SeccompPolicy {
 public:
  /// Builds the filter; throws std::runtime_error when libseccomp refuses.
  SeccompPolicy();
  /// The program to hand to prctl(PR_SET_SECCOMP); valid for this object's lifetime.
  const sock_fprog* program() const { return &program_; }

 private:
  std::vector<sock_filter> instructions_;
  sock_fprog program_{};
};

}  // namespace arena::sandbox
