#pragma once

#include "Compiler.h"
#include "JudgeSettings.h"
#include "Languages.h"
#include "ProgramRunner.h"

#include <arena/JudgeService.h>

#include <functional>
#include <optional>

namespace judge {

/// Caps on what the judge keeps of a run's output in results.
inline constexpr std::size_t kResultOutputBytes = 4096;
inline constexpr std::size_t kResultMessageBytes = 1024;
inline constexpr std::size_t kCompileOutputBytes = 16384;

/// Sandbox limits of one run: the request's values capped by the ceilings, else the defaults
/// (the language's run memory before the judge's).
arena::sandbox::Limits run_limits(const RunDefaults& defaults, const Language& language,
                                  const arena::RunLimits& requested);

/// The judging itself, without queue or storage: validate a request, compile once, run each
/// test in the sandbox, compare the output (or ask the checker), tell the verdicts.
/// Thread-safe.
class Judge {
 public:
  Judge(const JudgeSettings& settings, const LanguageCatalog& languages, ProgramRunner& runner, Compiler& compiler)
      : settings_(settings), languages_(languages), runner_(runner), compiler_(compiler) {}

  /// After each test; return false to stop judging (the result is then nullopt).
  using Progress = std::function<bool(const arena::JudgeTestResult& test)>;
  /// Judges a validated submission. Fills verdict, tests, totals, compile output and message;
  /// the caller fills job id, status, attempts and context.
  std::optional<arena::JudgeResult> judge(const arena::JudgeSubmission& submission, const Progress& progress = {});

  /// Compiles and runs a validated request once.
  arena::ExecuteResult execute(const arena::ExecuteRequest& request);

 private:
  arena::JudgeTestResult run_test(const Language& language, const Prepared& program, const arena::JudgeTest& test,
                                  std::size_t index, const arena::JudgeSubmission& submission,
                                  const Language* checker_language, const Prepared* checker);
  /// OK or WA from the checker, or XX with a message when the checker itself failed.
  std::pair<std::string, std::string> ask_checker(const Language& language, const Prepared& checker,
                                                  const arena::JudgeTest& test, const std::string& actual);

  const JudgeSettings& settings_;
  const LanguageCatalog& languages_;
  ProgramRunner& runner_;
  Compiler& compiler_;
};

/// `text` cut to at most `limit` bytes (keeping UTF-8 sequences whole), with a marker when cut.
std::string truncated(const std::string& text, std::size_t limit);

}  // namespace judge
