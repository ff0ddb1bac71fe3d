#include "StageJson.h"

#include "ProgramRunner.h"

namespace judge {

using nlohmann::json;

namespace {

json nullable_exit(int code) {
  return code >= 0 ? json(code) : json(nullptr);
}
json nullable_signal(int signal) {
  return signal > 0 ? json(signal_name(signal)) : json(nullptr);
}

json stage_json(const arena::StageResult& stage) {
  return {{"verdict", stage.verdict},
          {"stdout", stage.stdout_data},
          {"stderr", stage.stderr_data},
          {"exit_code", nullable_exit(stage.exit_code)},
          {"signal", nullable_signal(stage.signal)},
          {"cpu_ms", stage.cpu_ms},
          {"wall_ms", stage.wall_ms},
          {"memory_kb", stage.memory_kb},
          {"truncated", stage.truncated},
          {"message", stage.message}};
}

// Piston's status letters (from isolate): RE, SG, TO (time), OL/EL (stdout/stderr limit), XX.
json piston_status(const std::string& verdict) {
  namespace v = arena::verdicts;
  if (verdict == v::OK) return nullptr;
  if (verdict == v::TLE) return "TO";
  if (verdict == v::OLE) return "OL";
  if (verdict == v::MLE) return "SG";
  if (verdict == v::CE) return "RE";
  return verdict;  // RE, SG, XX
}

json piston_stage(const arena::StageResult& stage) {
  namespace v = arena::verdicts;
  bool killed = stage.verdict == v::TLE || stage.verdict == v::OLE || stage.verdict == v::MLE;
  json signal = stage.signal > 0 ? json(signal_name(stage.signal)) : killed ? json("SIGKILL") : json(nullptr);
  json message = stage.message.empty() || stage.verdict == v::OK ? json(nullptr) : json(stage.message);
  return {{"stdout", stage.stdout_data},
          {"stderr", stage.stderr_data},
          {"output", stage.stdout_data + stage.stderr_data},
          {"code", nullable_exit(stage.exit_code)},
          {"signal", signal},
          {"message", message},
          {"status", piston_status(stage.verdict)},
          {"cpu_time", stage.cpu_ms},
          {"wall_time", stage.wall_ms},
          {"memory", stage.memory_kb * 1024},
          {"verdict", stage.verdict}};
}

}  // namespace

json language_json(const arena::LanguageInfo& language) {
  return {{"id", language.id},           {"name", language.name},           {"version", language.version},
          {"aliases", language.aliases}, {"available", language.available}, {"reason", language.reason}};
}

json execute_json(const arena::ExecuteResult& result) {
  return {{"language", result.language},
          {"version", result.version},
          {"compile", result.compile ? stage_json(*result.compile) : json(nullptr)},
          {"run", result.run ? stage_json(*result.run) : json(nullptr)}};
}

json piston_json(const arena::ExecuteResult& result) {
  json body = {{"language", result.language}, {"version", result.version}};
  if (result.compile) body["compile"] = piston_stage(*result.compile);
  if (result.run) {
    body["run"] = piston_stage(*result.run);
  } else if (result.compile) {
    body["run"] = body["compile"];
  }
  return body;
}

}  // namespace judge
