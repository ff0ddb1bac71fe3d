// Judging with the real sandbox: verdicts, comparisons, checkers, hidden tests, the compile
// cache and executions. No database: the engine is used directly.
#include "JudgeEngine.h"
#include "JudgeTestSupport.h"
#include "Validation.h"

#include <gtest/gtest.h>

using namespace judge;
using judge_test::submission;
namespace v = arena::verdicts;

namespace {

class JudgeEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!judge_test::can_sandbox()) return;
    scratch_ = std::make_unique<arena::test::TempDir>();
    languages_ = std::make_unique<LanguageCatalog>(LanguageCatalog::load(judge_test::languages_file()));
    settings_.run.cpu_ms = 1000;
    settings_.run.wall_ms = 3000;
    engine_ = std::make_unique<JudgeEngine>(
        settings_, *languages_, std::make_unique<SandboxRunner>(arena::sandbox::Options{}), scratch_->path() / "cache");
  }
  static void TearDownTestSuite() {
    engine_.reset();
    scratch_.reset();
  }
  void SetUp() override {
    if (!engine_) GTEST_SKIP() << "the sandbox needs root (CI runs as root)";
  }
  static arena::JudgeResult judged(const arena::JudgeSubmission& s) {
    auto result = engine_->judge.judge(s);
    EXPECT_TRUE(result);
    return result.value_or(arena::JudgeResult{});
  }
  static std::string describe(const arena::JudgeResult& r) { return nlohmann::json(r).dump(); }

  static inline JudgeSettings settings_;
  static inline std::unique_ptr<arena::test::TempDir> scratch_;
  static inline std::unique_ptr<LanguageCatalog> languages_;
  static inline std::unique_ptr<JudgeEngine> engine_;
};

constexpr const char* kSumPython = "a, b = map(int, input().split())\nprint(a + b)\n";

}  // namespace

TEST_F(JudgeEngineTest, PythonAcceptedWithMeasures) {
  auto r = judged(submission("python", kSumPython, {{"1 2\n", "3\n"}, {"10 20", "30"}, {"-5 5\n", "0"}}));
  EXPECT_EQ(r.verdict, v::OK) << describe(r);
  EXPECT_EQ(r.passed, 3u);
  EXPECT_EQ(r.total, 3u);
  ASSERT_EQ(r.tests.size(), 3u);
  EXPECT_EQ(r.tests[1].index, 1u);
  EXPECT_EQ(r.tests[0].output, "3\n");
  EXPECT_GT(r.tests[0].wall_ms, 0u);
  EXPECT_GT(r.memory_kb, 0u);
  EXPECT_EQ(r.language, "python");
  EXPECT_EQ(r.version, "3.11.2");
}

TEST_F(JudgeEngineTest, TheOverallVerdictIsTheFirstFailingTest) {
  auto r = judged(submission("python", "x = int(input())\nif x == 3: raise SystemExit(3)\nprint(x * 2)\n",
                             {{"1", "2"}, {"2", "5"}, {"3", "6"}, {"4", "8"}}));
  EXPECT_EQ(r.verdict, v::WA) << describe(r);
  ASSERT_EQ(r.tests.size(), 4u);
  EXPECT_EQ(r.tests[0].verdict, v::OK);
  EXPECT_EQ(r.tests[1].verdict, v::WA);
  EXPECT_EQ(r.tests[2].verdict, v::RE);
  EXPECT_NE(r.tests[2].message.find("exit status 3"), std::string::npos) << r.tests[2].message;
  EXPECT_EQ(r.tests[3].verdict, v::OK);
  EXPECT_EQ(r.passed, 2u);
}

TEST_F(JudgeEngineTest, RuntimeErrorsCarryStderr) {
  auto r = judged(submission("python", "raise ValueError('boom')\n", {{"", ""}}));
  EXPECT_EQ(r.verdict, v::RE) << describe(r);
  EXPECT_NE(r.tests[0].message.find("ValueError: boom"), std::string::npos) << r.tests[0].message;
}

TEST_F(JudgeEngineTest, LimitsGiveTleMleOle) {
  auto tle = submission("python", "while True: pass\n", {{"", ""}});
  tle.limits.cpu_ms = 300;
  EXPECT_EQ(judged(tle).verdict, v::TLE);

  auto sleeper = submission("python", "import time\ntime.sleep(10)\n", {{"", ""}});
  sleeper.limits.wall_ms = 500;
  auto slept = judged(sleeper);
  EXPECT_EQ(slept.verdict, v::TLE) << describe(slept);
  EXPECT_LT(slept.tests[0].wall_ms, 3000u);

  auto mle = submission("python", "x = bytearray(512 * 1024 * 1024)\nprint(len(x))\n", {{"", ""}});
  mle.limits.memory_kb = 64 * 1024;
  auto memory = judged(mle);
  EXPECT_TRUE(memory.verdict == v::MLE) << describe(memory);

  auto ole = submission("python", "import sys\nwhile True: sys.stdout.write('x' * 65536)\n", {{"", ""}});
  ole.limits.output_bytes = 4096;
  auto output = judged(ole);
  EXPECT_EQ(output.verdict, v::OLE) << describe(output);
  EXPECT_LE(output.tests[0].output.size(), 4096u + 20);
}

