// What a well-behaved program sees and gets back: output, input, exit codes, signals, files.

#include "SandboxFixture.h"

#include <cstdio>
#include <filesystem>
#include <thread>

namespace arena::sandbox::test {
namespace {

TEST_F(SandboxTest, RunsAProgramAndCapturesItsOutput) {
  RunSpec spec;
  spec.argv = {"/usr/bin/sh", "-c", "echo out; echo err >&2; id -u; pwd; echo $HOME"};
  auto r = run(spec);
  ASSERT_EQ(r.verdict, Verdict::OK) << describe(r);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_data, "out\n" + std::to_string(sandbox_uid()) + "\n/box\n/box\n");
  EXPECT_EQ(r.stderr_data, "err\n");
  EXPECT_GT(r.memory_kb, 0u);
}

TEST_F(SandboxTest, FeedsStandardInput) {
  RunSpec spec;
  spec.argv = {"/usr/bin/cat"};
  spec.stdin_data = "hello\nworld 42\n";
  auto r = run(spec);
  ASSERT_EQ(r.verdict, Verdict::OK) << describe(r);
  EXPECT_EQ(r.stdout_data, spec.stdin_data);
}

TEST_F(SandboxTest, StandardInputCannotBeChangedByTheProgram) {
  RunSpec spec;
  spec.argv = {"/usr/bin/sh", "-c", "echo overwritten >/proc/self/fd/0 && echo WROTE; cat"};
  spec.stdin_data = "original\n";
  auto r = run(spec);
  EXPECT_EQ(r.stdout_data, "original\n") << describe(r);
}

TEST_F(SandboxTest, NonZeroExitIsRuntimeError) {
  RunSpec spec;
  spec.argv = {"/usr/bin/sh", "-c", "exit 3"};
  auto r = run(spec);
  EXPECT_EQ(r.verdict, Verdict::RE) << describe(r);
  EXPECT_EQ(r.exit_code, 3);
}

TEST_F(SandboxTest, DeathBySignalIsReported) {
  RunSpec spec;
  spec.argv = {"/usr/bin/sh", "-c", "kill -SEGV $$"};
  auto r = run(spec);
  EXPECT_EQ(r.verdict, Verdict::SG) << describe(r);
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_NE(r.message.find("SIGSEGV"), std::string::npos);
}

TEST_F(SandboxTest, MissingProgramIsAnInternalErrorWithAReason) {
  RunSpec spec;
  spec.argv = {"/usr/bin/no-such-program"};
  auto r = run(spec);
  EXPECT_EQ(r.verdict, Verdict::XX);
  EXPECT_NE(r.message.find("No such file"), std::string::npos) << r.message;
}

TEST_F(SandboxTest, BadSpecsAreRefusedBeforeAnythingRuns) {
  RunSpec relative;
  relative.argv = {"sh"};
  EXPECT_NE(run(relative).message.find("absolute"), std::string::npos);
  RunSpec escape;
  escape.argv = {"/usr/bin/true"};
  escape.files.push_back({"../etc/passwd", "x"});
  EXPECT_EQ(run(escape).verdict, Verdict::XX);
  RunSpec collect;
  collect.argv = {"/usr/bin/true"};
  collect.collect = {"/etc/passwd"};
  EXPECT_EQ(run(collect).verdict, Verdict::XX);
  RunSpec limits;
  limits.argv = {"/usr/bin/true"};
  limits.limits.memory_kb = 0;
  EXPECT_EQ(run(limits).verdict, Verdict::XX);
}

TEST_F(SandboxTest, FilesGoInAndRequestedFilesComeBack) {
  RunSpec spec;
  spec.files.push_back({"in.txt", "abc"});
  spec.argv = {"/usr/bin/sh", "-c", "cat in.txt > out.txt; printf x >> out.txt; chmod +x out.txt"};
  spec.collect = {"out.txt", "absent.txt"};
  auto r = run(spec);
  ASSERT_EQ(r.verdict, Verdict::OK) << describe(r);
  ASSERT_EQ(r.collected.size(), 1u);
  EXPECT_EQ(r.collected[0].name, "out.txt");
  EXPECT_EQ(r.collected[0].content, "abcx");
  EXPECT_TRUE(r.collected[0].executable);
}

TEST_F(SandboxTest, ExtraMountsAreReadOnly) {
  RunSpec spec;
  spec.mounts = {ARENA_SOURCE_DIR "/tests/sandbox"};
  spec.argv = {"/usr/bin/sh", "-c",
               "head -c 1 " ARENA_SOURCE_DIR "/tests/sandbox/CMakeLists.txt; touch " ARENA_SOURCE_DIR
               "/tests/sandbox/x"};
  auto r = run(spec);
  EXPECT_EQ(r.stdout_data, "#");
  EXPECT_NE(r.stderr_data.find("Read-only"), std::string::npos) << describe(r);
}

TEST_F(SandboxTest, ExtraMountsUnderTmpStayVisible) {
  // A checkout under /tmp (CI may clone there) must not vanish under the run's private /tmp.
  const std::string dir = "/tmp/arena-sandbox-mount-test-" + std::to_string(getpid());
  std::filesystem::create_directories(dir + "/deep");
  std::ofstream(dir + "/deep/data.txt") << "visible";
  RunSpec spec;
  spec.mounts = {dir + "/deep"};
  spec.argv = {"/usr/bin/sh", "-c", "cat " + dir + "/deep/data.txt; echo x > /tmp/scratch && cat /tmp/scratch"};
  auto r = run(spec);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.verdict, Verdict::OK) << describe(r);
  EXPECT_EQ(r.stdout_data, "visiblex\n");
  RunSpec bad;
  bad.argv = {"/usr/bin/true"};
  bad.mounts = {"/proc/self"};
  EXPECT_EQ(run(bad).verdict, Verdict::XX);
}

