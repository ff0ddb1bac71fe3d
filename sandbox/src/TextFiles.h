#pragma once

#include <optional>
#include <string>

namespace arena::sandbox {

/// The whole content of a small file (procfs, cgroupfs), or nullopt when it cannot be read.
std::optional<std::string> read_text(const std::string& path);
/// Writes `value` to an existing file (cgroupfs knobs); false with errno set on failure.
bool write_text(const std::string& path, const std::string& value);
/// write_text that throws std::runtime_error naming the file and the error.
void write_text_or_throw(const std::string& path, const std::string& value);

}  // namespace arena::sandbox
