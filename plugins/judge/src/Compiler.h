#pragma once

#include "CompileCache.h"
#include "JudgeSettings.h"
#include "Languages.h"
#include "ProgramRunner.h"

#include <arena/JudgeService.h>

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace judge {

/// A program made ready to run: the files its runs get, and how its compile went.
struct Prepared {
  bool ok = false;
  Artifacts files;                          ///< placed in /box for every run
  std::optional<arena::StageResult> stage;  ///< the compile, for compiled languages
  CacheTier tier = CacheTier::None;         ///< where the compiled program came from
};

/// The cache key of a program: hex SHA-256 over the language id, version and compile command,
/// the source and any extra files.
std::string compile_key(const Language& language, const std::string& code, const std::vector<arena::SourceFile>& extra);

/// A sandbox result as a StageResult (stdout and stderr kept whole).
arena::StageResult stage_from(const arena::sandbox::RunResult& result);

/// Compiles programs inside the sandbox (the compiler reads untrusted input too) under the
/// language's compile limits, once per distinct program: results come from the compile
/// cache, and concurrent compiles of the same program wait for the first one. Interpreted
/// languages just get their source placed. Thread-safe.
class Compiler {
 public:
  /// Called once per compiled-language preparation with where it came from (metrics).
  using Observer = std::function<void(CacheTier)>;
  Compiler(ProgramRunner& runner, CompileCache& cache, Observer observer = {})
      : runner_(runner), cache_(cache), observer_(std::move(observer)) {}

  /// `limits` may lower the language's compile limits (0 fields: the language's own).
  Prepared prepare(const Language& language, const std::string& code, const std::vector<arena::SourceFile>& extra,
                   const arena::RunLimits& limits = {});

 private:
  Prepared compile(const Language& language, const std::string& code, const std::vector<arena::SourceFile>& extra,
                   const arena::RunLimits& limits);

  ProgramRunner& runner_;
  CompileCache& cache_;
  Observer observer_;
  std::mutex mutex_;
  std::map<std::string, std::shared_future<Prepared>> in_flight_;
};

}  // namespace judge
