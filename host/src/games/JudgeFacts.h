#pragma once

#include "modes/ModeTypes.h"

#include <arena/JudgeService.h>

#include <nlohmann/json.hpp>

namespace arena::games {

/// The judge's result as a mode's on_result sees it: CPU time summed over the tests, wall time
/// and memory the most of any test, one boolean per test of the submission (tests the judge did
/// not run count as failed). The session fills in what it knows itself (puzzle, code, length,
/// submitted_at).
modes::SubmissionFacts submission_facts(const JudgeResult& result);

/// What a submission the judge never took counts as (it refused the language, the code...).
modes::SubmissionFacts failed_submission(const std::string& language, const std::string& message);

/// A run's "run_result" payload with each test's output and verdict from the judge's result
/// (the session knows the tests, the judge what the program printed).
void fill_run_outputs(nlohmann::json& run_result, const JudgeResult& result);

}  // namespace arena::games
