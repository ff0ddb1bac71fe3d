#pragma once

// Everything the cloned child needs, prepared by the parent before clone(). The child runs in
// a copy of a possibly multi-threaded process, so it must not allocate: it only reads this plan
// (whose strings and arrays the parent built) and makes system calls.

#include <linux/filter.h>
#include <sys/resource.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace arena::sandbox {

struct PlanMount {
  const char* source;      ///< host path
  const char* target;      ///< its mount point in the skeleton
  bool create = false;     ///< make the mount point first (it lies in a private tmpfs)
  bool directory = false;  ///< ... as a directory (else an empty file)
};

struct PlanFile {
  const char* path;  ///< path under the new root
  const char* data;
  std::size_t size;
  unsigned mode;
};

struct PlanLimit {
  int resource;
  rlimit value;
};

struct PlanCollect {
  const char* path;  ///< absolute path inside the sandbox ("/box/name")
  std::uint32_t index;
};

struct ChildPlan {
  // Parent-built storage that the pointers below point into (a deque never moves its strings).
  std::deque<std::string> strings;
  const char* keep(std::string value) { return strings.emplace_back(std::move(value)).c_str(); }

  const char* root = nullptr;                    ///< the skeleton directory (RootSkeleton), bound as the new root
  bool root_has_devices = false;                 ///< the skeleton holds real device nodes: its mount must allow them
  std::vector<PlanMount> binds;                  ///< read-only bind mounts onto the skeleton's mount points
  std::vector<const char*> private_directories;  ///< parents of binds inside /tmp or /box, made in order
  std::vector<PlanMount> devices;                ///< device nodes bound from the host when the skeleton has none
  const char* proc = nullptr;                    ///< "<root>/proc"
  const char* box = nullptr;                     ///< "<root>/box"
  const char* box_options = nullptr;
  const char* tmp = nullptr;  ///< "<root>/tmp"
  const char* tmp_options = nullptr;
  const char* old_root = nullptr;   ///< "<root>/.old-root", the pivot_root put-old
  std::vector<PlanFile> box_files;  ///< the run's input files, paths under the new root

  std::vector<int> cgroup_procs_fds;  ///< cgroup.procs files to write "0" into
  int sync_fd = -1;                   ///< when >= 0, wait for a byte on it first (the parent maps our user namespace)
  int netns_fd = -1;                  ///< pre-made empty network namespace, or -1 to unshare
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1, report_fd = -1;

  std::vector<char*> argv;  ///< nullptr-terminated
  std::vector<char*> envp;  ///< nullptr-terminated
  std::vector<PlanLimit> limits;
  unsigned uid = 0, gid = 0;
  bool drop_privileges = true;  ///< false when the parent is unprivileged (already mapped)
  bool user_namespace = true;   ///< give the program its own user namespace
  const char* uid_map = nullptr;
  const char* gid_map = nullptr;
  const sock_fprog* seccomp = nullptr;
  std::vector<PlanCollect> collect;
  std::uint64_t collect_max_bytes = 0;
};

/// The cloned child's entry point: sets the sandbox up, runs the program, reports, exits.
int child_main(void* plan);

}  // namespace arena::sandbox
