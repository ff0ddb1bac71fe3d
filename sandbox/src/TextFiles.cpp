#include "TextFiles.h"

#include "UniqueFd.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace arena::sandbox {

std::optional<std::string> read_text(const std::string& path) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return std::nullopt;
  std::string text;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

bool write_text(const std::string& path, const std::string& value) {
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) return false;
  return write(fd.get(), value.data(), value.size()) == static_cast<ssize_t>(value.size());
}

void write_text_or_throw(const std::string& path, const std::string& value) {
  if (!write_text(path, value))
    throw std::runtime_error("cannot write " + value + " to " + path + ": " + std::strerror(errno));
}

}  // namespace arena::sandbox
