#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace arena {

/// Events the judge publishes on the event bus (payloads are the JSON forms below).
/// "submission.progress": {"job_id", "context", "test": JudgeTestResult, "done", "total"} after each test.
/// "submission.judged":   a JudgeResult with status "done", once per job.
inline constexpr const char* kSubmissionProgressEvent = "submission.progress";
inline constexpr const char* kSubmissionJudgedEvent = "submission.judged";

/// Verdicts, as the API shows them: "OK" accepted, "WA" wrong answer, "RE" runtime error
/// (non-zero exit), "TLE" time limit, "MLE" memory limit, "OLE" output limit, "CE" compile
/// error, "SG" killed by a signal, "XX" internal error of the judge (not the program's fault).
namespace verdicts {
inline constexpr const char* OK = "OK";
inline constexpr const char* WA = "WA";
inline constexpr const char* RE = "RE";
inline constexpr const char* TLE = "TLE";
inline constexpr const char* MLE = "MLE";
inline constexpr const char* OLE = "OLE";
inline constexpr const char* CE = "CE";
inline constexpr const char* SG = "SG";
inline constexpr const char* XX = "XX";
}  // namespace verdicts

/// One test case: the program reads `input` on stdin and should print `expected`.
struct JudgeTest {
  std::string input;
  std::string expected;
  /// A hidden test reports its verdict and measures only: never its output or messages.
  bool hidden = false;
};

/// How a test's output is compared with the expected output.
enum class Comparison {
  /// Line endings (\r\n, \r) count as \n, trailing spaces and tabs of every line and trailing
  /// empty lines are ignored. The default.
  Normalized,
  /// Byte for byte.
  Exact,
  /// A checker program decides (JudgeSubmission::checker): it runs sandboxed with the files
  /// /box/input.txt, /box/expected.txt and /box/actual.txt, whose paths are also its arguments
  /// 1 to 3; exit status 0 accepts, 1 rejects (WA), anything else is an internal error (XX).
  /// What it prints on stdout becomes the test's message.
  Checker,
};

/// Source code in one of the judge's languages (an id or an alias of GET /api/programming-language).
struct SourceProgram {
  std::string language;
  std::string code;
};

/// An extra file placed next to the main source (a plain name: no '/').
struct SourceFile {
  std::string name;
  std::string content;
};

/// Limits of one run. 0 means the judge's default; values above the configured maxima are
/// lowered to them.
struct RunLimits {
  std::uint32_t cpu_ms = 0;
  std::uint32_t wall_ms = 0;
  std::uint64_t memory_kb = 0;
  std::uint64_t output_bytes = 0;
};

/// A program to judge against test cases.
struct JudgeSubmission {
  std::string language;
  std::string code;
  std::vector<JudgeTest> tests;
  Comparison comparison = Comparison::Normalized;
  /// Required when comparison is Checker, ignored otherwise.
  std::optional<SourceProgram> checker;
  /// Per test run.
  RunLimits limits;
  /// Stop after the first test that is not OK (the remaining tests are not run or listed).
  bool stop_on_failure = false;
  /// Free-form JSON echoed in the events and the result, e.g. {"submission_id": "..."}.
  nlohmann::json context = nlohmann::json::object();
  /// The submitting user's id, or "" for none (kept with the job, for quotas and audits).
  std::string owner_id;
};

/// How one test went.
struct JudgeTestResult {
  std::size_t index = 0;  ///< position in JudgeSubmission::tests, from 0
  std::string verdict;    ///< OK, WA, RE, TLE, MLE, OLE, SG or XX
  std::uint64_t cpu_ms = 0;
  std::uint64_t wall_ms = 0;
  std::uint64_t memory_kb = 0;
  bool hidden = false;
  std::string output;   ///< the program's stdout, truncated (empty for hidden tests)
  std::string message;  ///< why: stderr excerpt, checker message, limit hit (empty for hidden tests)
};

