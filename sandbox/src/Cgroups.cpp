#include "Cgroups.h"

#include "TextFiles.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

namespace arena::sandbox {
namespace fs = std::filesystem;
namespace {

constexpr const char* kV1Controllers[] = {"memory", "pids", "cpuacct"};

struct Mounts {
  std::map<std::string, std::pair<std::string, std::string>> v1;  // controller -> (mount point, mount root)
  std::string v2, v2_root;
};

Mounts find_mounts() {
  Mounts mounts;
  std::istringstream in(read_text("/proc/self/mountinfo").value_or(""));
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string word; fields >> word;) f.push_back(word);
    auto dash = std::find(f.begin(), f.end(), "-");
    if (f.size() < 5 || dash == f.end() || dash + 3 >= f.end() + 1) continue;
    const std::string& type = *(dash + 1);
    const std::string options = dash + 3 < f.end() ? *(dash + 3) : "";
    if (type == "cgroup2") {
      mounts.v2 = f[4];
      mounts.v2_root = f[3];
    } else if (type == "cgroup") {
      std::istringstream opts(options);
      for (std::string opt; std::getline(opts, opt, ',');) {
        for (const char* c : kV1Controllers)
          if (opt == c) mounts.v1[c] = {f[4], f[3]};
      }
    }
  }
  return mounts;
}

// This process's cgroup per controller ("" for v2), from /proc/self/cgroup.
std::map<std::string, std::string> own_cgroups() {
  std::map<std::string, std::string> own;
  std::istringstream in(read_text("/proc/self/cgroup").value_or(""));
  for (std::string line; std::getline(in, line);) {
    auto a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    std::string controllers = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
    if (controllers.empty()) own[""] = path;
    std::istringstream names(controllers);
    for (std::string name; std::getline(names, name, ',');) own[name] = path;
  }
  return own;
}

// Where a cgroup path appears under a mount whose root may itself be a sub-cgroup.
std::string join_under(const std::string& mount, const std::string& root, std::string path) {
  if (root != "/" && path.starts_with(root)) path = path.substr(root.size());
  return (fs::path(mount) / fs::path(path).relative_path()).lexically_normal().string();
}

// Removes the sandbox cgroups of processes that died without cleaning up.
void remove_stale(const std::string& parent) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("arena-sandbox-")) continue;
    const long pid = std::strtol(name.c_str() + 14, nullptr, 10);
    if (pid <= 0 || (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) {
      for (const auto& slot : fs::directory_iterator(entry.path(), ec))
        if (slot.is_directory()) rmdir(slot.path().c_str());
      rmdir(entry.path().c_str());
    }
  }
}

bool make_dir(const std::string& path) {
  return mkdir(path.c_str(), 0755) == 0 || errno == EEXIST;
}

std::uint64_t field_of(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string name, value; in >> name >> value;)
    if (name == key) return std::stoull(value);
  return 0;
}

}  // namespace

CgroupSlot::CgroupSlot(std::string memory, std::string pids, std::string cpu, bool v2)
    : memory_(std::move(memory)), pids_(std::move(pids)), cpu_(std::move(cpu)), v2_(v2) {
  for (const auto* dir : {&memory_, &pids_, &cpu_})
    if (!dir->empty() && std::find(dirs_.begin(), dirs_.end(), *dir) == dirs_.end()) dirs_.push_back(*dir);
}

int CgroupSlot::knob(const std::string& path, int flags) const {
  for (const auto& k : knobs_)
    if (k.path == path && k.flags == flags) return k.fd.get();
  UniqueFd fd(open(path.c_str(), flags | O_CLOEXEC));
  if (!fd) return -1;
  knobs_.push_back({path, flags, std::move(fd)});
  return knobs_.back().fd.get();
}

std::string CgroupSlot::read_knob(const std::string& path) const {
  const int fd = knob(path, O_RDONLY);
  char buffer[512];
  const ssize_t n = fd < 0 ? -1 : pread(fd, buffer, sizeof buffer - 1, 0);
  return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
}

