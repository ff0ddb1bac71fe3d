#include "Validation.h"

#include "Text.h"

namespace judge {

namespace {

void check_limits(const arena::RunLimits& limits, const RunDefaults& ceilings, const std::string& field,
                  FieldErrors& errors) {
  if (limits.cpu_ms > ceilings.max_cpu_ms)
    errors.add(field + ".cpu_ms", "must be at most " + std::to_string(ceilings.max_cpu_ms));
  if (limits.wall_ms > ceilings.max_wall_ms)
    errors.add(field + ".wall_ms", "must be at most " + std::to_string(ceilings.max_wall_ms));
  if (limits.memory_kb > ceilings.max_memory_kb)
    errors.add(field + ".memory_kb", "must be at most " + std::to_string(ceilings.max_memory_kb));
  if (limits.output_bytes > ceilings.max_output_bytes)
    errors.add(field + ".output_bytes", "must be at most " + std::to_string(ceilings.max_output_bytes));
}

void check_language(const LanguageCatalog& languages, const std::string& name, const std::string& field,
                    FieldErrors& errors) {
  const Language* language = languages.find(name);
  if (language == nullptr) {
    errors.add(field, "is not a known language");
  } else if (!language->available) {
    errors.add(field, "is not available: " + language->reason);
  }
}

// Stored text must be UTF-8 without NUL (PostgreSQL text and jsonb refuse the rest).
bool storable(const std::string& text) {
  return text.find('\0') == std::string::npos && valid_utf8(text);
}

}  // namespace

const Language& resolve_language(const LanguageCatalog& languages, const std::string& name, const std::string& field) {
  const Language* language = languages.find(name);
  if (language == nullptr)
    throw arena::errors::validation("unknown language " + name, {{field, "is not a known language"}});
  if (!language->available)
    throw arena::errors::validation("language " + language->id + " is not available here",
                                    {{field, "is not available: " + language->reason}});
  return *language;
}

void check_submission(const JudgeSettings& settings, const LanguageCatalog& languages,
                      const arena::JudgeSubmission& submission, FieldErrors& errors) {
  check_language(languages, submission.language, "language", errors);
  if (submission.code.size() > settings.max_code_bytes)
    errors.add("code", "must be at most " + std::to_string(settings.max_code_bytes) + " bytes");
  else if (!storable(submission.code))
    errors.add("code", "must be UTF-8 text without NUL bytes");
  if (submission.tests.empty()) errors.add("tests", "must hold at least one test");
  if (submission.tests.size() > settings.max_tests)
    errors.add("tests", "must hold at most " + std::to_string(settings.max_tests) + " tests");
  std::size_t data = 0;
  for (const auto& test : submission.tests) data += test.input.size() + test.expected.size();
  if (data > settings.max_test_data_bytes)
    errors.add("tests", "must hold at most " + std::to_string(settings.max_test_data_bytes) + " bytes in all");
  for (std::size_t i = 0; i < submission.tests.size() && data <= settings.max_test_data_bytes; ++i) {
    const auto& test = submission.tests[i];
    if (!storable(test.input) || !storable(test.expected))
      errors.add("tests[" + std::to_string(i) + "]", "must be UTF-8 text without NUL bytes");
  }
  if (submission.comparison == arena::Comparison::Checker) {
    if (!submission.checker) {
      errors.add("checker", "is required with the checker comparison");
    } else {
      check_language(languages, submission.checker->language, "checker.language", errors);
      if (submission.checker->code.size() > settings.max_code_bytes)
        errors.add("checker.code", "must be at most " + std::to_string(settings.max_code_bytes) + " bytes");
      else if (!storable(submission.checker->code))
        errors.add("checker.code", "must be UTF-8 text without NUL bytes");
    }
  }
  check_limits(submission.limits, settings.run, "limits", errors);
  if (!submission.context.is_object()) errors.add("context", "must be a JSON object");
  if (!submission.owner_id.empty() && !is_uuid(submission.owner_id)) errors.add("owner_id", "must be a UUID");
}

void check_execution(const JudgeSettings& settings, const LanguageCatalog& languages,
                     const arena::ExecuteRequest& request, FieldErrors& errors) {
  check_language(languages, request.language, "language", errors);
  const Language* language = languages.find(request.language);
  std::size_t code = request.code.size();
  for (const auto& file : request.files) code += file.content.size();
  if (code > settings.max_code_bytes)
    errors.add("code", "must be at most " + std::to_string(settings.max_code_bytes) + " bytes");
  if (request.stdin_data.size() > settings.max_stdin_bytes)
    errors.add("stdin", "must be at most " + std::to_string(settings.max_stdin_bytes) + " bytes");
  if (request.files.size() > 32) errors.add("files", "must hold at most 32 files");
  for (std::size_t i = 0; i < request.files.size(); ++i) {
    const auto& name = request.files[i].name;
    std::string field = "files[" + std::to_string(i) + "].name";
    if (auto problem = file_name_problem(name); !problem.empty())
      errors.add(field, problem);
    else if (language != nullptr && name == language->source_file)
      errors.add(field, "is the main file's name");
  }
  if (request.args.size() > 64) errors.add("args", "must hold at most 64 arguments");
  for (const auto& arg : request.args) {
    if (arg.size() > 4096 || arg.find('\0') != std::string::npos)
      errors.add("args", "must be strings of at most 4096 characters without NUL");
  }
  check_limits(request.limits, settings.run, "limits", errors);
}

}  // namespace judge