/// The state or outcome of a judge job.
struct JudgeResult {
  std::string job_id;
  std::string status;    ///< "queued", "running" or "done"
  std::string verdict;   ///< "" until done; then the first non-OK test's verdict, CE, XX, or OK
  std::string language;  ///< the language id (aliases resolved)
  std::string version;
  std::vector<JudgeTestResult> tests;  ///< the tests judged so far, in order
  std::size_t passed = 0;
  std::size_t total = 0;        ///< how many tests the submission has
  std::uint64_t cpu_ms = 0;     ///< the most of any test
  std::uint64_t wall_ms = 0;    ///< the most of any test
  std::uint64_t memory_kb = 0;  ///< the most of any test
  std::string compile_output;   ///< the compiler's stdout and stderr (for CE), truncated
  std::string message;          ///< for XX: what went wrong
  std::uint32_t attempts = 0;   ///< how many times a worker took the job (more than 1 after a worker died)
  nlohmann::json context = nlohmann::json::object();
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(JudgeTestResult, index, verdict, cpu_ms, wall_ms, memory_kb, hidden,
                                                output, message)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(JudgeResult, job_id, status, verdict, language, version, tests, passed,
                                                total, cpu_ms, wall_ms, memory_kb, compile_output, message, attempts,
                                                context)

/// One run with stdin, not stored (POST /api/execute, a puzzle's "Run" button).
struct ExecuteRequest {
  std::string language;
  std::string code;
  std::string stdin_data;
  /// Arguments after the language's run command.
  std::vector<std::string> args;
  /// More files beside the main source.
  std::vector<SourceFile> files;
  RunLimits limits;
  /// Limits of the compile step (0: the language's own).
  RunLimits compile_limits;
};

/// How one stage (compile or run) of an execution went.
struct StageResult {
  std::string verdict;  ///< OK, RE, TLE, MLE, OLE, SG, XX (CE for a failed compile)
  int exit_code = -1;   ///< the exit status, or -1 when the program did not exit by itself
  int signal = 0;       ///< the signal that ended it, or 0
  std::string stdout_data;
  std::string stderr_data;
  bool truncated = false;  ///< stdout or stderr hit the output limit
  std::uint64_t cpu_ms = 0;
  std::uint64_t wall_ms = 0;
  std::uint64_t memory_kb = 0;
  std::string message;  ///< why, for anything but OK
};

/// What an execution produced.
struct ExecuteResult {
  std::string language;  ///< the language id
  std::string version;
  std::optional<StageResult> compile;  ///< for compiled languages (also when served from the cache)
  std::optional<StageResult> run;      ///< absent when the compile failed
};

/// A language as the judge offers it.
struct LanguageInfo {
  std::string id;
  std::string name;
  std::string version;
  std::vector<std::string> aliases;
  bool available = false;
  std::string reason;   ///< why it is unavailable ("" when available)
  std::string runtime;  ///< the runtime behind it when that differs from the language (Piston's "runtime")
};

/// Service "judge": runs untrusted programs in the sandbox. Provided by the judge plugin; the
/// puzzles plugin uses it for submissions and the "Run" button, the game loop for in-game
/// submissions. Methods are thread-safe.
class JudgeService {
 public:
  static constexpr const char* kServiceName = "judge";
  virtual ~JudgeService() = default;

  /// Stores and queues a submission and returns its job id at once. Progress and the final
  /// result arrive as the events kSubmissionProgressEvent and kSubmissionJudgedEvent (with the
  /// submission's context) and through result(). Throws HttpError 422 for an unknown or
  /// unavailable language, an oversize program, no or too many tests, a missing checker;
  /// 503 when the database is unavailable.
  virtual std::string submit(const JudgeSubmission& submission) = 0;

  /// Compiles (through the compile cache) and runs a program once with the given stdin, and
  /// waits for it. Nothing is stored. Throws HttpError 422 like submit(), 503 when the sandbox
  /// cannot be used on this machine.
  virtual ExecuteResult execute(const ExecuteRequest& request) = 0;

  /// Every configured language, available or not.
  virtual std::vector<LanguageInfo> languages() const = 0;

  /// The job's current state (tests judged so far while running), or nullopt for an unknown id.
  virtual std::optional<JudgeResult> result(const std::string& job_id) = 0;
};

}  // namespace arena
