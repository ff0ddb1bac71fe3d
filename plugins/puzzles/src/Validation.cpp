#include "Validation.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace puzzles {

bool storable_text(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    if (extra < 0 || i + extra >= text.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += extra + 1;
  }
  return true;
}

std::optional<std::string> string_field(const nlohmann::json& body, const std::string& field, bool required,
                                        std::size_t max_bytes, FieldErrors& errors) {
  if (!body.contains(field) || body[field].is_null()) {
    if (required) errors.add(field, "is required");
    return std::nullopt;
  }
  if (!body[field].is_string()) {
    errors.add(field, "must be a string");
    return std::nullopt;
  }
  std::string value = body[field];
  if (value.size() > max_bytes) {
    errors.add(field, "must be at most " + std::to_string(max_bytes) + " bytes");
    return std::nullopt;
  }
  if (!storable_text(value)) {
    errors.add(field, "must be UTF-8 text without NUL characters");
    return std::nullopt;
  }
  return value;
}

bool is_uuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(text[i]))) {
      return false;
    }
  }
  return true;
}

std::string uuid_param(const std::string& value, const std::string& what) {
  if (!is_uuid(value)) throw arena::errors::not_found("no such " + what);
  return value;
}

bool is_tag(const std::string& name) {
  return !name.empty() && name.size() <= 30 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_difficulty(const std::string& name) {
  static const std::array<std::string, 6> all = {"BEGINNER", "EASY", "INTERMEDIATE", "ADVANCED", "HARD", "EXPERT"};
  return std::find(all.begin(), all.end(), name) != all.end();
}

}  // namespace puzzles
