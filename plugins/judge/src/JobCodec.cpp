#include "JobCodec.h"

namespace judge {

using nlohmann::json;

json tests_to_json(const std::vector<arena::JudgeTest>& tests) {
  json out = json::array();
  for (const auto& test : tests)
    out.push_back({{"input", test.input}, {"expected", test.expected}, {"hidden", test.hidden}});
  return out;
}

std::vector<arena::JudgeTest> tests_from_json(const json& tests) {
  std::vector<arena::JudgeTest> out;
  for (const auto& test : tests) {
    out.push_back({test.value("input", ""), test.value("expected", ""), test.value("hidden", false)});
  }
  return out;
}

const char* comparison_name(arena::Comparison comparison) {
  switch (comparison) {
    case arena::Comparison::Normalized:
      return "normalized";
    case arena::Comparison::Exact:
      return "exact";
    case arena::Comparison::Checker:
      return "checker";
  }
  return "normalized";
}

std::optional<arena::Comparison> parse_comparison(const std::string& name) {
  if (name == "normalized") return arena::Comparison::Normalized;
  if (name == "exact") return arena::Comparison::Exact;
  if (name == "checker") return arena::Comparison::Checker;
  return std::nullopt;
}

json options_to_json(const arena::JudgeSubmission& submission) {
  json options = {{"comparison", comparison_name(submission.comparison)},
                  {"stop_on_failure", submission.stop_on_failure},
                  {"limits",
                   {{"cpu_ms", submission.limits.cpu_ms},
                    {"wall_ms", submission.limits.wall_ms},
                    {"memory_kb", submission.limits.memory_kb},
                    {"output_bytes", submission.limits.output_bytes}}}};
  if (submission.checker)
    options["checker"] = {{"language", submission.checker->language}, {"code", submission.checker->code}};
  return options;
}

void options_from_json(const json& options, arena::JudgeSubmission& submission) {
  submission.comparison =
      parse_comparison(options.value("comparison", "normalized")).value_or(arena::Comparison::Normalized);
  submission.stop_on_failure = options.value("stop_on_failure", false);
  if (options.contains("limits")) {
    const auto& limits = options["limits"];
    submission.limits.cpu_ms = limits.value("cpu_ms", 0u);
    submission.limits.wall_ms = limits.value("wall_ms", 0u);
    submission.limits.memory_kb = limits.value("memory_kb", std::uint64_t{0});
    submission.limits.output_bytes = limits.value("output_bytes", std::uint64_t{0});
  }
  if (options.contains("checker") && options["checker"].is_object())
    submission.checker =
        arena::SourceProgram{options["checker"].value("language", ""), options["checker"].value("code", "")};
}

}  // namespace judge
