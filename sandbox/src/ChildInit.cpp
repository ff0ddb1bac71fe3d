// The code that runs inside the sandbox before the untrusted program: pid 1 of the run's PID
// namespace. It builds the new root, starts the program as pid 2, reaps everything, collects
// the requested files and reports. It runs in a clone of a possibly multi-threaded parent, so
// it allocates nothing and calls only async-signal-safe functions and system calls.

#include "ChildPlan.h"
#include "ChildProtocol.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/seccomp.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace arena::sandbox {
namespace {

#define ARENA_CHILD __attribute__((no_sanitize("address", "undefined")))

ARENA_CHILD std::uint64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

ARENA_CHILD void copy_detail(ChildReport& report, const char* detail) {
  if (detail == nullptr) return;
  std::size_t i = 0;
  for (; detail[i] != '\0' && i + 1 < sizeof report.detail; ++i) report.detail[i] = detail[i];
  report.detail[i] = '\0';
}

ARENA_CHILD [[noreturn]] void fail(const ChildPlan& plan, ChildReport& report, ChildStage stage, const char* detail,
                                   int error) {
  report.stage = stage;
  report.error = error;
  copy_detail(report, detail);
  [[maybe_unused]] auto written = pwrite(plan.report_fd, &report, sizeof report, 0);
  _exit(1);
}

ARENA_CHILD bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

ARENA_CHILD bool write_file(const char* path, const char* data, std::size_t size, unsigned mode, int uid, int gid) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return false;
  bool ok = write_all(fd, data, size) &&
            (uid < 0 || fchown(fd, static_cast<uid_t>(uid), static_cast<gid_t>(gid)) == 0) && fchmod(fd, mode) == 0;
  int saved = errno;
  close(fd);
  errno = saved;
  return ok;
}

ARENA_CHILD bool write_file_existing(const char* path, const char* text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = write_all(fd, text, strlen(text));
  int saved = errno;
  close(fd);
  errno = saved;
  return ok;
}

ARENA_CHILD bool make_mount_point(const PlanMount& m) {
  if (m.directory) return mkdir(m.target, 0755) == 0 || errno == EEXIST;
  int fd = open(m.target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  close(fd);
  return true;
}

// What the program's process tells init through the exec pipe when a step before exec fails.
struct ExecFailure {
  ChildStage stage;
  int error;
};

// The program's process: pid 2. Drops everything and becomes the untrusted program.
ARENA_CHILD [[noreturn]] void die_before_exec(int exec_pipe, int error) {
  ExecFailure failure{ChildStage::Exec, error};
  [[maybe_unused]] auto n = write(exec_pipe, &failure, sizeof failure);
  _exit(127);
}

ARENA_CHILD [[noreturn]] void become_program(const ChildPlan& plan, int exec_pipe) {
#define die(error) die_before_exec(exec_pipe, error)
  if (dup2(plan.stdin_fd, 0) < 0 || dup2(plan.stdout_fd, 1) < 0 || dup2(plan.stderr_fd, 2) < 0) die(errno);
  // Everything else the host had open (database sockets, listeners...) goes now; only the exec
  // pipe stays, and it closes at exec.
  const unsigned pipe_fd = static_cast<unsigned>(exec_pipe);
  if (pipe_fd > 3) syscall(SYS_close_range, 3U, pipe_fd - 1, 0U);
  syscall(SYS_close_range, pipe_fd + 1, ~0U, 0U);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);  // the host ignores SIGPIPE, say
  setsid();  // no controlling terminal: nothing to inject keystrokes into
  if (chdir("/box") != 0) die(errno);
  write_file_existing("/proc/self/oom_score_adj", "1000");  // the program, not init, is the OOM victim
  if (plan.drop_privileges) {
    for (int cap = 0; cap <= 63; ++cap) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
    // Raw system calls: glibc's set*id wrappers signal every thread the parent had and wait
    // for them, which in this single-threaded copy would wait forever.
    if (syscall(SYS_setgroups, 0, nullptr) != 0 || syscall(SYS_setresgid, plan.gid, plan.gid, plan.gid) != 0 ||
        syscall(SYS_setresuid, plan.uid, plan.uid, plan.uid) != 0)
      die(errno);
    // Changing uid made us non-dumpable, which makes /proc/self root's; we need our uid_map.
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
  } else {
    // Unprivileged: we are root of the user namespace the parent mapped us into. Give that up
    // for good: no capabilities now, none regained at exec, none in the bounding set.
    prctl(PR_SET_SECUREBITS,
          SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
              SECBIT_KEEP_CAPS_LOCKED,
          0, 0, 0);
    for (int cap = 0; cap <= 63; ++cap) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    if (syscall(SYS_capset, &header, data) != 0) die(errno);
  }
  if (plan.user_namespace) {
    if (unshare(CLONE_NEWUSER) != 0) die(errno);
    if (!(write_file_existing("/proc/self/setgroups", "deny") &&
          write_file_existing("/proc/self/uid_map", plan.uid_map) &&
          write_file_existing("/proc/self/gid_map", plan.gid_map)))
      die(errno);
  }
  for (const auto& limit : plan.limits) {
    if (setrlimit(static_cast<__rlimit_resource>(limit.resource), &limit.value) != 0) die(errno);
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die(errno);
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (plan.seccomp != nullptr && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, plan.seccomp, 0, 0) != 0) die(errno);
  execve(plan.argv[0], plan.argv.data(), plan.envp.data());
  die(errno);
#undef die
}

