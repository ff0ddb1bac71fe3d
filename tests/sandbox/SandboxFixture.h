#pragma once

#include <arena/sandbox/Sandbox.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace arena::sandbox::test {

/// One sandbox for all tests of a suite (it is thread-safe and costly to make); the attack
/// program travels into /box as an executable file, as a submission's binary would.
class SandboxTest : public ::testing::Test {
 public:
  /// A uid of this test process's own, so that counting the sandbox's processes on the host is
  /// not confused by other test processes (ctest runs several at once).
  static unsigned sandbox_uid() { return 61000 + static_cast<unsigned>(getpid()) % 3000; }

 protected:
  static void SetUpTestSuite() {
    if (geteuid() != 0) return;
    Options options;
    options.uid = options.gid = sandbox_uid();
    sandbox_ = std::make_unique<Sandbox>(options);
  }

  static void TearDownTestSuite() { sandbox_.reset(); }
  void SetUp() override {
    if (!sandbox_) GTEST_SKIP() << "the sandbox tests need root (CI runs as root)";
  }

  static std::string attack_binary() {
    static const std::string content = [] {
      std::ifstream in(ARENA_ATTACK_BINARY, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }();
    return content;
  }

  /// A spec running `attack CASE ARGS...` from /box.
  static RunSpec attack(std::vector<std::string> args) {
    RunSpec spec;
    spec.files.push_back({"attack", attack_binary(), true});
    spec.argv = {"/box/attack"};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    return spec;
  }

  static RunResult run(const RunSpec& spec) { return sandbox_->run(spec); }
  static Sandbox& sandbox() { return *sandbox_; }

 private:
  static inline std::unique_ptr<Sandbox> sandbox_;
};

/// The sandbox's verdict, spelled for test messages.
inline std::string describe(const RunResult& r) {
  return std::string(to_string(r.verdict)) + " (" + r.message + ") exit=" + std::to_string(r.exit_code) + " stdout=[" +
         r.stdout_data.substr(0, 400) + "] stderr=[" + r.stderr_data.substr(0, 400) + "]";
}

}  // namespace arena::sandbox::test
