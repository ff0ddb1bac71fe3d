#include "Validation.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace auth {

std::optional<std::string> required_string(const nlohmann::json& body, const std::string& field, FieldErrors& errors,
                                           std::size_t max_length) {
  if (!body.contains(field) || body[field].is_null()) {
    errors.add(field, "is required");
    return std::nullopt;
  }
  if (!body[field].is_string()) {
    errors.add(field, "must be a string");
    return std::nullopt;
  }
  std::string value = body[field];
  if (value.size() > max_length) {
    errors.add(field, "must be at most " + std::to_string(max_length) + " characters");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> username_problem(const std::string& username) {
  if (username.size() < 3 || username.size() > 24) return "must be 3 to 24 characters";
  bool allowed = std::all_of(username.begin(), username.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (!allowed) return "may contain only letters, digits, '_' and '-'";
  return std::nullopt;
}

std::optional<std::string> email_problem(const std::string& email) {
  // Deliberately simple: one @, a dotted domain, no spaces or control characters. The real
  // check is a confirmation mail, which is beyond this plugin.
  static const std::regex shape(R"(^[^\s@"<>()\[\],;:\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$)");
  if (email.size() > 254) return "must be at most 254 characters";
  if (!std::regex_match(email, shape)) return "is not a valid email address";
  return std::nullopt;
}

std::optional<std::string> password_problem(const std::string& password, const std::string& username) {
  if (password.size() < 10) return "must be at least 10 characters";
  if (password.size() > 256) return "must be at most 256 characters";
  if (is_common_password(password)) return "is too common; choose another";
  auto lower = [](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
  };
  if (!username.empty() && lower(password).find(lower(username)) != std::string::npos)
    return "must not contain the username";
  return std::nullopt;
}

}  // namespace auth
