#pragma once

#include <arena/HttpError.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace auth {

/// Collects what is wrong with each field of a request, then throws one 422 naming them all.
class FieldErrors {
 public:
  void add(const std::string& field, const std::string& problem) {
    if (!details_.contains(field)) details_[field] = problem;
  }
  bool empty() const { return details_.empty(); }
  /// Throws arena::errors::validation with every problem when there is any.
  void throw_if_any(const std::string& message = "some fields are invalid") const {
    if (!details_.empty()) throw arena::errors::validation(message, details_);
  }

 private:
  nlohmann::json details_ = nlohmann::json::object();
};

/// A required string field: records "is required" / "must be a string" / length problems.
std::optional<std::string> required_string(const nlohmann::json& body, const std::string& field, FieldErrors& errors,
                                           std::size_t max_length);

/// Why a username is unacceptable (3-24 of [A-Za-z0-9_-]), or nullopt.
std::optional<std::string> username_problem(const std::string& username);
/// Why an email address is unacceptable, or nullopt.
std::optional<std::string> email_problem(const std::string& email);
/// Why a new password is unacceptable (length, common passwords, same as the username).
std::optional<std::string> password_problem(const std::string& password, const std::string& username = "");
/// Whether `password` is in the shipped list of common passwords (case-insensitive).
bool is_common_password(const std::string& password);

}  // namespace auth
