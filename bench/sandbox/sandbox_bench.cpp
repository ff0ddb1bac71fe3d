// bench/sandbox: what one sandboxed run of a static C binary costs, against a bare fork+exec of
// the same binary and against bubblewrap running it with comparable isolation. Prints medians.
//   sandbox_bench [runs]

#include <arena/sandbox/Sandbox.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

struct Stats {
  double median_ms, p90_ms;
};

Stats measure(int runs, const std::function<bool()>& once) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    if (!once()) {
      std::fprintf(stderr, "bench/sandbox: a run failed\n");
      std::exit(1);
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 9 / 10]};
}

bool spawn_and_wait(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool fork_exec(const std::string& binary) {
  pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    execl(binary.c_str(), binary.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(20, std::atoi(argv[1])) : 200;
  const std::string binary = ARENA_BENCH_HELLO;
  const std::string dir = std::filesystem::path(binary).parent_path().string();

  arena::sandbox::Sandbox sandbox;
  const auto& caps = sandbox.capabilities();
  arena::sandbox::RunSpec spec;
  spec.argv = {binary};
  spec.mounts = {dir};

  std::printf("bench/sandbox: %d runs each of a static C binary, %ld cores; sandbox: cgroup %s, seccomp %s%s\n", runs,
              sysconf(_SC_NPROCESSORS_ONLN), caps.cgroup_version.empty() ? "none" : caps.cgroup_version.c_str(),
              caps.seccomp ? "on" : "off", caps.privileged ? "" : " (unprivileged)");
  for (const auto& w : caps.warnings) std::printf("  warning: %s\n", w.c_str());

  // Warm up the page cache and the kernel's slabs for all three.
  for (int i = 0; i < 10; ++i) fork_exec(binary), sandbox.run(spec);

  const Stats bare = measure(runs, [&] { return fork_exec(binary); });
  const Stats boxed = measure(runs, [&] { return sandbox.run(spec).verdict == arena::sandbox::Verdict::OK; });
  std::printf("%-30s median %7.3f ms   p90 %7.3f ms\n", "bare fork+exec", bare.median_ms, bare.p90_ms);
  std::printf("%-30s median %7.3f ms   p90 %7.3f ms   overhead %+.3f ms   ratio %.2fx\n", "arena sandbox",
              boxed.median_ms, boxed.p90_ms, boxed.median_ms - bare.median_ms, boxed.median_ms / bare.median_ms);

  const std::string bwrap = "/usr/bin/bwrap";
  if (!std::filesystem::exists(bwrap)) {
    std::printf("%-30s not installed (apt-get install bubblewrap)\n", "bubblewrap");
    return 0;
  }
  const std::vector<std::string> bwrap_args = {bwrap,
                                               "--unshare-all",
                                               "--die-with-parent",
                                               "--new-session",
                                               "--ro-bind",
                                               "/usr",
                                               "/usr",
                                               "--symlink",
                                               "usr/bin",
                                               "/bin",
                                               "--symlink",
                                               "usr/lib",
                                               "/lib",
                                               "--symlink",
                                               "usr/lib64",
                                               "/lib64",
                                               "--proc",
                                               "/proc",
                                               "--dev",
                                               "/dev",
                                               "--tmpfs",
                                               "/box",
                                               "--tmpfs",
                                               "/tmp",
                                               "--ro-bind",
                                               dir,
                                               dir,
                                               "--chdir",
                                               "/box",
                                               "--uid",
                                               "65334",
                                               "--gid",
                                               "65334",
                                               "--",
                                               binary};
  if (!spawn_and_wait(bwrap_args)) {
    std::printf("%-30s cannot run here\n", "bubblewrap");
    return 0;
  }
  const Stats bw = measure(runs, [&] { return spawn_and_wait(bwrap_args); });
  std::printf("%-30s median %7.3f ms   p90 %7.3f ms   overhead %+.3f ms   ratio %.2fx\n", "bubblewrap (no limits)",
              bw.median_ms, bw.p90_ms, bw.median_ms - bare.median_ms, bw.median_ms / bare.median_ms);
  std::printf("arena sandbox vs bubblewrap: %.2fx the time\n", boxed.median_ms / bw.median_ms);
  return 0;
}