ARENA_CHILD void build_root(const ChildPlan& plan, ChildReport& report) {
  constexpr unsigned long kNoSuid = MS_NOSUID | MS_NODEV;
  if (mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    fail(plan, report, ChildStage::Mounts, "/", errno);
  // pivot_root wants the new root to be a mount point: bind the skeleton onto itself.
  if (mount(plan.root, plan.root, nullptr, MS_BIND, nullptr) != 0)
    fail(plan, report, ChildStage::Mounts, plan.root, errno);
  for (const auto& device : plan.devices) {
    if (mount(device.source, device.target, nullptr, MS_BIND, nullptr) != 0 ||
        mount(nullptr, device.target, nullptr, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NOEXEC, nullptr) != 0)
      fail(plan, report, ChildStage::Mounts, device.source, errno);
  }
  if (mount("proc", plan.proc, "proc", kNoSuid | MS_NOEXEC, "hidepid=2") != 0)
    fail(plan, report, ChildStage::Mounts, "/proc", errno);
  if (mount("tmpfs", plan.box, "tmpfs", kNoSuid, plan.box_options) != 0)
    fail(plan, report, ChildStage::Mounts, "/box", errno);
  if (mount("tmpfs", plan.tmp, "tmpfs", kNoSuid, plan.tmp_options) != 0)
    fail(plan, report, ChildStage::Mounts, "/tmp", errno);
  // Binds after the private tmpfs mounts, so a host path under /tmp or /box stays visible; their
  // mount points there are made now (the skeleton's would be hidden by the tmpfs).
  for (const char* dir : plan.private_directories) {
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) fail(plan, report, ChildStage::Mounts, dir, errno);
  }
  for (const auto& bind : plan.binds) {
    if ((bind.create && !make_mount_point(bind)) || mount(bind.source, bind.target, nullptr, MS_BIND, nullptr) != 0 ||
        mount(nullptr, bind.target, nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | kNoSuid, nullptr) != 0)
      fail(plan, report, ChildStage::Mounts, bind.source, errno);
  }
  const int owner_uid = plan.drop_privileges ? static_cast<int>(plan.uid) : -1;
  const int owner_gid = plan.drop_privileges ? static_cast<int>(plan.gid) : -1;
  for (const auto& file : plan.box_files) {
    if (!write_file(file.path, file.data, file.size, file.mode, owner_uid, owner_gid))
      fail(plan, report, ChildStage::Files, file.path, errno);
  }
  if (syscall(SYS_pivot_root, plan.root, plan.old_root) != 0)
    fail(plan, report, ChildStage::PivotRoot, plan.root, errno);
  if (chdir("/") != 0 || umount2("/.old-root", MNT_DETACH) != 0)
    fail(plan, report, ChildStage::PivotRoot, "/.old-root", errno);
  // The skeleton is read-only; only /box and /tmp take writes. Its device nodes need it dev.
  const unsigned long root_flags =
      MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | (plan.root_has_devices ? 0 : MS_NODEV);
  if (mount(nullptr, "/", nullptr, root_flags, nullptr) != 0)
    fail(plan, report, ChildStage::PivotRoot, "/ read-only", errno);
}

