#include "ArtifactFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <random>
#include <system_error>
#include <utility>

namespace judge {

namespace {

// Layout: "arena-artifacts 1\n" "<count>\n", then per file "<name>\n<0|1>\n<size>\n<bytes>".
constexpr const char* kMagic = "arena-artifacts 1\n";

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

[[noreturn]] void fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

void write_all(int fd, const std::string& data, const std::string& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("write " + path);
    done += static_cast<std::size_t>(n);
  }
}

std::string encode(const Artifacts& artifacts) {
  std::string out = kMagic;
  out += std::to_string(artifacts.size()) + "\n";
  for (const auto& file : artifacts) {
    out += file.name + "\n" + (file.executable ? "1" : "0") + "\n" + std::to_string(file.content.size()) + "\n";
    out += file.content;
  }
  return out;
}

// A cursor over the file's bytes; every read checks the bounds.
class Reader {
 public:
  explicit Reader(const std::string& data) : data_(data) {}
  bool line(std::string& out) {
    auto end = data_.find('\n', position_);
    if (end == std::string::npos || end - position_ > 4096) return false;
    out = data_.substr(position_, end - position_);
    position_ = end + 1;
    return true;
  }
  bool number(std::size_t& out) {
    std::string text;
    if (!line(text) || text.empty() || text.size() > 12) return false;
    for (char c : text) {
      if (c < '0' || c > '9') return false;
    }
    out = std::stoull(text);
    return true;
  }
  bool bytes(std::size_t count, std::string& out) {
    if (count > data_.size() - position_) return false;
    out = data_.substr(position_, count);
    position_ += count;
    return true;
  }
  bool at_end() const { return position_ == data_.size(); }

 private:
  const std::string& data_;
  std::size_t position_ = 0;
};

std::optional<Artifacts> decode(const std::string& data, const std::set<std::string>& allowed) {
  if (data.rfind(kMagic, 0) != 0) return std::nullopt;
  Reader reader(data);
  std::string magic;
  reader.line(magic);
  std::size_t count = 0;
  if (!reader.number(count) || count > allowed.size()) return std::nullopt;
  Artifacts artifacts;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < count; ++i) {
    arena::sandbox::File file;
    std::string mode;
    std::size_t size = 0;
    if (!reader.line(file.name) || !reader.line(mode) || !reader.number(size) || !reader.bytes(size, file.content))
      return std::nullopt;
    if (allowed.count(file.name) == 0 || !seen.insert(file.name).second || (mode != "0" && mode != "1"))
      return std::nullopt;
    file.executable = mode == "1";
    artifacts.push_back(std::move(file));
  }
  if (!reader.at_end()) return std::nullopt;
  return artifacts;
}

}  // namespace

std::size_t artifacts_size(const Artifacts& artifacts) {
  std::size_t total = 0;
  for (const auto& file : artifacts) total += file.name.size() + file.content.size() + 16;
  return total;
}

void write_artifacts(const std::filesystem::path& path, const Artifacts& artifacts) {
  std::random_device random;
  std::filesystem::path temporary = path.parent_path() / (".tmp-" + path.filename().string() + "-" +
                                                          std::to_string(random()) + std::to_string(random()));
  Fd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (fd.get() < 0) fail("create " + temporary.string());
  try {
    write_all(fd.get(), encode(artifacts), temporary.string());
    if (::fsync(fd.get()) != 0) fail("fsync " + temporary.string());
    if (::close(fd.release()) != 0) fail("close " + temporary.string());
    if (::rename(temporary.c_str(), path.c_str()) != 0) fail("rename to " + path.string());
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
}

std::optional<Artifacts> read_artifacts(const std::filesystem::path& path, const std::set<std::string>& allowed,
                                        std::size_t max_bytes) {
  // O_NOFOLLOW refuses a symlink at the last component; O_NONBLOCK keeps a FIFO from hanging
  // the open before fstat can refuse it.
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return std::nullopt;
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  if (info.st_size < 0 || static_cast<std::size_t>(info.st_size) > max_bytes) return std::nullopt;
  std::string data(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::read(fd.get(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    done += static_cast<std::size_t>(n);
  }
  ::futimens(fd.get(), nullptr);  // recently used: the disk cache evicts by age
  return decode(data, allowed);
}

}  // namespace judge
