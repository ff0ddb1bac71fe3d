#include "RunPlanner.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <filesystem>
#include <set>

namespace arena::sandbox {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTopLevelLinks[] = {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};
constexpr const char* kDevices[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"};
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

RootLayout make_root_layout(const Options& options, const std::string& root) {
  RootLayout layout;
  layout.root = root;
  for (const char* top : kTopLevelLinks) {
    std::error_code ec;
    if (fs::is_symlink(top, ec)) {
      layout.links.emplace_back(fs::read_symlink(top, ec).string(), top);
    } else if (fs::is_directory(top, ec)) {
      layout.mounts.emplace_back(top);
    }
  }
  for (const auto& mount : options.mounts) {
    std::error_code ec;
    if (clean_absolute(mount) && fs::exists(mount, ec)) layout.mounts.push_back(mount);
  }
  return layout;
}

std::string validate(const RunSpec& spec) {
  if (spec.argv.empty() || spec.argv[0].empty() || spec.argv[0][0] != '/')
    return "argv[0] must be an absolute path inside the sandbox";
  for (const auto& file : spec.files)
    if (!plain_name(file.name)) return "bad file name: '" + file.name + "' (a plain name inside /box)";
  for (const auto& name : spec.collect)
    if (!plain_name(name)) return "bad collect name: '" + name + "' (a plain name inside /box)";
  for (const auto& mount : spec.mounts)
    if (!clean_absolute(mount)) return "bad mount: '" + mount + "' (a clean absolute path)";
  for (const auto& entry : spec.env)
    if (entry.find('=') == std::string::npos || entry.find('\0') != std::string::npos)
      return "bad environment entry: '" + entry + "'";
  const Limits& l = spec.limits;
  if (l.cpu_ms == 0 || l.wall_ms == 0 || l.memory_kb < 1024 || l.processes == 0 || l.open_files < 4 ||
      l.workdir_kb == 0)
    return "limits must be positive (memory at least 1024 KB, open files at least 4)";
  return {};
}

void plan_run(ChildPlan& plan, const RootLayout& layout, const RunSpec& spec, const Options& options,
              const Capabilities& caps) {
  const std::string& root = layout.root;
  auto under = [&](const std::string& path) { return plan.keep(root + path); };

  // Mount points need their parent directories, shallowest first.
  std::vector<std::string> mounts = layout.mounts;
  for (const auto& extra : spec.mounts) {
    std::error_code ec;
    if (fs::exists(extra, ec) && std::find(mounts.begin(), mounts.end(), extra) == mounts.end())
      mounts.push_back(extra);
  }
  std::set<std::string> parents = {"/etc", "/dev", "/proc", "/box", "/tmp", "/.old-root"};
  for (const auto& mount : mounts)
    for (fs::path p = fs::path(mount).parent_path(); p != "/" && !p.empty(); p = p.parent_path())
      parents.insert(p.string());
  std::vector<std::string> ordered(parents.begin(), parents.end());
  std::stable_sort(ordered.begin(), ordered.end(), [](const std::string& a, const std::string& b) {
    return std::count(a.begin(), a.end(), '/') < std::count(b.begin(), b.end(), '/');
  });
  for (const auto& dir : ordered) plan.directories.push_back(under(dir));

  for (const auto& [target, link] : layout.links) plan.links.push_back({plan.keep(target), under(link)});
  plan.links.push_back({"/proc/self/fd", under("/dev/fd")});
  plan.links.push_back({"/proc/self/fd/0", under("/dev/stdin")});
  plan.links.push_back({"/proc/self/fd/1", under("/dev/stdout")});
  plan.links.push_back({"/proc/self/fd/2", under("/dev/stderr")});
  for (const auto& mount : mounts) {
    std::error_code ec;
    plan.binds.push_back({plan.keep(mount), under(mount), fs::is_directory(mount, ec)});
  }
  for (const char* device : kDevices) plan.devices.push_back({device, under(device), false});

  const std::string uid = std::to_string(options.uid), gid = std::to_string(options.gid);
  const char* passwd =
      plan.keep("root:x:0:0:root:/root:/bin/sh\nsandbox:x:" + uid + ":" + gid + ":sandbox:/box:/bin/sh\n");
  const char* group = plan.keep("root:x:0:\nsandbox:x:" + gid + ":\n");
  const char* hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost\n";
  plan.root_files.push_back({under("/etc/passwd"), passwd, std::strlen(passwd), 0644, false});
  plan.root_files.push_back({under("/etc/group"), group, std::strlen(group), 0644, false});
  plan.root_files.push_back({under("/etc/hosts"), hosts, std::strlen(hosts), 0644, false});

  plan.root = plan.keep(root);
  plan.root_tmpfs_options = "size=512k,nr_inodes=4096,mode=0755";
  plan.proc = under("/proc");
  plan.box = under("/box");
  plan.tmp = under("/tmp");
  plan.old_root = under("/.old-root");
  const std::string size = "size=" + std::to_string(spec.limits.workdir_kb) + "k,nr_inodes=16384";
  plan.box_options = plan.keep(size + ",mode=0755" + (caps.privileged ? ",uid=" + uid + ",gid=" + gid : std::string()));
  plan.tmp_options = plan.keep(size + ",mode=1777");
  for (const auto& file : spec.files) {
    plan.box_files.push_back(
        {under("/box/" + file.name), file.content.data(), file.content.size(), file.executable ? 0755U : 0644U, true});
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
