#pragma once

#include <string>
#include <string_view>

namespace judge {

/// Whether `text` is well-formed UTF-8.
bool valid_utf8(std::string_view text);

/// `text` made safe for JSONB and the API: invalid UTF-8 sequences and NUL bytes become U+FFFD.
std::string printable(std::string_view text);

/// Whether `text` is a UUID in its usual spelling (8-4-4-4-12 hex digits).
bool is_uuid(std::string_view text);

}  // namespace judge