bool CgroupSlot::try_write_knob(const std::string& path, const std::string& value) const {
  const int fd = knob(path, O_WRONLY);
  return fd >= 0 && pwrite(fd, value.data(), value.size(), 0) == static_cast<ssize_t>(value.size());
}

void CgroupSlot::write_knob(const std::string& path, const std::string& value) const {
  if (!try_write_knob(path, value))
    throw std::runtime_error("cgroup: cannot write " + value + " to " + path + ": " + std::strerror(errno));
}

void CgroupSlot::prepare(const Limits& limits) {
  const std::string memory = std::to_string(limits.memory_kb * 1024);
  if (v2_) {
    // A fresh directory per run is the only way to reset memory.peak on every v2 kernel.
    knobs_.clear();
    procs_.clear();
    rmdir(memory_.c_str());
    if (!make_dir(memory_)) throw std::runtime_error("cgroup: cannot create " + memory_ + ": " + std::strerror(errno));
    write_knob(memory_ + "/memory.max", memory);
    try_write_knob(memory_ + "/memory.swap.max", "0");
    write_knob(memory_ + "/pids.max", std::to_string(limits.processes));
    return;
  }
  if (!memory_.empty()) {
    if (limits.memory_kb != applied_memory_kb_) {
      // memory <= memory+swap must hold after each write, so the order depends on the direction.
      if (!try_write_knob(memory_ + "/memory.limit_in_bytes", memory)) {
        try_write_knob(memory_ + "/memory.memsw.limit_in_bytes", memory);
        write_knob(memory_ + "/memory.limit_in_bytes", memory);
      }
      try_write_knob(memory_ + "/memory.memsw.limit_in_bytes", memory);
      applied_memory_kb_ = limits.memory_kb;
    }
    write_knob(memory_ + "/memory.max_usage_in_bytes", "0");
    oom_baseline_ = field_of(read_knob(memory_ + "/memory.oom_control"), "oom_kill");
  }
  if (!pids_.empty() && limits.processes != applied_processes_) {
    write_knob(pids_ + "/pids.max", std::to_string(limits.processes));
    applied_processes_ = limits.processes;
  }
  if (!cpu_.empty()) write_knob(cpu_ + "/cpuacct.usage", "0");
}

std::vector<int> CgroupSlot::procs() const {
  std::vector<int> fds;
  for (const auto& dir : dirs_) {
    const int fd = knob(dir + "/cgroup.procs", O_WRONLY);
    if (fd < 0) throw std::runtime_error("cgroup: cannot open " + dir + "/cgroup.procs: " + std::strerror(errno));
    fds.push_back(fd);
  }
  return fds;
}

std::uint64_t CgroupSlot::cpu_ns() const {
  if (cpu_.empty()) return 0;
  if (v2_) return field_of(read_knob(cpu_ + "/cpu.stat"), "usage_usec") * 1000;
  return std::strtoull(read_knob(cpu_ + "/cpuacct.usage").c_str(), nullptr, 10);
}

CgroupUsage CgroupSlot::usage() const {
  CgroupUsage usage;
  usage.cpu_ns = cpu_ns();
  if (memory_.empty()) return usage;
  if (v2_) {
    usage.memory_peak_bytes = std::strtoull(read_knob(memory_ + "/memory.peak").c_str(), nullptr, 10);
    usage.oom_kills = field_of(read_knob(memory_ + "/memory.events"), "oom_kill");
  } else {
    usage.memory_peak_bytes = std::strtoull(read_knob(memory_ + "/memory.max_usage_in_bytes").c_str(), nullptr, 10);
    usage.oom_kills = field_of(read_knob(memory_ + "/memory.oom_control"), "oom_kill") - oom_baseline_;
  }
  return usage;
}

