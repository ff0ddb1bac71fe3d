#pragma once

#include "JudgeSettings.h"
#include "Languages.h"

#include <arena/HttpError.h>
#include <arena/JudgeService.h>

#include <nlohmann/json.hpp>
#include <string>

namespace judge {

/// Collects what is wrong with each field of a request, then throws one 422 naming them all.
class FieldErrors {
 public:
  void add(const std::string& field, const std::string& problem) {
    if (details_.contains(field)) return;
    details_[field] = problem;
    if (first_.empty()) first_ = problem;
  }
  bool empty() const { return details_.empty(); }
  /// The first problem recorded, as it was worded (Piston's messages are whole sentences).
  std::string first_message() const { return first_; }
  const nlohmann::json& details() const { return details_; }
  /// Throws arena::errors::validation with every problem when there is any.
  void throw_if_any(const std::string& message) const {
    if (!details_.empty()) throw arena::errors::validation(message, details_);
  }

 private:
  nlohmann::json details_ = nlohmann::json::object();
  std::string first_;
};

/// The language by id or alias; throws HttpError 422 (details under `field`) when it is
/// unknown or unavailable.
const Language& resolve_language(const LanguageCatalog& languages, const std::string& name,
                                 const std::string& field = "language");

/// Records problems of a submission: language, sizes, tests, checker, limits, and text that
/// cannot be stored (invalid UTF-8, NUL bytes).
void check_submission(const JudgeSettings& settings, const LanguageCatalog& languages,
                      const arena::JudgeSubmission& submission, FieldErrors& errors);

/// Records problems of an execution request: language, sizes, file names, arguments, limits.
void check_execution(const JudgeSettings& settings, const LanguageCatalog& languages,
                     const arena::ExecuteRequest& request, FieldErrors& errors);

}  // namespace judge
