// The attack suite: each hostile program is contained with the right verdict, and the host
// (this test process, its files, its network) is unharmed.

#include "SandboxFixture.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>

namespace arena::sandbox::test {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Processes on the host that run as the sandbox's uid: there must be none after a run.
int sandbox_processes() {
  int count = 0;
  const std::string uid = std::to_string(SandboxTest::sandbox_uid());
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    struct stat st {};
    if (std::isdigit(entry.path().filename().string()[0]) && stat(entry.path().c_str(), &st) == 0 &&
        std::to_string(st.st_uid) == uid)
      ++count;
  }
  return count;
}

TEST_F(SandboxTest, ForkBombHitsTheProcessLimit) {
  auto spec = attack({"fork-bomb"});
  spec.limits.wall_ms = 2000;
  spec.limits.processes = 32;
  auto r = run(spec);
  EXPECT_NE(r.verdict, Verdict::OK) << describe(r);
  EXPECT_NE(r.verdict, Verdict::XX) << describe(r);
  EXPECT_EQ(sandbox_processes(), 0);
  RunSpec after;  // the machine can still start processes
  after.argv = {"/usr/bin/true"};
  EXPECT_EQ(run(after).verdict, Verdict::OK);
}

TEST_F(SandboxTest, MemoryBombIsMemoryLimitExceeded) {
  auto spec = attack({"memory-bomb"});
  spec.limits.memory_kb = 64 * 1024;
  auto r = run(spec);
  EXPECT_EQ(r.verdict, Verdict::MLE) << describe(r);
  EXPECT_GE(r.memory_kb, 60u * 1024);
  EXPECT_LE(r.memory_kb, 64u * 1024);
}

TEST_F(SandboxTest, CpuSpinIsTimeLimitExceeded) {
  auto spec = attack({"cpu-spin"});
  spec.limits.cpu_ms = 500;
  auto r = run(spec);
  EXPECT_EQ(r.verdict, Verdict::TLE) << describe(r);
  EXPECT_GE(r.cpu_ms, 500u);
  EXPECT_LT(r.cpu_ms, 1500u);
}

TEST_F(SandboxTest, CpuLimitCountsEveryProcess) {
  auto spec = attack({"threads-spin"});
  spec.limits.cpu_ms = 600;
  spec.limits.wall_ms = 10000;
  auto r = run(spec);
  EXPECT_EQ(r.verdict, Verdict::TLE) << describe(r);
  EXPECT_LT(r.wall_ms, 2000u) << "four spinning processes share one CPU budget";
}