Cgroups::Cgroups(const std::string& parent, unsigned slots, Capabilities& caps) {
  const Mounts mounts = find_mounts();
  const auto own = own_cgroups();
  const std::string name = "arena-sandbox-" + std::to_string(getpid());
  std::map<std::string, std::string> bases;  // controller -> base directory

  if (mounts.v1.count("memory")) {
    caps.cgroup_version = "v1";
    for (const char* controller : kV1Controllers) {
      auto mount = mounts.v1.find(controller);
      auto mine = own.find(controller);
      if (mount == mounts.v1.end() || mine == own.end()) {
        caps.warnings.push_back(std::string("cgroup v1: no '") + controller + "' hierarchy");
        continue;
      }
      const std::string dir = parent.empty()
                                  ? join_under(mount->second.first, mount->second.second, mine->second)
                                  : (fs::path(mount->second.first) / fs::path(parent).relative_path()).string();
      remove_stale(dir);
      const std::string base = dir + "/" + name;
      if (!make_dir(base)) {
        caps.warnings.push_back("cgroup v1: cannot create " + base + ": " + std::strerror(errno));
        continue;
      }
      bases[controller] = base;
      bases_.push_back(base);
    }
  } else if (!mounts.v2.empty()) {
    caps.cgroup_version = "v2";
    const std::string dir =
        parent.empty() ? join_under(mounts.v2, mounts.v2_root, own.count("") ? own.at("") : "/") : parent;
    const std::string available = read_text(dir + "/cgroup.controllers").value_or("");
    remove_stale(dir);
    const std::string base = dir + "/" + name;
    if (available.find("memory") == std::string::npos || available.find("pids") == std::string::npos) {
      caps.warnings.push_back("cgroup v2: " + dir +
                              " offers no memory/pids controllers (set sandbox.cgroup_parent to a delegated cgroup)");
    } else if (!write_text(dir + "/cgroup.subtree_control", "+memory +pids +cpu") || !make_dir(base) ||
               !write_text(base + "/cgroup.subtree_control", "+memory +pids +cpu")) {
      caps.warnings.push_back("cgroup v2: cannot delegate controllers below " + dir + ": " + std::strerror(errno) +
                              " (set sandbox.cgroup_parent to a delegated cgroup)");
      rmdir(base.c_str());
    } else {
      bases["memory"] = bases["pids"] = bases["cpuacct"] = base;
      bases_.push_back(base);
    }
  } else {
    caps.warnings.push_back("no cgroup hierarchy found: memory and process limits fall back to rlimits");
  }

  if (bases.empty()) return;
  const bool v2 = caps.cgroup_version == "v2";
  caps.cgroup_memory = bases.count("memory") > 0;
  caps.cgroup_pids = bases.count("pids") > 0;
  caps.cgroup_cpu = bases.count("cpuacct") > 0;
  slots_.reserve(slots);
  for (unsigned i = 0; i < slots; ++i) {
    auto slot_dir = [&](const char* controller) -> std::string {
      auto it = bases.find(controller);
      if (it == bases.end()) return {};
      const std::string dir = it->second + "/slot-" + std::to_string(i);
      if (!v2) make_dir(dir);
      return dir;
    };
    slots_.emplace_back(slot_dir("memory"), slot_dir("pids"), slot_dir("cpuacct"), v2);
  }
  for (auto& slot : slots_) free_.push_back(&slot);
}

Cgroups::~Cgroups() {
  std::vector<std::string> dirs;
  for (auto& slot : slots_) dirs.insert(dirs.end(), slot.directories().begin(), slot.directories().end());
  slots_.clear();  // closes the knobs first
  for (const auto& dir : dirs) rmdir(dir.c_str());
  for (const auto& base : bases_) rmdir(base.c_str());
}

CgroupSlot& Cgroups::acquire() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [&] { return !free_.empty(); });
  CgroupSlot* slot = free_.back();
  free_.pop_back();
  return *slot;
}

void Cgroups::release(CgroupSlot& slot) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(&slot);
  }
  freed_.notify_one();
}

}  // namespace arena::sandbox
