#pragma once

#include <arena/JudgeService.h>

#include <nlohmann/json.hpp>

namespace judge {

/// A language as GET /api/programming-language shows it.
nlohmann::json language_json(const arena::LanguageInfo& language);

/// An execution as POST /api/execute answers it:
/// {"language", "version", "compile": stage|null, "run": stage|null} with stages
/// {"verdict", "stdout", "stderr", "exit_code"|null, "signal"|null, "cpu_ms", "wall_ms",
///  "memory_kb", "truncated", "message"}.
nlohmann::json execute_json(const arena::ExecuteResult& result);

/// An execution as Piston answers it: {"language", "version", "run", "compile"?} with stages
/// {"stdout", "stderr", "output", "code", "signal", "message", "status", "cpu_time",
///  "wall_time", "memory"} plus our "verdict". When the compile failed, "run" repeats it,
/// as Piston does.
nlohmann::json piston_json(const arena::ExecuteResult& result);

}  // namespace judge
