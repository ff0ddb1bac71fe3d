#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arena::sandbox {

/// How one sandboxed run ended. The judge adds CE (compile error) and WA (wrong answer) on top.
enum class Verdict {
  OK,   ///< exited with status 0 within every limit
  RE,   ///< runtime error: non-zero exit status
  TLE,  ///< time limit exceeded: CPU time or wall-clock time
  MLE,  ///< memory limit exceeded: the cgroup's OOM killer fired (or RLIMIT_AS without cgroups)
  OLE,  ///< output limit exceeded: stdout/stderr over the cap, or a file over the file size limit
  SG,   ///< killed by a signal (segmentation fault, abort, ...)
  XX,   ///< internal error: the sandbox itself could not run the program
};

/// "OK", "RE", ... as the API shows them.
const char* to_string(Verdict verdict);

/// Limits of one run. Zero means "the sandbox's default" for every field.
struct Limits {
  std::uint32_t cpu_ms = 2000;           ///< CPU time of all processes together
  std::uint32_t wall_ms = 5000;          ///< wall-clock time, from exec to exit
  std::uint64_t memory_kb = 256 * 1024;  ///< memory of all processes together (cgroup)
  std::uint32_t processes = 64;          ///< processes and threads at once (cgroup pids)
  std::uint64_t output_bytes = 1 << 20;  ///< per stream (stdout, stderr)
  std::uint64_t file_bytes = 16 << 20;   ///< largest file the program may write
  std::uint32_t open_files = 64;         ///< RLIMIT_NOFILE
  std::uint64_t workdir_kb = 64 * 1024;  ///< size of the private writable /box tmpfs
};

/// A file placed in, or collected from, the working directory /box.
struct File {
  std::string name;  ///< a plain name inside /box: no '/', not "." or ".."
  std::string content;
  bool executable = false;
};

/// What to run. argv[0] is an absolute path as seen inside the sandbox.
struct RunSpec {
  std::vector<std::string> argv;
  /// Extra environment ("NAME=value"); the sandbox always sets PATH, HOME=/box, LANG, TMPDIR.
  std::vector<std::string> env;
  std::string stdin_data;
  /// Written into /box before the program starts.
  std::vector<File> files;
  /// Regular files in /box to hand back after the run (symlinks and others are refused).
  std::vector<std::string> collect;
  /// Host paths made visible read-only at the same place, beyond the defaults (/usr, ...).
  std::vector<std::string> mounts;
  Limits limits;
};

/// What came of a run.
struct RunResult {
  Verdict verdict = Verdict::XX;
  int exit_code = -1;  ///< the exit status when the program exited, else -1
  int signal = 0;      ///< the signal that killed it, else 0
  std::uint64_t cpu_ms = 0;
  std::uint64_t wall_ms = 0;
  std::uint64_t memory_kb = 0;  ///< peak memory of the run (cgroup peak when available)
  std::string stdout_data;
  std::string stderr_data;
  bool stdout_truncated = false;
  bool stderr_truncated = false;
  std::vector<File> collected;  ///< the files of RunSpec::collect that existed and were regular
  std::string message;          ///< why, for TLE/MLE/OLE/SG/XX ("wall time limit", "SIGSEGV", ...)
};

/// What the sandbox could set up on this machine; decided once, at construction.
struct Capabilities {
  bool privileged = false;      ///< running as root: own uid, cgroups, pre-made network namespace
  bool user_namespace = false;  ///< the program runs in its own user namespace
  bool network_namespace = false;
  std::string cgroup_version;  ///< "v1", "v2" or "" (none usable)
  bool cgroup_memory = false;
  bool cgroup_pids = false;
  bool cgroup_cpu = false;
  bool seccomp = false;
  std::vector<std::string> warnings;  ///< what could not be set up, in plain words
};

/// Options fixed for the sandbox's lifetime.
struct Options {
  /// Read-only paths every run sees (merged-/usr layouts get /bin, /lib... as symlinks).
  std::vector<std::string> mounts = {"/usr", "/etc/alternatives", "/etc/ld.so.cache", "/etc/ssl"};
  /// The unprivileged uid/gid programs run as (when root); several concurrent runs share it,
  /// each in its own PID namespace, so they cannot signal each other.
  unsigned uid = 65534 - 200;
  unsigned gid = 65534 - 200;
  /// Parent of the per-run cgroups, per hierarchy; empty: beside the current process's cgroup.
  std::string cgroup_parent;
  /// How many runs may be in flight at once (each gets its own cgroup slot).
  unsigned slots = 8;
};

/// Runs untrusted programs in Linux namespaces under cgroup limits, rlimits and a seccomp
/// filter. Thread-safe: run() may be called from several threads at once.
class Sandbox {
 public:
  explicit Sandbox(Options options = {});
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  /// Runs one program to completion and reports how it went. Never throws for anything the
  /// program does; setup failures come back as Verdict::XX with a message.
  RunResult run(const RunSpec& spec);

  /// What this machine allows, for start-up logs and `arena-sandbox --check`.
  const Capabilities& capabilities() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arena::sandbox
