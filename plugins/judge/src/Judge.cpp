#include "Judge.h"

#include "OutputCompare.h"
#include "Text.h"
#include "Validation.h"

#include <algorithm>

namespace judge {

namespace {

using arena::sandbox::Verdict;
namespace v = arena::verdicts;

std::uint64_t pick(std::uint64_t requested, std::uint64_t fallback, std::uint64_t ceiling) {
  return requested > 0 ? std::min(requested, ceiling) : std::min(fallback, ceiling);
}

std::string tail(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t start = text.size() - limit;
  while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
  return "..." + text.substr(start);
}

// Why a run ended as it did, for visible tests and executions.
std::string run_message(const arena::sandbox::RunResult& result) {
  switch (result.verdict) {
    case Verdict::OK:
      return "";
    case Verdict::RE: {
      std::string message = "exit status " + std::to_string(result.exit_code);
      if (!result.stderr_data.empty()) message += ": " + tail(result.stderr_data, kResultMessageBytes);
      return message;
    }
    case Verdict::SG: {
      std::string message = "killed by " + signal_name(result.signal);
      if (!result.stderr_data.empty()) message += ": " + tail(result.stderr_data, kResultMessageBytes);
      return message;
    }
    default:
      return result.message;
  }
}

}  // namespace

std::string truncated(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "\n[truncated]";
}

arena::sandbox::Limits run_limits(const RunDefaults& defaults, const Language& language,
                                  const arena::RunLimits& requested) {
  arena::sandbox::Limits limits;
  limits.cpu_ms = static_cast<std::uint32_t>(pick(requested.cpu_ms, defaults.cpu_ms, defaults.max_cpu_ms));
  // Without an explicit wall limit, a program may use all of its CPU time and then some.
  std::uint64_t wall = std::max<std::uint64_t>(defaults.wall_ms, limits.cpu_ms + 1000);
  limits.wall_ms = static_cast<std::uint32_t>(pick(requested.wall_ms, wall, defaults.max_wall_ms));
  std::uint64_t memory = language.limits.run_memory_kb > 0 ? language.limits.run_memory_kb : defaults.memory_kb;
  limits.memory_kb = pick(requested.memory_kb, memory, std::max(defaults.max_memory_kb, language.limits.run_memory_kb));
  limits.output_bytes = pick(requested.output_bytes, defaults.output_bytes, defaults.max_output_bytes);
  if (language.limits.processes > 0) limits.processes = language.limits.processes;
  if (language.limits.open_files > 0) limits.open_files = language.limits.open_files;
  return limits;
}

std::optional<arena::JudgeResult> Judge::judge(const arena::JudgeSubmission& submission, const Progress& progress) {
  const Language& language = resolve_language(languages_, submission.language);
  arena::JudgeResult result;
  result.language = language.id;
  result.version = language.version;
  result.total = submission.tests.size();

  Prepared program = compiler_.prepare(language, submission.code, {});
  if (!program.ok) {
    result.verdict = program.stage->verdict;
    std::string output = program.stage->stdout_data + program.stage->stderr_data;
    result.compile_output = printable(truncated(output.empty() ? program.stage->message : output, kCompileOutputBytes));
    result.message = printable(program.stage->message);
    return result;
  }
  if (program.stage) {
    result.compile_output =
        printable(truncated(program.stage->stdout_data + program.stage->stderr_data, kCompileOutputBytes));
  }

  const Language* checker_language = nullptr;
  std::optional<Prepared> checker;
  if (submission.comparison == arena::Comparison::Checker) {
    checker_language = &resolve_language(languages_, submission.checker->language, "checker.language");
    checker = compiler_.prepare(*checker_language, submission.checker->code, {});
    if (!checker->ok) {
      result.verdict = v::XX;
      const auto& stage = *checker->stage;
      result.message =
          "the checker does not compile: " +
          printable(truncated(stage.stderr_data.empty() ? stage.message : stage.stderr_data, kResultMessageBytes));
      return result;
    }
  }

  for (std::size_t i = 0; i < submission.tests.size(); ++i) {
    auto test = run_test(language, program, submission.tests[i], i, submission, checker_language,
                         checker ? &*checker : nullptr);
    result.cpu_ms = std::max(result.cpu_ms, test.cpu_ms);
    result.wall_ms = std::max(result.wall_ms, test.wall_ms);
    result.memory_kb = std::max(result.memory_kb, test.memory_kb);
    if (test.verdict == v::OK) {
      ++result.passed;
    } else if (result.verdict.empty()) {
      result.verdict = test.verdict;
    }
    result.tests.push_back(test);
    if (progress && !progress(result.tests.back())) return std::nullopt;
    if (submission.stop_on_failure && test.verdict != v::OK) break;
  }
  if (result.verdict.empty()) result.verdict = v::OK;
  return result;
}

arena::JudgeTestResult Judge::run_test(const Language& language, const Prepared& program, const arena::JudgeTest& test,
                                       std::size_t index, const arena::JudgeSubmission& submission,
                                       const Language* checker_language, const Prepared* checker) {
  arena::sandbox::RunSpec spec;
  spec.argv = language.run;
  spec.env = language.env;
  spec.stdin_data = test.input;
  spec.files = program.files;
  spec.mounts = language.mounts;
  spec.limits = run_limits(settings_.run, language, submission.limits);
  auto run = runner_.run(spec);

  arena::JudgeTestResult result;
  result.index = index;
  result.hidden = test.hidden;
  result.cpu_ms = run.cpu_ms;
  result.wall_ms = run.wall_ms;
  result.memory_kb = run.memory_kb;
  result.verdict = verdict_name(run.verdict);
  std::string message = run_message(run);
  if (run.verdict == Verdict::OK) {
    switch (submission.comparison) {
      case arena::Comparison::Normalized:
        if (!outputs_match_normalized(test.expected, run.stdout_data)) result.verdict = v::WA;
        break;
      case arena::Comparison::Exact:
        if (!outputs_match_exact(test.expected, run.stdout_data)) result.verdict = v::WA;
        break;
      case arena::Comparison::Checker: {
        auto [verdict, said] = ask_checker(*checker_language, *checker, test, run.stdout_data);
        result.verdict = verdict;
        message = said;
        break;
      }
    }
  }
  if (!test.hidden) {
    result.output = printable(truncated(run.stdout_data, kResultOutputBytes));
    result.message = printable(truncated(message, kResultMessageBytes));
  }
  return result;
}

std::pair<std::string, std::string> Judge::ask_checker(const Language& language, const Prepared& checker,
                                                       const arena::JudgeTest& test, const std::string& actual) {
  arena::sandbox::RunSpec spec;
  spec.argv = language.run;
  for (const char* name : {"/box/input.txt", "/box/expected.txt", "/box/actual.txt"}) spec.argv.push_back(name);
  spec.env = language.env;
  spec.files = checker.files;
  spec.files.push_back({"input.txt", test.input, false});
  spec.files.push_back({"expected.txt", test.expected, false});
  spec.files.push_back({"actual.txt", actual, false});
  spec.mounts = language.mounts;
  spec.limits = run_limits(settings_.run, language, {});
  spec.limits.output_bytes = 64 * 1024;
  auto run = runner_.run(spec);
  std::string said = truncated(run.stdout_data, kResultMessageBytes);
  if (run.verdict == Verdict::OK) return {v::OK, said};
  if (run.verdict == Verdict::RE && run.exit_code == 1) return {v::WA, said};
  return {v::XX, "the checker failed: " + std::string(verdict_name(run.verdict)) + " " + run_message(run)};
}

arena::ExecuteResult Judge::execute(const arena::ExecuteRequest& request) {
  const Language& language = resolve_language(languages_, request.language);
  arena::ExecuteResult result;
  result.language = language.id;
  result.version = language.version;
  Prepared program = compiler_.prepare(language, request.code, request.files, request.compile_limits);
  result.compile = program.stage;
  if (!program.ok) return result;

  arena::sandbox::RunSpec spec;
  spec.argv = language.run;
  spec.argv.insert(spec.argv.end(), request.args.begin(), request.args.end());
  spec.env = language.env;
  spec.stdin_data = request.stdin_data;
  spec.files = program.files;
  spec.mounts = language.mounts;
  spec.limits = run_limits(settings_.run, language, request.limits);
  auto run = runner_.run(spec);
  result.run = stage_from(run);
  result.run->message = run_message(run);
  return result;
}

}  // namespace judge