TEST_F(JudgeEngineTest, CompiledLanguagesSignalsAndCompileErrors) {
  auto ok =
      judged(submission("c", "#include <stdio.h>\nint main(){int a,b;scanf(\"%d %d\",&a,&b);printf(\"%d\\n\",a+b);}\n",
                        {{"2 3", "5"}, {"7 8", "15"}}));
  EXPECT_EQ(ok.verdict, v::OK) << describe(ok);

  auto segv = judged(submission("c", "int main(){volatile int *p = 0; *p = 1; return 0;}\n", {{"", ""}}));
  EXPECT_EQ(segv.verdict, v::SG) << describe(segv);
  EXPECT_NE(segv.tests[0].message.find("SIGSEGV"), std::string::npos) << segv.tests[0].message;

  auto broken = judged(submission("cpp", "int main() { return undefined_thing; }\n", {{"", ""}, {"", ""}}));
  EXPECT_EQ(broken.verdict, v::CE) << describe(broken);
  EXPECT_TRUE(broken.tests.empty());
  EXPECT_NE(broken.compile_output.find("undefined_thing"), std::string::npos) << broken.compile_output;
}

TEST_F(JudgeEngineTest, ExactComparisonCountsEveryByte) {
  auto s = submission("python", "print('1 ')\n", {{"", "1\n"}});
  EXPECT_EQ(judged(s).verdict, v::OK);  // normalized by default
  s.comparison = arena::Comparison::Exact;
  EXPECT_EQ(judged(s).verdict, v::WA);
  s.tests[0].expected = "1 \n";
  EXPECT_EQ(judged(s).verdict, v::OK);
}

TEST_F(JudgeEngineTest, HiddenTestsRevealNothingButVerdictAndMeasures) {
  auto s = submission("python",
                      "import sys\nprint('secret-output')\nsys.stderr.write('secret-stderr')\nraise SystemExit(1)\n",
                      {{"", ""}});
  s.tests[0].hidden = true;
  auto r = judged(s);
  ASSERT_EQ(r.tests.size(), 1u);
  EXPECT_EQ(r.tests[0].verdict, v::RE);
  EXPECT_TRUE(r.tests[0].hidden);
  EXPECT_EQ(r.tests[0].output, "");
  EXPECT_EQ(r.tests[0].message, "");
  EXPECT_EQ(nlohmann::json(r).dump().find("secret"), std::string::npos);
}

TEST_F(JudgeEngineTest, StopOnFailureSkipsTheRest) {
  auto s = submission("python", "print(input())\n", {{"a", "a"}, {"b", "x"}, {"c", "c"}});
  s.stop_on_failure = true;
  auto r = judged(s);
  EXPECT_EQ(r.verdict, v::WA);
  EXPECT_EQ(r.tests.size(), 2u);
  EXPECT_EQ(r.total, 3u);
}

