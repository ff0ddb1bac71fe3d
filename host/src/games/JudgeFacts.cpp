#include "games/JudgeFacts.h"

#include <algorithm>

namespace arena::games {

modes::SubmissionFacts submission_facts(const JudgeResult& result) {
  modes::SubmissionFacts facts;
  facts.submission_id = result.context.is_object() ? result.context.value("submission_id", "") : "";
  facts.language = result.language;
  facts.verdict = result.verdict;
  std::size_t total = std::max(result.total, result.tests.size());
  facts.tests.assign(total, false);
  for (const auto& test : result.tests) {
    if (test.index < total) facts.tests[test.index] = test.verdict == verdicts::OK;
    facts.cpu_ms += test.cpu_ms;
    facts.wall_ms = std::max(facts.wall_ms, test.wall_ms);
    facts.memory_kb = std::max(facts.memory_kb, test.memory_kb);
  }
  facts.tests_passed = static_cast<std::size_t>(std::count(facts.tests.begin(), facts.tests.end(), true));
  facts.tests_total = total;
  facts.passed = result.verdict == verdicts::OK && total > 0 && facts.tests_passed == total;
  return facts;
}

modes::SubmissionFacts failed_submission(const std::string& language, const std::string& message) {
  modes::SubmissionFacts facts;
  facts.language = language;
  facts.verdict = verdicts::XX;
  (void)message;
  return facts;
}

void fill_run_outputs(nlohmann::json& run_result, const JudgeResult& result) {
  if (!run_result.is_object()) return;
  if (!run_result.contains("tests") || !run_result["tests"].is_array()) run_result["tests"] = nlohmann::json::array();
  auto& tests = run_result["tests"];
  for (const auto& test : result.tests) {
    while (tests.size() <= test.index) tests.push_back(nlohmann::json::object());
    auto& row = tests[test.index];
    if (!row.is_object()) row = nlohmann::json::object();
    row["output"] = test.output;
    row["verdict"] = test.verdict;
    row["passed"] = test.verdict == verdicts::OK;
    if (!test.message.empty()) row["message"] = test.message;
    row["cpu_ms"] = test.cpu_ms;
  }
  if (!result.compile_output.empty()) run_result["compile_output"] = result.compile_output;
  if (!result.verdict.empty()) run_result["verdict"] = result.verdict;
}

}  // namespace arena::games
