#pragma once

#include "modes/ModeScript.h"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <spdlog/logger.h>
#include <string>
#include <thread>
#include <vector>

namespace arena::modes {

/// The modes of `modes.path`: every *.lua file loaded at start, and (with watch()) reloaded
/// when it changes. A file that fails keeps its previous version serving; every version
/// loaded during this run stays reachable by (name, version) for games pinned to it.
/// Thread-safe.
class ModeLibrary {
 public:
  /// What a (re)load did: the new version, or the refusal (script null, error set), or the
  /// file's removal (script null, error empty, removed true).
  struct Change {
    std::string name;
    std::string file;
    std::shared_ptr<const ModeScript> script;
    std::string error;
    bool removed = false;
  };
  using Listener = std::function<void(const Change&)>;

  ModeLibrary(std::filesystem::path dir, ModeLimits limits, std::shared_ptr<spdlog::logger> logger);
  ~ModeLibrary();
  ModeLibrary(const ModeLibrary&) = delete;
  ModeLibrary& operator=(const ModeLibrary&) = delete;

  /// Loads every *.lua of the directory (sorted); returns the changes (errors included).
  std::vector<Change> load_all();
  /// Loads one file again (as the watcher does) and tells the listeners.
  Change reload(const std::filesystem::path& file);
  /// Called after every change the library makes (from the watcher's thread, or the caller's).
  void on_change(Listener listener);

  /// Watches the directory on a thread of its own (inotify: writes, creations, renames into
  /// it, removals; a burst of events for one file is one reload). stop() or the destructor ends it.
  void watch();
  void stop();

  /// The version new games use, or null.
  std::shared_ptr<const ModeScript> current(const std::string& name) const;
  /// Any version loaded (or adopted) during this run, or null.
  std::shared_ptr<const ModeScript> version(const std::string& name, const std::string& version) const;
  /// Makes an older version known again (resuming a game whose version came from the database).
  void adopt(std::shared_ptr<const ModeScript> script);
  /// Current versions, sorted by name.
  std::vector<std::shared_ptr<const ModeScript>> modes() const;
  /// GET /api/modes: [{name, version, title, description, min_players, max_players, duration,
  /// options, file, error}] — error is the last refused load of that file (null when it loaded).
  nlohmann::json to_json() const;
  const std::filesystem::path& directory() const { return dir_; }
  const ModeLimits& limits() const { return limits_; }

 private:
  void notify(const Change& change);
  void watch_loop();

  std::filesystem::path dir_;
  ModeLimits limits_;
  std::shared_ptr<spdlog::logger> logger_;
  mutable std::mutex mutex_;
  std::mutex reload_mutex_;  // serializes loads (the watcher's and the callers'); mutex_ guards the maps
  std::map<std::string, std::shared_ptr<const ModeScript>> current_;          // by name
  std::map<std::string, std::shared_ptr<const ModeScript>> versions_;         // by name + "@" + version
  std::map<std::string, std::string> errors_;                                 // by file stem upper-cased
  std::map<std::string, std::string> files_;                                  // by name: the file last loaded
  std::vector<Listener> listeners_;
  std::thread watcher_;
  int stop_fd_ = -1;
  int inotify_fd_ = -1;  // watched from watch() on, so no change made after watch() returns is missed
};

}  // namespace arena::modes
