#pragma once

#include <arena/JudgeService.h>

#include <nlohmann/json.hpp>
#include <string>

namespace judge {

/// How a submission is kept in judge_jobs: tests and options as JSONB.
nlohmann::json tests_to_json(const std::vector<arena::JudgeTest>& tests);
std::vector<arena::JudgeTest> tests_from_json(const nlohmann::json& tests);
/// comparison, checker, limits, stop_on_failure.
nlohmann::json options_to_json(const arena::JudgeSubmission& submission);
void options_from_json(const nlohmann::json& options, arena::JudgeSubmission& submission);

/// "normalized", "exact", "checker".
const char* comparison_name(arena::Comparison comparison);
/// nullopt for anything else.
std::optional<arena::Comparison> parse_comparison(const std::string& name);

}  // namespace judge
