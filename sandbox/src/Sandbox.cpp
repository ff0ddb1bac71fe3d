#include <arena/sandbox/Sandbox.h>

#include "Cgroups.h"
#include "ChildPlan.h"
#include "ChildProtocol.h"
#include "RootSkeleton.h"
#include "RunPlanner.h"
#include "SeccompPolicy.h"
#include "TextFiles.h"
#include "UniqueFd.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <thread>

namespace arena::sandbox {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kChildStackBytes = 256 * 1024;
constexpr int kCpuPollMs = 20;

const char* stage_name(ChildStage stage) {
  switch (stage) {
    case ChildStage::Started:
      return "start";
    case ChildStage::JoinCgroup:
      return "joining the cgroup";
    case ChildStage::Network:
      return "network namespace";
    case ChildStage::Mounts:
      return "mounting";
    case ChildStage::Files:
      return "writing input files";
    case ChildStage::PivotRoot:
      return "pivot_root";
    case ChildStage::Fork:
      return "starting the program";
    case ChildStage::Exec:
      return "cannot execute";
    case ChildStage::Finished:
      return "finished";
  }
  return "unknown step";
}

UniqueFd make_memfd(const char* name) {
  UniqueFd fd(memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!fd) throw std::runtime_error(std::string("memfd_create: ") + std::strerror(errno));
  return fd;
}

// stdin as a sealed, read-only memfd: the program can read it but change nothing.
UniqueFd make_stdin(const std::string& data) {
  UniqueFd fd = make_memfd("arena-stdin");
  for (std::size_t done = 0; done < data.size();) {
    ssize_t n = write(fd.get(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(std::string("stdin: ") + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  UniqueFd read_only(open(("/proc/self/fd/" + std::to_string(fd.get())).c_str(), O_RDONLY | O_CLOEXEC));
  if (!read_only) throw std::runtime_error(std::string("stdin: ") + std::strerror(errno));
  return read_only;
}

// Reads at most `limit` bytes of a memfd the program wrote; reports whether there was more.
std::string read_output(int fd, std::uint64_t limit, bool& truncated) {
  struct stat st {};
  fstat(fd, &st);
  const auto size = static_cast<std::uint64_t>(st.st_size);
  truncated = size > limit;
  std::string data(std::min(size, limit), '\0');
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = pread(fd, data.data() + done, data.size() - done, static_cast<off_t>(done));
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  data.resize(done);
  return data;
}

bool read_exact(int fd, void* out, std::size_t size, off_t offset) {
  return pread(fd, out, size, offset) == static_cast<ssize_t>(size);
}

std::string signal_name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

UniqueFd make_network_namespace() {
  // unshare() on a short-lived thread leaves this process's own namespace untouched; the fd
  // keeps the new, empty namespace alive, and each run joins it (cheaper than creating one).
  UniqueFd fd;
  std::thread([&] {
    if (unshare(CLONE_NEWNET) == 0) fd.reset(open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  }).join();
  return fd;
}

}  // namespace

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::OK:
      return "OK";
    case Verdict::RE:
      return "RE";
    case Verdict::TLE:
      return "TLE";
    case Verdict::MLE:
      return "MLE";
    case Verdict::OLE:
      return "OLE";
    case Verdict::SG:
      return "SG";
    case Verdict::XX:
      return "XX";
  }
  return "XX";
}

struct Sandbox::Impl {
  Options options;
  Capabilities caps;
  std::optional<SeccompPolicy> seccomp;
  std::optional<Cgroups> cgroups;
  UniqueFd netns;
  std::optional<RootSkeleton> skeleton;

  explicit Impl(Options opts) : options(std::move(opts)) {
    caps.privileged = geteuid() == 0;
    try {
      seccomp.emplace();
      caps.seccomp = true;
    } catch (const std::exception& e) {
      caps.warnings.push_back(e.what());
    }
    if (caps.privileged) {
      cgroups.emplace(options.cgroup_parent, std::max(1U, options.slots), caps);
      netns = make_network_namespace();
      if (!netns) caps.warnings.push_back("cannot pre-create a network namespace; each run creates its own (slower)");
    } else {
      caps.warnings.push_back(
          "not root: programs run as the invoking user inside a user namespace, without cgroup "
          "limits (memory falls back to RLIMIT_AS, processes to RLIMIT_NPROC)");
    }
    caps.network_namespace = true;
    caps.user_namespace = true;
    const std::string parent =
        caps.privileged ? std::string("/run/arena-sandbox")
                        : (fs::temp_directory_path() / ("arena-sandbox-" + std::to_string(geteuid()))).string();
    skeleton.emplace(parent, options, caps.privileged);
  }

  RunResult run(const RunSpec& spec);
  RunResult finish(const RunSpec& spec, pid_t child, int report_fd, int stdout_fd, int stderr_fd, CgroupSlot* slot);
};

RunResult Sandbox::Impl::run(const RunSpec& spec) {
  RunResult result;
  if (std::string problem = validate(spec); !problem.empty()) {
    result.message = problem;
    return result;
  }
  CgroupSlot* slot = nullptr;
  struct SlotGuard {
    Cgroups* cgroups;
    CgroupSlot*& slot;
    ~SlotGuard() {
      if (slot != nullptr) cgroups->release(*slot);
    }
  } guard{cgroups ? &*cgroups : nullptr, slot};

  ChildPlan plan;
  UniqueFd stdin_fd, stdout_fd, stderr_fd, report_fd;
  std::vector<int> procs;
  UniqueFd sync_read, sync_write;
  try {
    if (cgroups && cgroups->enabled()) {
      slot = &cgroups->acquire();
      slot->prepare(spec.limits);
      procs = slot->procs();
    }
    stdin_fd = make_stdin(spec.stdin_data);
    stdout_fd = make_memfd("arena-stdout");
    stderr_fd = make_memfd("arena-stderr");
    report_fd = make_memfd("arena-report");
    if (!caps.privileged) {
      int fds[2];
      if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
      sync_read.reset(fds[0]);
      sync_write.reset(fds[1]);
    }
  } catch (const std::exception& e) {
    result.message = std::string("sandbox setup: ") + e.what();
    return result;
  }
  plan_run(plan, *skeleton, spec, options, caps);
  plan.cgroup_procs_fds = procs;
  plan.netns_fd = netns ? netns.get() : -1;
  plan.stdin_fd = stdin_fd.get();
  plan.stdout_fd = stdout_fd.get();
  plan.stderr_fd = stderr_fd.get();
  plan.report_fd = report_fd.get();
  plan.drop_privileges = caps.privileged;
  plan.user_namespace = caps.privileged;  // unprivileged runs are in a user namespace already
  plan.seccomp = seccomp ? seccomp->program() : nullptr;
  plan.sync_fd = sync_read ? sync_read.get() : -1;

  auto stack = std::make_unique<char[]>(kChildStackBytes);
  int flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | SIGCHLD;
  if (!caps.privileged) flags |= CLONE_NEWUSER;
  pid_t child = clone(child_main, stack.get() + kChildStackBytes, flags, &plan);
  if (child < 0) {
    result.message = std::string("clone: ") + std::strerror(errno);
    return result;
  }
  stdin_fd.reset();
  if (!caps.privileged) {
    // Map the child's root to us, then let it go on (it waits on the pipe for this).
    const std::string proc = "/proc/" + std::to_string(child);
    const bool mapped = write_text(proc + "/uid_map", "0 " + std::to_string(geteuid()) + " 1\n") &&
                        write_text(proc + "/setgroups", "deny") &&
                        write_text(proc + "/gid_map", "0 " + std::to_string(getegid()) + " 1\n");
    if (!mapped) {
      result.message = std::string("cannot map the user namespace: ") + std::strerror(errno);
      kill(child, SIGKILL);
      waitpid(child, nullptr, __WALL);
      return result;
    }
    [[maybe_unused]] auto n = write(sync_write.get(), "g", 1);
    sync_write.reset();
  }
  return finish(spec, child, report_fd.get(), stdout_fd.get(), stderr_fd.get(), slot);
}

RunResult Sandbox::Impl::finish(const RunSpec& spec, pid_t child, int report_fd, int stdout_fd, int stderr_fd,
                                CgroupSlot* slot) {
  using Clock = std::chrono::steady_clock;
  RunResult result;
  const auto started = Clock::now();
  // Wall time counts from here; the child's own measure (from exec) replaces it when it has one.
  const auto deadline = started + std::chrono::milliseconds(spec.limits.wall_ms) + std::chrono::milliseconds(100);
  UniqueFd pidfd(static_cast<int>(syscall(SYS_pidfd_open, child, 0)));
  bool killed_wall = false, killed_cpu = false;
  const std::uint64_t cpu_limit_ns = static_cast<std::uint64_t>(spec.limits.cpu_ms) * 1000000ULL;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      killed_wall = true;
      break;
    }
    pollfd p{pidfd.get(), POLLIN, 0};
    int timeout = static_cast<int>(std::min<long long>(left, slot != nullptr ? kCpuPollMs : left));
    int ready = pidfd ? poll(&p, 1, timeout) : (std::this_thread::sleep_for(std::chrono::milliseconds(5)), 0);
    if (ready > 0) break;
    if (!pidfd && waitpid(child, nullptr, WNOHANG | __WNOTHREAD) != 0) break;  // no pidfd: poll the old way
    if (slot != nullptr && slot->cpu_ns() > cpu_limit_ns) {
      killed_cpu = true;
      break;
    }
  }
  // Killing pid 1 of the PID namespace takes every process of the run with it.
  if (killed_wall || killed_cpu) kill(child, SIGKILL);
  int status = 0;
  while (waitpid(child, &status, __WALL) < 0 && errno == EINTR) {
  }
  const auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();

  ChildReport report;
  const bool has_report = read_exact(report_fd, &report, sizeof report, 0) && report.magic == kReportMagic;
  if (!has_report && !killed_wall && !killed_cpu && slot != nullptr && slot->usage().oom_kills > 0) {
    // The OOM killer took init itself (it cannot when we may protect it): still the program's doing.
    result.verdict = Verdict::MLE;
    result.message = "memory limit exceeded";
    result.wall_ms = static_cast<std::uint64_t>(wall);
    result.memory_kb = slot->usage().memory_peak_bytes / 1024;
    return result;
  }
  if (!has_report && !killed_wall && !killed_cpu) {
    result.message = WIFSIGNALED(status) ? "sandbox init killed by " + signal_name(WTERMSIG(status))
                                         : "sandbox init ended without a report";
    return result;
  }
  if (has_report && report.stage != ChildStage::Finished && !killed_wall && !killed_cpu) {
    result.message = std::string(stage_name(report.stage)) + " " + report.detail + ": " + std::strerror(report.error);
    return result;
  }

  CgroupUsage usage;
  if (slot != nullptr) usage = slot->usage();
  const bool finished = has_report && report.stage == ChildStage::Finished;
  result.wall_ms = finished ? report.wall_ns / 1000000ULL : static_cast<std::uint64_t>(wall);
  result.cpu_ms = slot != nullptr ? usage.cpu_ns / 1000000ULL : (report.user_us + report.system_us) / 1000ULL;
  result.memory_kb = slot != nullptr && usage.memory_peak_bytes > 0 ? usage.memory_peak_bytes / 1024 : report.maxrss_kb;
  result.stdout_data = read_output(stdout_fd, spec.limits.output_bytes, result.stdout_truncated);
  result.stderr_data = read_output(stderr_fd, spec.limits.output_bytes, result.stderr_truncated);

  if (finished) {
    off_t offset = sizeof report;
    for (std::uint32_t i = 0; i < report.collected; ++i) {
      CollectedHeader header{};
      if (!read_exact(report_fd, &header, sizeof header, offset) || header.index >= spec.collect.size()) break;
      offset += sizeof header;
      File file{spec.collect[header.index], std::string(header.size, '\0'), (header.mode & 0111) != 0};
      if (!read_exact(report_fd, file.content.data(), file.content.size(), offset)) break;
      offset += static_cast<off_t>(header.size);
      result.collected.push_back(std::move(file));
    }
  }

  const int wait_status = finished ? report.wait_status : 0;
  const bool signaled = finished && WIFSIGNALED(wait_status);
  const int sig = signaled ? WTERMSIG(wait_status) : 0;
  if (finished && WIFEXITED(wait_status)) result.exit_code = WEXITSTATUS(wait_status);
  result.signal = sig;
  if (killed_wall || result.wall_ms > spec.limits.wall_ms) {
    result.verdict = Verdict::TLE;
    result.message = "wall time limit exceeded";
  } else if (killed_cpu || sig == SIGXCPU || result.cpu_ms > spec.limits.cpu_ms) {
    result.verdict = Verdict::TLE;
    result.message = "CPU time limit exceeded";
  } else if (usage.oom_kills > 0) {
    result.verdict = Verdict::MLE;
    result.message = "memory limit exceeded";
  } else if (sig == SIGXFSZ || result.stdout_truncated || result.stderr_truncated) {
    result.verdict = Verdict::OLE;
    result.message = sig == SIGXFSZ ? "output or file size limit exceeded" : "output limit exceeded";
  } else if (signaled) {
    result.verdict = Verdict::SG;
    result.message = "killed by " + signal_name(sig);
  } else if (result.exit_code != 0) {
    result.verdict = Verdict::RE;
    result.message = "exit status " + std::to_string(result.exit_code);
  } else {
    result.verdict = Verdict::OK;
  }
  return result;
}

Sandbox::Sandbox(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Sandbox::~Sandbox() = default;

RunResult Sandbox::run(const RunSpec& spec) {
  return impl_->run(spec);
}

const Capabilities& Sandbox::capabilities() const {
  return impl_->caps;
}

}  // namespace arena::sandbox