TEST_F(JudgeEngineTest, ProgressIsReportedAndCanStopTheJudging) {
  std::vector<std::size_t> seen;
  auto s = submission("python", "print(input())\n", {{"a", "a"}, {"b", "b"}, {"c", "c"}});
  auto r = engine_->judge.judge(s, [&](const arena::JudgeTestResult& test) {
    seen.push_back(test.index);
    return true;
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(seen, (std::vector<std::size_t>{0, 1, 2}));
  seen.clear();
  auto stopped = engine_->judge.judge(s, [&](const arena::JudgeTestResult& test) {
    seen.push_back(test.index);
    return test.index < 1;
  });
  EXPECT_FALSE(stopped);
  EXPECT_EQ(seen.size(), 2u);
}

TEST_F(JudgeEngineTest, CheckerDecidesWithFilesAndExitStatus) {
  // Accepts answers within 1e-6 of the expected number; prints why.
  const char* checker =
      "import sys\n"
      "inp, exp, act = (open(p).read() for p in sys.argv[1:4])\n"
      "ok = abs(float(exp) - float(act)) < 1e-6\n"
      "print('close enough' if ok else 'off by %g' % abs(float(exp) - float(act)))\n"
      "sys.exit(0 if ok else 1)\n";
  auto s = submission("python", "x = int(input())\nprint(1 / x)\n", {{"3", "0.3333333333"}, {"4", "0.26"}});
  s.comparison = arena::Comparison::Checker;
  s.checker = arena::SourceProgram{"python", checker};
  auto r = judged(s);
  ASSERT_EQ(r.tests.size(), 2u) << describe(r);
  EXPECT_EQ(r.tests[0].verdict, v::OK);
  EXPECT_EQ(r.tests[0].message, "close enough\n");
  EXPECT_EQ(r.tests[1].verdict, v::WA);
  EXPECT_NE(r.tests[1].message.find("off by"), std::string::npos);
  EXPECT_EQ(r.verdict, v::WA);

  // The checker sees the test's input too; a crashing checker is the judge's fault (XX).
  s.checker->code = "import sys\nsys.exit(2)\n";
  auto crashed = judged(s);
  EXPECT_EQ(crashed.tests[0].verdict, v::XX) << describe(crashed);
  EXPECT_NE(crashed.tests[0].message.find("checker failed"), std::string::npos);

  // A checker in a compiled language that does not compile.
  s.checker = arena::SourceProgram{"c", "this is not C"};
  auto broken = judged(s);
  EXPECT_EQ(broken.verdict, v::XX);
  EXPECT_NE(broken.message.find("checker does not compile"), std::string::npos) << broken.message;
}

TEST_F(JudgeEngineTest, CompilesOncePerProgramAndReadsTheDiskCacheBack) {
  const Language& cpp = resolve_language(*languages_, "cpp");
  std::string code = "#include <iostream>\nint main(){std::cout << 42 << std::endl;}\n";
  auto first = engine_->compiler.prepare(cpp, code, {});
  ASSERT_TRUE(first.ok) << first.stage->stderr_data;
  EXPECT_EQ(first.tier, CacheTier::None);
  auto second = engine_->compiler.prepare(cpp, code, {});
  EXPECT_EQ(second.tier, CacheTier::Memory);
  EXPECT_EQ(second.files[0].content, first.files[0].content);
  EXPECT_TRUE(second.files[0].executable);

  // A fresh process (a new cache over the same directory) finds it on disk and runs it.
  CompileCache cache(1 << 20, scratch_->path() / "cache", 1 << 30);
  int misses = 0;
  Compiler compiler(*engine_->runner, cache, [&](CacheTier tier) { misses += tier == CacheTier::None; });
  auto third = compiler.prepare(cpp, code, {});
  EXPECT_EQ(third.tier, CacheTier::Disk);
  EXPECT_EQ(misses, 0);
  Judge judge(settings_, *languages_, *engine_->runner, compiler);
  auto r = judge.judge(submission("cpp", code, {{"", "42"}}));
  EXPECT_EQ(r->verdict, v::OK);

  // Concurrent compiles of one new program compile it once.
  struct CountingRunner final : ProgramRunner {
    explicit CountingRunner(ProgramRunner& inner) : inner_(inner) {}
    arena::sandbox::RunResult run(const arena::sandbox::RunSpec& spec) override {
      ++runs;
      return inner_.run(spec);
    }
    ProgramRunner& inner_;
    std::atomic<int> runs{0};
  } counting(*engine_->runner);
  CompileCache memory_only(1 << 20, "", 0);
  Compiler once(counting, memory_only);
  std::string other = "#include <cstdio>\nint main(){std::puts(\"7\");}\n";
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 3; ++i) threads.emplace_back([&] { ok += once.prepare(cpp, other, {}).ok; });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(counting.runs.load(), 1);
  EXPECT_EQ(once.prepare(cpp, other, {}).tier, CacheTier::Memory);
}

TEST_F(JudgeEngineTest, ExecuteRunsOnceWithStdinAndArgs) {
  arena::ExecuteRequest request;
  request.language = "py";
  request.code = "import sys\nprint(sys.argv[1:], sys.stdin.read().upper())\nsys.stderr.write('warn')\n";
  request.stdin_data = "hello";
  request.args = {"a", "b"};
  auto result = engine_->judge.execute(request);
  EXPECT_EQ(result.language, "python");
  EXPECT_FALSE(result.compile);
  ASSERT_TRUE(result.run);
  EXPECT_EQ(result.run->verdict, v::OK);
  EXPECT_EQ(result.run->stdout_data, "['a', 'b'] HELLO\n");
  EXPECT_EQ(result.run->stderr_data, "warn");
  EXPECT_EQ(result.run->exit_code, 0);

  request.language = "bash";
  request.code = "read x; echo \"got $x\"; exit 4\n";
  request.args = {};
  result = engine_->judge.execute(request);
  EXPECT_EQ(result.run->verdict, v::RE);
  EXPECT_EQ(result.run->exit_code, 4);
  EXPECT_EQ(result.run->stdout_data, "got hello\n");

  request.language = "c";
  request.code = "int main( {";
  result = engine_->judge.execute(request);
  ASSERT_TRUE(result.compile);
  EXPECT_EQ(result.compile->verdict, v::CE);
  EXPECT_FALSE(result.run);
  EXPECT_NE(result.compile->stderr_data.find("error"), std::string::npos);
}

TEST_F(JudgeEngineTest, ExecuteWithExtraFiles) {
  arena::ExecuteRequest request;
  request.language = "python";
  request.code = "print(open('data.txt').read().strip())\n";
  request.files = {{"data.txt", "from a file\n"}};
  auto result = engine_->judge.execute(request);
  ASSERT_TRUE(result.run);
  EXPECT_EQ(result.run->stdout_data, "from a file\n") << result.run->stderr_data;
}
