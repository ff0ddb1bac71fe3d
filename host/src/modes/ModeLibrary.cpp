#include "modes/ModeLibrary.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>

namespace arena::modes {
namespace {

constexpr auto kDebounce = std::chrono::milliseconds(50);

std::string mode_name(const std::filesystem::path& file) {
  std::string name = file.stem().string();
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

// Mode files: *.lua, not hidden (editors' temporary files start with "." or end with "~").
bool is_mode_file(const std::string& name) {
  return name.size() > 4 && name[0] != '.' && name.compare(name.size() - 4, 4, ".lua") == 0;
}

}  // namespace

ModeLibrary::ModeLibrary(std::filesystem::path dir, ModeLimits limits, std::shared_ptr<spdlog::logger> logger)
    : dir_(std::move(dir)), limits_(limits), logger_(logger ? std::move(logger) : spdlog::default_logger()) {}

ModeLibrary::~ModeLibrary() {
  stop();
}

std::vector<ModeLibrary::Change> ModeLibrary::load_all() {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    if (entry.is_regular_file(ec) && is_mode_file(entry.path().filename().string())) files.push_back(entry.path());
  }
  if (ec) logger_->error("modes: cannot list {}: {}", dir_.string(), ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Change> changes;
  for (const auto& file : files) changes.push_back(reload(file));
  return changes;
}

ModeLibrary::Change ModeLibrary::reload(const std::filesystem::path& file) {
  std::lock_guard reloading(reload_mutex_);  // one load at a time; lookups stay free meanwhile
  const std::filesystem::path path = file.is_absolute() || file.has_parent_path() ? file : dir_ / file;
  Change change;
  change.name = mode_name(path);
  change.file = path.string();
  bool changed = true;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    std::lock_guard lock(mutex_);
    change.removed = true;
    changed = current_.erase(change.name) > 0 || errors_.erase(change.name) > 0;
    if (changed) logger_->info("mode {}: {} was removed; no new games use it", change.name, change.file);
  } else {
    LoadResult loaded = ModeScript::load_file(path, limits_);
    std::lock_guard lock(mutex_);
    files_[change.name] = change.file;
    if (loaded) {
      change.script = loaded.script;
      change.name = loaded.script->name();
      const auto it = current_.find(change.name);
      changed = it == current_.end() || it->second->version() != loaded.script->version() || errors_.count(change.name);
      current_[change.name] = loaded.script;
      versions_.emplace(change.name + "@" + loaded.script->version(), loaded.script);
      errors_.erase(change.name);
      if (changed)
        logger_->info("mode {} version {} loaded from {}", change.name, loaded.script->version(), change.file);
    } else {
      change.error = loaded.error;
      errors_[change.name] = loaded.error;
      const bool kept = current_.count(change.name) != 0;
      logger_->warn("mode file {} refused{}: {}", change.file, kept ? " (the previous version keeps serving)" : "",
                    loaded.error);
    }
  }
  if (changed) notify(change);
  return change;
}

void ModeLibrary::on_change(Listener listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

void ModeLibrary::notify(const Change& change) {
  std::vector<Listener> listeners;
  {
    std::lock_guard lock(mutex_);
    listeners = listeners_;
  }
  for (const auto& listener : listeners) {
    try {
      listener(change);
    } catch (const std::exception& e) {
      logger_->error("mode {}: a change listener failed: {}", change.name, e.what());
    }
  }
}

std::shared_ptr<const ModeScript> ModeLibrary::current(const std::string& name) const {
  std::lock_guard lock(mutex_);
  const auto it = current_.find(name);
  return it == current_.end() ? nullptr : it->second;
}

std::shared_ptr<const ModeScript> ModeLibrary::version(const std::string& name, const std::string& version) const {
  std::lock_guard lock(mutex_);
  const auto it = versions_.find(name + "@" + version);
  return it == versions_.end() ? nullptr : it->second;
}

void ModeLibrary::adopt(std::shared_ptr<const ModeScript> script) {
  if (!script) return;
  std::lock_guard lock(mutex_);
  versions_.emplace(script->name() + "@" + script->version(), std::move(script));
}

std::vector<std::shared_ptr<const ModeScript>> ModeLibrary::modes() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<const ModeScript>> out;
  for (const auto& [name, script] : current_) out.push_back(script);
  return out;
}

nlohmann::json ModeLibrary::to_json() const {
  std::lock_guard lock(mutex_);
  std::set<std::string> names;
  for (const auto& [name, script] : current_) names.insert(name);
  for (const auto& [name, error] : errors_) names.insert(name);
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& name : names) {
    nlohmann::json entry;
    const auto it = current_.find(name);
    if (it != current_.end()) {
      entry = it->second->info().to_json();
    } else {
      const auto file = files_.find(name);
      entry = {{"name", name}, {"version", nullptr}, {"file", file == files_.end() ? "" : file->second}};
    }
    const auto error = errors_.find(name);
    entry["error"] = error == errors_.end() ? nlohmann::json(nullptr) : nlohmann::json(error->second);
    list.push_back(std::move(entry));
  }
  return list;
}