// Appends the requested regular files of /box to the report, refusing links and oversize files.
ARENA_CHILD std::uint32_t collect_files(const ChildPlan& plan) {
  std::uint32_t count = 0;
  if (lseek(plan.report_fd, sizeof(ChildReport), SEEK_SET) < 0) return 0;
  for (const auto& item : plan.collect) {
    int fd = open(item.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
        static_cast<std::uint64_t>(st.st_size) > plan.collect_max_bytes) {
      close(fd);
      continue;
    }
    CollectedHeader header{item.index, st.st_mode & 07777, static_cast<std::uint64_t>(st.st_size)};
    if (!write_all(plan.report_fd, reinterpret_cast<const char*>(&header), sizeof header)) {
      close(fd);
      break;
    }
    std::uint64_t left = header.size;
    while (left > 0) {
      ssize_t n = sendfile(plan.report_fd, fd, nullptr, left);
      if (n <= 0) break;
      left -= static_cast<std::uint64_t>(n);
    }
    close(fd);
    if (left != 0) break;  // the file changed under us; the parent sees a short record and stops
    ++count;
  }
  return count;
}

}  // namespace

ARENA_CHILD int child_main(void* raw_plan) {
  const ChildPlan& plan = *static_cast<const ChildPlan*>(raw_plan);
  ChildReport report;
  report.magic = kReportMagic;
  if (plan.sync_fd >= 0) {
    char go = 0;
    while (read(plan.sync_fd, &go, 1) < 0 && errno == EINTR) {
    }
  }

  // The memory cgroup's OOM killer picks the largest process, and init, a copy of the host,
  // can look largest: keep it out of reach (root only; the program raises its own score).
  write_file_existing("/proc/self/oom_score_adj", "-1000");
  for (int fd : plan.cgroup_procs_fds) {
    if (write(fd, "0", 1) != 1) fail(plan, report, ChildStage::JoinCgroup, "cgroup.procs", errno);
  }
  if (plan.netns_fd >= 0 ? setns(plan.netns_fd, CLONE_NEWNET) != 0 : unshare(CLONE_NEWNET) != 0)
    fail(plan, report, ChildStage::Network, "network namespace", errno);
  build_root(plan, report);
  sethostname("arena", 5);

  int exec_pipe[2];
  if (pipe2(exec_pipe, O_CLOEXEC) != 0) fail(plan, report, ChildStage::Fork, "pipe", errno);
  // The raw system call, not fork(): glibc's fork takes locks (malloc's, stdio's) that another
  // thread of the parent may have held at clone time, and would wait for them forever.
  pid_t program = static_cast<pid_t>(syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, 0));
  if (program < 0) fail(plan, report, ChildStage::Fork, "fork", errno);
  if (program == 0) {
    close(exec_pipe[0]);
    become_program(plan, exec_pipe[1]);
  }
  close(exec_pipe[1]);
  ExecFailure failure{};
  ssize_t got;
  do {
    got = read(exec_pipe[0], &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  const std::uint64_t started = now_ns();
  close(exec_pipe[0]);

  // Reap until the program is gone, then end whatever it left behind and reap that too.
  bool program_done = false;
  for (;;) {
    int status = 0;
    rusage usage{};
    pid_t pid = wait4(-1, &status, __WALL, &usage);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (pid == program && !program_done) {
      program_done = true;
      report.wall_ns = now_ns() - started;
      report.wait_status = status;
      report.user_us = static_cast<std::uint64_t>(usage.ru_utime.tv_sec) * 1000000ULL + usage.ru_utime.tv_usec;
      report.system_us = static_cast<std::uint64_t>(usage.ru_stime.tv_sec) * 1000000ULL + usage.ru_stime.tv_usec;
      report.maxrss_kb = static_cast<std::uint64_t>(usage.ru_maxrss);
      kill(-1, SIGKILL);
    }
  }
  if (got == static_cast<ssize_t>(sizeof failure)) fail(plan, report, failure.stage, plan.argv[0], failure.error);

  report.collected = collect_files(plan);
  report.stage = ChildStage::Finished;
  [[maybe_unused]] auto written = pwrite(plan.report_fd, &report, sizeof report, 0);
  _exit(0);
}

}  // namespace arena::sandbox