TEST_F(SandboxTest, SleepingPastTheWallClockIsKilled) {
  auto spec = attack({"sleep"});
  spec.limits.wall_ms = 300;
  const auto start = std::chrono::steady_clock::now();
  auto r = run(spec);
  EXPECT_EQ(r.verdict, Verdict::TLE) << describe(r);
  EXPECT_EQ(r.message, "wall time limit exceeded");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(SandboxTest, OutputFloodIsCappedAndReported) {
  auto spec = attack({"output-flood"});
  spec.limits.output_bytes = 64 * 1024;
  spec.limits.file_bytes = 1 << 20;
  auto r = run(spec);
  EXPECT_EQ(r.verdict, Verdict::OLE) << describe(r);
  EXPECT_TRUE(r.stdout_truncated);
  EXPECT_EQ(r.stdout_data.size(), 64u * 1024);
}

TEST_F(SandboxTest, HugeFileHitsTheFileSizeLimit) {
  auto spec = attack({"huge-file"});
  spec.limits.file_bytes = 1 << 20;
  auto r = run(spec);
  EXPECT_EQ(r.verdict, Verdict::OLE) << describe(r);
  EXPECT_EQ(r.signal, SIGXFSZ);
}

TEST_F(SandboxTest, NoNetworkNotEvenLoopback) {
  // A listener on the host's loopback that the program must not reach.
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  listen(listener, 4);
  auto r = run(attack({"tcp", std::to_string(ntohs(address.sin_port))}));
  EXPECT_EQ(r.verdict, Verdict::RE) << describe(r);
  EXPECT_TRUE(contains(r.stdout_data, "Network is unreachable")) << describe(r);
  close(listener);

  auto dns = run(attack({"dns"}));
  EXPECT_EQ(dns.verdict, Verdict::RE) << describe(dns);
  EXPECT_FALSE(contains(dns.stdout_data, "ALLOWED")) << describe(dns);
}

TEST_F(SandboxTest, HostFilesOutsideTheToolchainsAreInvisible) {
  for (const std::string path : {"/etc/shadow", "/root", ARENA_SOURCE_DIR "/CMakeLists.txt", ARENA_SOURCE_DIR "/var",
                                 "/proc/1/environ", "/sys/kernel"}) {
    auto r = run(attack({"read", path}));
    EXPECT_EQ(r.verdict, Verdict::RE) << path << ": " << describe(r);
    EXPECT_FALSE(contains(r.stdout_data, "ALLOWED")) << path;
  }
}

TEST_F(SandboxTest, OtherProcessesAreOutOfSight) {
  auto r = run(attack({"proc"}));
  ASSERT_EQ(r.verdict, Verdict::OK) << describe(r);
  // Only the program itself: init is root's and hidden, the host is in another PID namespace.
  EXPECT_TRUE(contains(r.stdout_data, "pids visible: 1\n")) << r.stdout_data;
  EXPECT_TRUE(contains(r.stdout_data, "init environ: No such file")) << r.stdout_data;
  EXPECT_TRUE(contains(r.stdout_data, "my pid: 2\n")) << r.stdout_data;
}

TEST_F(SandboxTest, NothingOutsideTheWorkingDirectoryIsWritable) {
  for (const std::string path : {"/usr/bin/evil", "/etc/passwd", "/evil", "/dev/evil", "/proc/evil"}) {
    auto r = run(attack({"write", path}));
    EXPECT_EQ(r.verdict, Verdict::RE) << path << ": " << describe(r);
  }
  EXPECT_EQ(run(attack({"write", "/box/fine"})).verdict, Verdict::OK);
  EXPECT_EQ(run(attack({"write", "/tmp/fine"})).verdict, Verdict::OK);
  EXPECT_FALSE(std::filesystem::exists("/usr/bin/evil"));
  EXPECT_FALSE(std::filesystem::exists("/evil"));
}

TEST_F(SandboxTest, LinksLeftInTheWorkingDirectoryAreNeverFollowed) {
  // The Judge0 CVE-2024-28185 pattern: the program leaves a link where the host expects a
  // file it will read back. Collected files must be regular files with a single link.
  auto spec = attack({"links", ARENA_SOURCE_DIR "/var"});
  spec.collect = {"out", "var", "a", "b", "env"};
  auto r = run(spec);
  ASSERT_EQ(r.verdict, Verdict::OK) << describe(r);
  EXPECT_TRUE(contains(r.stdout_data, "hard link to a toolchain file: Invalid cross-device link") ||
              contains(r.stdout_data, "hard link to a toolchain file: Operation not permitted"))
      << r.stdout_data;
  EXPECT_TRUE(r.collected.empty()) << "collected " << r.collected.size() << " files, first " << r.collected[0].name;
}

TEST_F(SandboxTest, TerminalInjectionIsRefused) {
  auto r = run(attack({"tiocsti"}));
  EXPECT_TRUE(contains(r.stdout_data, "TIOCSTI on stdin: Operation not permitted") ||
              contains(r.stdout_data, "TIOCSTI on stdin: Inappropriate ioctl"))
      << r.stdout_data;
  EXPECT_FALSE(contains(r.stdout_data, "ALLOWED")) << r.stdout_data;
}

TEST_F(SandboxTest, PtraceIsRefused) {
  auto r = run(attack({"ptrace"}));
  EXPECT_TRUE(contains(r.stdout_data, "ptrace traceme: Operation not permitted")) << r.stdout_data;
  EXPECT_TRUE(contains(r.stdout_data, "ptrace attach: Operation not permitted")) << r.stdout_data;
}

TEST_F(SandboxTest, KillingEveryoneReachesOnlyTheSandbox) {
  auto r = run(attack({"kill-all"}));
  // kill(-1) reached the program itself, nothing of the host: we are still here to check.
  EXPECT_TRUE(r.verdict == Verdict::SG || r.verdict == Verdict::OK) << describe(r);
  EXPECT_EQ(kill(getpid(), 0), 0);
}

TEST_F(SandboxTest, NoWayBackToRoot) {
  auto r = run(attack({"setuid"}));
  // uid 0 does not even exist in the program's user namespace.
  EXPECT_TRUE(contains(r.stdout_data, "setuid(0): Invalid argument") ||
              contains(r.stdout_data, "setuid(0): Operation not permitted"))
      << r.stdout_data;
  EXPECT_TRUE(contains(r.stdout_data, "unshare(CLONE_NEWUSER): Operation not permitted")) << r.stdout_data;
  EXPECT_TRUE(contains(r.stdout_data, "mount tmpfs: Operation not permitted")) << r.stdout_data;
  EXPECT_TRUE(contains(r.stdout_data, "/usr nosuid: yes")) << r.stdout_data;
  EXPECT_FALSE(contains(r.stdout_data + r.stderr_data, "uid=0")) << r.stdout_data << r.stderr_data;
}

TEST_F(SandboxTest, BackgroundProcessesDieWithTheRun) {
  auto r = run(attack({"daemon"}));
  EXPECT_EQ(r.verdict, Verdict::OK) << describe(r);
  EXPECT_EQ(sandbox_processes(), 0);
}

TEST_F(SandboxTest, NoDescriptorOfTheHostIsInherited) {
  // An fd the host opened without O_CLOEXEC, as a careless library might.
  int leaked = open(ARENA_SOURCE_DIR "/CMakeLists.txt", O_RDONLY);
  ASSERT_GE(leaked, 0);
  auto r = run(attack({"fds"}));
  close(leaked);
  EXPECT_TRUE(contains(r.stdout_data, "inherited fds: 0")) << r.stdout_data;
}

TEST_F(SandboxTest, CompilerBombsHitTheCompileLimits) {
  // Code the compiler runs (constexpr evaluation) with the compiler's own safety limits lifted,
  // as a hostile flag-injecting submission might: the sandbox's limits still stop it.
  RunSpec spec;
  spec.files.push_back(
      {"bomb.cpp",
       "constexpr long spin() { long s = 0; for (long i = 0; i < (1L << 40); ++i) s += i; return s; }\n"
       "constexpr long value = spin();\nint main() { return value != 0; }\n"});
  spec.argv = {"/usr/bin/g++", "-fconstexpr-loop-limit=2147483647", "-fconstexpr-ops-limit=9223372036854775807", "-c",
               "bomb.cpp"};
  spec.limits.cpu_ms = 2000;
  spec.limits.wall_ms = 6000;
  spec.limits.memory_kb = 512 * 1024;
  spec.limits.processes = 16;
  auto r = run(spec);
  EXPECT_TRUE(r.verdict == Verdict::TLE || r.verdict == Verdict::MLE) << describe(r);
  EXPECT_EQ(sandbox_processes(), 0);

  // An include bomb: every level includes the next twice, 2^40 inclusions if nothing stopped it.
  RunSpec includes;
  std::string header = "#ifndef N\n#define N 0\n#endif\n";
  includes.files.push_back({"bomb.c", "#include \"b.h\"\n#include \"b.h\"\nint main(void) { return 0; }\n"});
  includes.files.push_back({"b.h", "int x;\n#if __INCLUDE_LEVEL__ < 40\n#include \"b.h\"\n#include \"b.h\"\n#endif\n"});
  includes.argv = {"/usr/bin/gcc", "-c", "bomb.c"};
  includes.limits = spec.limits;
  auto bomb = run(includes);
  EXPECT_TRUE(bomb.verdict == Verdict::TLE || bomb.verdict == Verdict::MLE) << describe(bomb);
  EXPECT_EQ(sandbox_processes(), 0);
}

TEST_F(SandboxTest, CodeRunAtCompileTimeSeesOnlyTheSandbox) {
  // #include and #embed-style tricks read files at compile time: the host's are not there.
  RunSpec spec;
  spec.files.push_back({"leak.c", "#include \"/etc/shadow\"\n#include \"" ARENA_SOURCE_DIR "/CMakeLists.txt\"\n"});
  spec.argv = {"/usr/bin/gcc", "-c", "leak.c"};
  spec.limits.processes = 16;
  spec.limits.memory_kb = 512 * 1024;
  auto r = run(spec);
  EXPECT_EQ(r.verdict, Verdict::RE) << describe(r);
  EXPECT_TRUE(contains(r.stderr_data, "No such file or directory")) << r.stderr_data;
}

}  // namespace
}  // namespace arena::sandbox::test