TEST_F(SandboxTest, ReportsWhatItCouldSetUp) {
  const auto& caps = sandbox().capabilities();
  EXPECT_TRUE(caps.privileged);
  EXPECT_TRUE(caps.seccomp);
  EXPECT_FALSE(caps.cgroup_version.empty());
  EXPECT_TRUE(caps.cgroup_memory);
  EXPECT_TRUE(caps.cgroup_pids);
}

TEST_F(SandboxTest, ConcurrentRunsStayApart) {
  std::vector<std::thread> threads;
  std::vector<RunResult> results(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      RunSpec spec;
      spec.argv = {"/usr/bin/sh", "-c", "echo " + std::to_string(i) + " > f; sleep 0.2; cat f; ls /box | wc -l"};
      results[i] = run(spec);
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(results[i].verdict, Verdict::OK) << describe(results[i]);
    EXPECT_EQ(results[i].stdout_data, std::to_string(i) + "\n1\n");
  }
}

}  // namespace
}  // namespace arena::sandbox::test

namespace arena::sandbox::test {
namespace {

std::string run_command(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  pclose(pipe);
  return output;
}

TEST_F(SandboxTest, UnprivilegedCallersGetAClearReportAndNoCapabilities) {
  // The CLI as an ordinary user: what it cannot set up is said, and it still isolates. A copy
  // in /tmp, since the build tree may sit where that user cannot reach (CI clones under /root).
  const std::string cli = "/tmp/arena-sandbox-cli-" + std::to_string(getpid());
  std::filesystem::copy_file(ARENA_SANDBOX_CLI, cli, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::permissions(cli, std::filesystem::perms(0755));
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } remove{cli};
  const std::string as_nobody = "setpriv --reuid 65534 --regid 65534 --clear-groups " + cli;
  const std::string check = run_command(as_nobody + " --check 2>&1");
  EXPECT_NE(check.find("\"privileged\": false"), std::string::npos) << check;
  EXPECT_NE(check.find("not root"), std::string::npos) << check;
  const std::string status =
      run_command(as_nobody + " -- /usr/bin/sh -c 'grep -E \"^Cap(Eff|Prm|Bnd)\" /proc/self/status; ls /' 2>&1");
  EXPECT_NE(status.find("CapEff:\t0000000000000000"), std::string::npos) << status;
  EXPECT_NE(status.find("CapBnd:\t0000000000000000"), std::string::npos) << status;
  EXPECT_EQ(status.find("work"), std::string::npos) << status;
  EXPECT_NE(status.find("[arena-sandbox] OK"), std::string::npos) << status;
}

}  // namespace
}  // namespace arena::sandbox::test
