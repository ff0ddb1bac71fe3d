#pragma once

#include <arena/sandbox/Sandbox.h>

#include <memory>
#include <string>

namespace judge {

/// Runs one program to completion: the sandbox in production, a stand-in in some tests.
class ProgramRunner {
 public:
  virtual ~ProgramRunner() = default;
  /// Never throws for anything the program does; failures come back as Verdict::XX.
  virtual arena::sandbox::RunResult run(const arena::sandbox::RunSpec& spec) = 0;
};

/// The real thing: arena::sandbox::Sandbox.
class SandboxRunner final : public ProgramRunner {
 public:
  explicit SandboxRunner(arena::sandbox::Options options) : sandbox_(std::move(options)) {}
  arena::sandbox::RunResult run(const arena::sandbox::RunSpec& spec) override { return sandbox_.run(spec); }
  const arena::sandbox::Capabilities& capabilities() const { return sandbox_.capabilities(); }

 private:
  arena::sandbox::Sandbox sandbox_;
};

/// "OK", "RE", "TLE", ... for a sandbox verdict.
const char* verdict_name(arena::sandbox::Verdict verdict);

/// "SIGSEGV" for 11, "SIG<n>" for unknown numbers, "" for 0.
std::string signal_name(int signal);

}  // namespace judge