void ModeLibrary::watch() {
  std::lock_guard lock(mutex_);
  if (watcher_.joinable()) return;
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) {
    logger_->error("modes: inotify_init1 failed: {}; no hot reload", std::strerror(errno));
    return;
  }
  const int wd = inotify_add_watch(inotify_fd_, dir_.c_str(),
                                   IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM);
  stop_fd_ = wd < 0 ? -1 : eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wd < 0 || stop_fd_ < 0) {
    logger_->error("modes: cannot watch {}: {}; no hot reload", dir_.string(), std::strerror(errno));
    ::close(inotify_fd_);
    inotify_fd_ = -1;
    return;
  }
  logger_->info("modes: watching {} for changes", dir_.string());
  watcher_ = std::thread([this] { watch_loop(); });
}

void ModeLibrary::stop() {
  std::thread watcher;
  int fd = -1;
  {
    std::lock_guard lock(mutex_);
    if (!watcher_.joinable()) return;
    watcher = std::move(watcher_);
    fd = stop_fd_;
  }
  const std::uint64_t one = 1;
  if (::write(fd, &one, sizeof one) < 0) logger_->error("modes: cannot stop the watcher: {}", std::strerror(errno));
  watcher.join();
  std::lock_guard lock(mutex_);
  ::close(stop_fd_);
  ::close(inotify_fd_);
  stop_fd_ = -1;
  inotify_fd_ = -1;
}

void ModeLibrary::watch_loop() {
  const int fd = inotify_fd_;
  using Clock = std::chrono::steady_clock;
  std::map<std::string, Clock::time_point> pending;  // file name -> when to reload it
  alignas(inotify_event) char buffer[16 * 1024];
  for (;;) {
    int timeout = -1;
    if (!pending.empty()) {
      auto next = std::min_element(pending.begin(), pending.end(), [](const auto& a, const auto& b) {
                    return a.second < b.second;
                  })->second;
      timeout = static_cast<int>(std::max<long long>(
          0, std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now()).count() + 1));
    }
    pollfd fds[2] = {{fd, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    const int ready = ::poll(fds, 2, timeout);
    if (ready < 0 && errno != EINTR) {
      logger_->error("modes: poll failed: {}; no more hot reload", std::strerror(errno));
      break;
    }
    if (ready > 0 && (fds[1].revents & POLLIN)) break;
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        for (ssize_t offset = 0; offset < n;) {
          const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
          offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
          if (event->mask & IN_Q_OVERFLOW) {
            logger_->warn("modes: inotify queue overflow; reloading every file");
            std::error_code ec;
            for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
              const std::string name = entry.path().filename().string();
              if (is_mode_file(name)) pending[name] = Clock::now() + kDebounce;
            }
            continue;
          }
          if (event->len == 0) continue;
          const std::string name(event->name);
          if (is_mode_file(name)) pending[name] = Clock::now() + kDebounce;
        }
      }
    }
    const auto now = Clock::now();
    for (auto it = pending.begin(); it != pending.end();) {
      if (it->second <= now) {
        const std::string name = it->first;
        it = pending.erase(it);
        try {
          reload(dir_ / name);
        } catch (const std::exception& e) {
          logger_->error("modes: reloading {} failed: {}", name, e.what());
        }
      } else {
        ++it;
      }
    }
  }
}

}  // namespace arena::modes
