#pragma once

#include <arena/HttpError.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace puzzles {

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

/// A string field: "is required" when missing and `required`, "must be a string", and at most
/// `max_bytes` bytes of valid UTF-8 without NUL. nullopt when absent or invalid.
std::optional<std::string> string_field(const nlohmann::json& body, const std::string& field, bool required,
                                        std::size_t max_bytes, FieldErrors& errors);

/// Whether `text` is a UUID in its canonical 8-4-4-4-12 hex form.
bool is_uuid(const std::string& text);

/// The path parameter `name` as a UUID; 404 (the resource cannot exist) when it is not one.
std::string uuid_param(const std::string& value, const std::string& what);

/// Whether `text` is valid UTF-8 without NUL bytes (what PostgreSQL's text can store).
bool storable_text(const std::string& text);

/// Whether `name` is a tag: 1 to 30 of [a-z0-9-].
bool is_tag(const std::string& name);

/// Whether `name` is a difficulty (BEGINNER ... EXPERT).
bool is_difficulty(const std::string& name);

}  // namespace puzzles
