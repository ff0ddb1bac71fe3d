#include "RootSkeleton.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace arena::sandbox {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTopLevelLinks[] = {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("sandbox: cannot write " + path.string());
}

// Skeletons of processes that died without removing theirs.
void remove_stale(const fs::path& parent) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const long pid = std::strtol(entry.path().filename().c_str(), nullptr, 10);
    if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
  }
}

bool clean_absolute(const std::string& path) {
  return path.size() > 1 && path[0] == '/' && fs::path(path).lexically_normal().string() == path && path.back() != '/';
}

}  // namespace

const std::vector<std::string>& RootSkeleton::devices() {
  static const std::vector<std::string> list = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"};
  return list;
}

RootSkeleton::RootSkeleton(const std::string& parent, const Options& options, bool privileged) {
  static std::atomic<unsigned> counter{0};
  std::error_code ec;
  fs::create_directories(parent, ec);
  struct stat st {};
  if (lstat(parent.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022) != 0)
    throw std::runtime_error("sandbox: " + parent + " must be a directory of ours that nobody else can write");
  remove_stale(parent);
  path_ = parent + "/" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  fs::remove_all(path_, ec);
  if (mkdir(path_.c_str(), 0755) != 0)
    throw std::runtime_error("sandbox: cannot create " + path_ + ": " + std::strerror(errno));
  const fs::path root(path_);
  for (const char* dir : {"etc", "dev", "proc", "box", "tmp", ".old-root"}) fs::create_directory(root / dir);

  for (const char* top : kTopLevelLinks) {
    if (fs::is_symlink(top, ec)) {
      fs::create_symlink(fs::read_symlink(top, ec), root / (top + 1));
    } else if (fs::is_directory(top, ec)) {
      mounts_.emplace_back(top);
    }
  }
  for (const auto& mount : options.mounts)
    if (clean_absolute(mount) && fs::exists(mount, ec)) mounts_.push_back(mount);

  const std::string uid = std::to_string(options.uid), gid = std::to_string(options.gid);
  write_file(root / "etc/passwd",
             "root:x:0:0:root:/root:/bin/sh\nsandbox:x:" + uid + ":" + gid + ":sandbox:/box:/bin/sh\n");
  write_file(root / "etc/group", "root:x:0:\nsandbox:x:" + gid + ":\n");
  write_file(root / "etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost\n");
  fs::create_directory_symlink("/proc/self/fd", root / "dev/fd");
  fs::create_symlink("/proc/self/fd/0", root / "dev/stdin");
  fs::create_symlink("/proc/self/fd/1", root / "dev/stdout");
  fs::create_symlink("/proc/self/fd/2", root / "dev/stderr");

  device_nodes_ = privileged;
  for (const auto& device : devices()) {
    struct stat host {};
    const std::string target = path_ + device;
    if (device_nodes_ && stat(device.c_str(), &host) == 0 && S_ISCHR(host.st_mode) &&
        mknod(target.c_str(), S_IFCHR | 0666, host.st_rdev) == 0 && chmod(target.c_str(), 0666) == 0)
      continue;
    device_nodes_ = false;
  }
  if (!device_nodes_) {
    for (const auto& device : devices()) {
      fs::remove(path_ + device, ec);
      write_file(path_ + device, "");
    }
  }
  for (const auto& mount : mounts_) ensure_mount_point(mount);
}

RootSkeleton::~RootSkeleton() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

bool RootSkeleton::ensure_mount_point(const std::string& path) {
  std::error_code ec;
  const bool directory = fs::is_directory(path, ec);
  if (!directory && !fs::exists(path, ec)) return false;
  std::lock_guard lock(mutex_);
  const fs::path target = path_ + path;
  if (fs::exists(fs::symlink_status(target, ec))) return true;
  fs::create_directories(target.parent_path(), ec);
  if (directory) {
    fs::create_directory(target, ec);
  } else {
    write_file(target, "");
  }
  return true;
}

}  // namespace arena::sandbox
