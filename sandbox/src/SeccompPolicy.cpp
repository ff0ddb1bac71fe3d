#include "SeccompPolicy.h"

#include "UniqueFd.h"

#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <string>

namespace arena::sandbox {
namespace {

// System calls a submission never needs and that reach the kernel's riskier corners, change
// the machine, or escape the namespaces. They fail with EPERM rather than killing the program,
// so a runtime that probes for them at start-up (some do) keeps working.
constexpr const char* kDenied[] = {
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "kcmp",
    "pidfd_getfd",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "unshare",
    "setns",
    "init_module",
    "finit_module",
    "delete_module",
    "kexec_load",
    "kexec_file_load",
    "keyctl",
    "add_key",
    "request_key",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
    "quotactl",
    "syslog",
    "sethostname",
    "setdomainname",
    "vhangup",
    "open_by_handle_at",
    "name_to_handle_at",
    "fanotify_init",
    "lookup_dcookie",
    "iopl",
    "ioperm",
    "uselib",
    "nfsservctl",
    "mbind",
    "migrate_pages",
    "move_pages",
    "set_mempolicy",
};

constexpr unsigned long kNamespaceFlags[] = {CLONE_NEWNS,  CLONE_NEWUTS, CLONE_NEWIPC,    CLONE_NEWUSER,
                                             CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP, CLONE_NEWTIME};

void check(int rc, const std::string& what) {
  if (rc < 0) throw std::runtime_error("seccomp: " + what + ": " + std::to_string(-rc));
}

}  // namespace

SeccompPolicy::SeccompPolicy() {
  std::unique_ptr<void, decltype(&seccomp_release)> ctx(seccomp_init(SCMP_ACT_ALLOW), &seccomp_release);
  if (!ctx) throw std::runtime_error("seccomp: seccomp_init failed");
  for (const char* name : kDenied) {
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) continue;  // not on this architecture
    check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), nr, 0), name);
  }
  // Threads and processes yes, new namespaces no. clone3 passes its flags in memory a filter
  // cannot read, so it answers ENOSYS and the C library falls back to clone.
  for (unsigned long flag : kNamespaceFlags) {
    check(
        seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)),
        "clone");
  }
  check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), "clone3");
  // Typing into a terminal someone else reads (TIOCSTI) or driving the console (TIOCLINUX).
  for (unsigned long request : {static_cast<unsigned long>(TIOCSTI), static_cast<unsigned long>(TIOCLINUX)}) {
    check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                           SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL, request)),
          "ioctl");
  }

  UniqueFd out(memfd_create("arena-seccomp", MFD_CLOEXEC));
  if (!out) throw std::runtime_error("seccomp: memfd_create failed");
  check(seccomp_export_bpf(ctx.get(), out.get()), "export");
  off_t size = lseek(out.get(), 0, SEEK_END);
  if (size <= 0 || size % static_cast<off_t>(sizeof(sock_filter)) != 0)
    throw std::runtime_error("seccomp: unexpected filter size");
  instructions_.resize(static_cast<std::size_t>(size) / sizeof(sock_filter));
  if (pread(out.get(), instructions_.data(), static_cast<std::size_t>(size), 0) != size)
    throw std::runtime_error("seccomp: cannot read the filter back");
  program_.len = static_cast<unsigned short>(instructions_.size());
  program_.filter = instructions_.data();
}

}  // namespace arena::sandbox
