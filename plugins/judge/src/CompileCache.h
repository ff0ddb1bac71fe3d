#pragma once

#include "ArtifactFile.h"

#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace judge {

using ArtifactsPtr = std::shared_ptr<const Artifacts>;

/// Where a cached compile came from.
enum class CacheTier { Memory, Disk, None };

/// Compiled programs by key (see compile_key): an in-memory LRU bounded by bytes in front of
/// a directory of files bounded by bytes (oldest out). Thread-safe.
class CompileCache {
 public:
  /// `directory` empty or `disk_bytes` 0 turns the disk tier off; `memory_bytes` 0 the memory tier.
  CompileCache(std::size_t memory_bytes, std::filesystem::path directory, std::size_t disk_bytes);

  struct Hit {
    ArtifactsPtr artifacts;  ///< null on a miss
    CacheTier tier = CacheTier::None;
  };
  /// Looks in memory, then on disk (a disk hit is promoted to memory). Files on disk are read
  /// only when they are regular files naming only `allowed` artifacts.
  Hit find(const std::string& key, const std::set<std::string>& allowed);
  /// Keeps a successful compile. Disk errors are swallowed (the cache is an optimization).
  void store(const std::string& key, const ArtifactsPtr& artifacts);
  /// Forgets everything in memory (for benchmarks of a cold cache; the disk is left alone).
  void clear_memory();

  std::size_t memory_bytes() const;
  std::size_t memory_entries() const;

 private:
  void remember(const std::string& key, const ArtifactsPtr& artifacts);  // memory tier; mutex held
  void trim_disk();                                                      // disk tier; disk mutex held
  std::filesystem::path file_for(const std::string& key) const { return directory_ / (key + ".art"); }

  using Entry = std::pair<std::string, ArtifactsPtr>;
  const std::size_t memory_limit_;
  const std::filesystem::path directory_;
  const std::size_t disk_limit_;

  mutable std::mutex mutex_;
  std::list<Entry> recent_;  ///< most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t memory_used_ = 0;

  std::mutex disk_mutex_;
  std::size_t disk_used_ = 0;
};

}  // namespace judge
