#pragma once

#include <string>
#include <string_view>

namespace judge {

/// Output as the normalized comparison sees it: "\r\n" and "\r" become "\n", spaces and tabs
/// at the end of every line are dropped, and so are empty lines at the end.
std::string normalize_output(std::string_view text);

/// Whether the normalized forms are equal (without building them).
bool outputs_match_normalized(std::string_view expected, std::string_view actual);

/// Byte-for-byte equality.
inline bool outputs_match_exact(std::string_view expected, std::string_view actual) {
  return expected == actual;
}

}  // namespace judge
