#pragma once

#include <arena/sandbox/Sandbox.h>

#include <mutex>
#include <string>
#include <vector>

namespace arena::sandbox {

/// The read-only skeleton every run's root is made of: an on-disk directory, built once, with
/// /etc/passwd, /dev's nodes and links, the /bin -> usr/bin links of merged-/usr hosts and
/// empty mount points. A run bind-mounts it as its root and mounts the toolchains, /proc and
/// its private /box and /tmp onto it, which is far cheaper than building a root every run.
class RootSkeleton {
 public:
  /// Builds the skeleton under `parent` (created if needed); throws std::runtime_error.
  RootSkeleton(const std::string& parent, const Options& options, bool privileged);
  ~RootSkeleton();
  RootSkeleton(const RootSkeleton&) = delete;
  RootSkeleton& operator=(const RootSkeleton&) = delete;

  const std::string& path() const { return path_; }
  /// Read-only host paths every run mounts (existing ones only).
  const std::vector<std::string>& mounts() const { return mounts_; }
  /// Whether /dev's nodes are real nodes in the skeleton (root only); otherwise each run
  /// bind-mounts them from the host.
  bool has_device_nodes() const { return device_nodes_; }
  /// The device nodes a run needs.
  static const std::vector<std::string>& devices();

  /// Makes sure a mount point for host path `path` exists in the skeleton (a directory or an
  /// empty file, as `path` is); false when `path` does not exist on the host.
  bool ensure_mount_point(const std::string& path);

 private:
  std::string path_;
  std::vector<std::string> mounts_;
  bool device_nodes_ = false;
  std::mutex mutex_;
};

}  // namespace arena::sandbox
