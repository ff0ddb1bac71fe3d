#include "RunPlanner.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <filesystem>

namespace arena::sandbox {
namespace fs = std::filesystem;
namespace {

constexpr std::uint64_t kMaxStackBytes = 1ULL << 30;

bool plain_name(const std::string& name) {
  return !name.empty() && name.size() <= 255 && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

bool clean_absolute(const std::string& path) {
  return path.size() > 1 && path[0] == '/' && fs::path(path).lexically_normal().string() == path &&
         path.find('\0') == std::string::npos && path.back() != '/';
}

}  // namespace

std::string validate(const RunSpec& spec) {
  if (spec.argv.empty() || spec.argv[0].empty() || spec.argv[0][0] != '/')
    return "argv[0] must be an absolute path inside the sandbox";
  for (const auto& file : spec.files)
    if (!plain_name(file.name)) return "bad file name: '" + file.name + "' (a plain name inside /box)";
  for (const auto& name : spec.collect)
    if (!plain_name(name)) return "bad collect name: '" + name + "' (a plain name inside /box)";
  for (const auto& mount : spec.mounts) {
    if (!clean_absolute(mount)) return "bad mount: '" + mount + "' (a clean absolute path)";
    if (mount == "/tmp" || mount == "/box" || mount == "/etc" || mount == "/proc" || mount.starts_with("/proc/") ||
        mount == "/dev" || mount.starts_with("/dev/"))
      return "bad mount: '" + mount + "' (the sandbox's own /proc, /dev, /etc, /tmp and /box cannot be replaced)";
  }
  for (const auto& entry : spec.env)
    if (entry.find('=') == std::string::npos || entry.find('\0') != std::string::npos)
      return "bad environment entry: '" + entry + "'";
  const Limits& l = spec.limits;
  if (l.cpu_ms == 0 || l.wall_ms == 0 || l.memory_kb < 1024 || l.processes == 0 || l.open_files < 4 ||
      l.workdir_kb == 0)
    return "limits must be positive (memory at least 1024 KB, open files at least 4)";
  return {};
}

void plan_run(ChildPlan& plan, RootSkeleton& skeleton, const RunSpec& spec, const Options& options,
              const Capabilities& caps) {
  const std::string& root = skeleton.path();
  auto under = [&](const std::string& path) { return plan.keep(root + path); };

  plan.root = plan.keep(root);
  plan.root_has_devices = skeleton.has_device_nodes();
  for (const auto& mount : skeleton.mounts()) plan.binds.push_back({plan.keep(mount), under(mount)});
  for (const auto& extra : spec.mounts) {
    const auto& defaults = skeleton.mounts();
    if (std::find(defaults.begin(), defaults.end(), extra) != defaults.end()) continue;
    std::error_code ec;
    if (!fs::exists(extra, ec)) continue;
    if (extra.starts_with("/tmp/") || extra.starts_with("/box/")) {
      // Under a private tmpfs: the child makes the mount point after mounting it.
      std::vector<std::string> parents;
      for (fs::path p = fs::path(extra).parent_path(); p != "/tmp" && p != "/box"; p = p.parent_path())
        parents.push_back(p.string());
      for (auto it = parents.rbegin(); it != parents.rend(); ++it) plan.private_directories.push_back(under(*it));
      plan.binds.push_back({plan.keep(extra), under(extra), true, fs::is_directory(extra, ec)});
    } else if (skeleton.ensure_mount_point(extra)) {
      plan.binds.push_back({plan.keep(extra), under(extra)});
    }
  }
  if (!skeleton.has_device_nodes())
    for (const auto& device : RootSkeleton::devices()) plan.devices.push_back({plan.keep(device), under(device)});

  const std::string uid = std::to_string(options.uid), gid = std::to_string(options.gid);
  plan.proc = under("/proc");
  plan.box = under("/box");
  plan.tmp = under("/tmp");
  plan.old_root = under("/.old-root");
  const std::string size = "size=" + std::to_string(spec.limits.workdir_kb) + "k,nr_inodes=16384";
  plan.box_options = plan.keep(size + ",mode=0755" + (caps.privileged ? ",uid=" + uid + ",gid=" + gid : std::string()));
  plan.tmp_options = plan.keep(size + ",mode=1777");
  for (const auto& file : spec.files) {
    plan.box_files.push_back(
        {under("/box/" + file.name), file.content.data(), file.content.size(), file.executable ? 0755U : 0644U});
  }

  for (const auto& arg : spec.argv) plan.argv.push_back(const_cast<char*>(plan.keep(arg)));
  plan.argv.push_back(nullptr);
  std::vector<std::string> env = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/box", "LANG=C.UTF-8", "TMPDIR=/tmp",
                                  "USER=sandbox"};
  env.insert(env.end(), spec.env.begin(), spec.env.end());
  for (const auto& entry : env) plan.envp.push_back(const_cast<char*>(plan.keep(entry)));
  plan.envp.push_back(nullptr);

  const Limits& l = spec.limits;
  auto limit = [&](int resource, std::uint64_t soft, std::uint64_t hard) {
    plan.limits.push_back({resource, rlimit{static_cast<rlim_t>(soft), static_cast<rlim_t>(hard)}});
  };
  const std::uint64_t cpu_seconds = (l.cpu_ms + 999) / 1000 + 1;  // the cgroup watch is the precise limit
  limit(RLIMIT_CPU, cpu_seconds, cpu_seconds + 1);
  const std::uint64_t file_bytes = std::max(l.output_bytes, l.file_bytes);
  limit(RLIMIT_FSIZE, file_bytes, file_bytes);
  limit(RLIMIT_NOFILE, l.open_files, l.open_files);
  limit(RLIMIT_CORE, 0, 0);
  limit(RLIMIT_MSGQUEUE, 0, 0);
  const std::uint64_t stack = std::min<std::uint64_t>(l.memory_kb * 1024, kMaxStackBytes);
  limit(RLIMIT_STACK, stack, stack);
  if (!caps.cgroup_memory) limit(RLIMIT_AS, l.memory_kb * 1024, l.memory_kb * 1024);
  if (!caps.cgroup_pids) limit(RLIMIT_NPROC, l.processes, l.processes);

  for (std::uint32_t i = 0; i < spec.collect.size(); ++i)
    plan.collect.push_back({plan.keep("/box/" + spec.collect[i]), i});
  plan.collect_max_bytes = l.file_bytes;
  plan.uid = options.uid;
  plan.gid = options.gid;
  plan.uid_map = plan.keep(uid + " " + uid + " 1\n");
  plan.gid_map = plan.keep(gid + " " + gid + " 1\n");
}

}  // namespace arena::sandbox
