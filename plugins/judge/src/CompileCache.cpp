#include "CompileCache.h"

#include <algorithm>
#include <vector>

namespace judge {

namespace fs = std::filesystem;

CompileCache::CompileCache(std::size_t memory_bytes, fs::path directory, std::size_t disk_bytes)
    : memory_limit_(memory_bytes),
      directory_(disk_bytes > 0 ? std::move(directory) : fs::path()),
      disk_limit_(disk_bytes) {
  if (directory_.empty()) return;
  std::error_code error;
  fs::create_directories(directory_, error);
  fs::permissions(directory_, fs::perms::owner_all, error);
  for (const auto& entry : fs::directory_iterator(directory_, error)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(".tmp-", 0) == 0) {
      fs::remove(entry.path(), error);  // left by a process that died while writing
    } else if (entry.is_regular_file(error)) {
      disk_used_ += entry.file_size(error);
    }
  }
}

CompileCache::Hit CompileCache::find(const std::string& key, const std::set<std::string>& allowed) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
      recent_.splice(recent_.begin(), recent_, it->second);
      return {it->second->second, CacheTier::Memory};
    }
  }
  if (directory_.empty()) return {};
  auto artifacts = read_artifacts(file_for(key), allowed, disk_limit_);
  if (!artifacts) return {};
  auto shared = std::make_shared<const Artifacts>(std::move(*artifacts));
  std::lock_guard lock(mutex_);
  remember(key, shared);
  return {shared, CacheTier::Disk};
}

void CompileCache::store(const std::string& key, const ArtifactsPtr& artifacts) {
  {
    std::lock_guard lock(mutex_);
    remember(key, artifacts);
  }
  if (directory_.empty()) return;
  std::lock_guard lock(disk_mutex_);
  try {
    write_artifacts(file_for(key), *artifacts);
    std::error_code error;
    disk_used_ += fs::file_size(file_for(key), error);
    if (disk_used_ > disk_limit_) trim_disk();
  } catch (const std::exception&) {
    // A full or read-only disk costs a compile next time, nothing more.
  }
}

void CompileCache::remember(const std::string& key, const ArtifactsPtr& artifacts) {
  std::size_t size = artifacts_size(*artifacts);
  if (size > memory_limit_) return;
  if (auto it = index_.find(key); it != index_.end()) {
    memory_used_ -= artifacts_size(*it->second->second);
    recent_.erase(it->second);
    index_.erase(it);
  }
  recent_.emplace_front(key, artifacts);
  index_[key] = recent_.begin();
  memory_used_ += size;
  while (memory_used_ > memory_limit_ && !recent_.empty()) {
    memory_used_ -= artifacts_size(*recent_.back().second);
    index_.erase(recent_.back().first);
    recent_.pop_back();
  }
}

void CompileCache::trim_disk() {
  // Other processes (arena judge-worker) may share the directory: measure it again.
  struct File {
    fs::path path;
    fs::file_time_type used;
    std::uintmax_t size;
  };
  std::vector<File> files;
  std::error_code error;
  disk_used_ = 0;
  for (const auto& entry : fs::directory_iterator(directory_, error)) {
    if (!entry.is_regular_file(error) || entry.path().extension() != ".art") continue;
    File file{entry.path(), entry.last_write_time(error), entry.file_size(error)};
    disk_used_ += file.size;
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.used < b.used; });
  std::size_t target = disk_limit_ / 10 * 9;
  for (const auto& file : files) {
    if (disk_used_ <= target) break;
    if (fs::remove(file.path, error)) disk_used_ -= std::min<std::size_t>(disk_used_, file.size);
  }
}

void CompileCache::clear_memory() {
  std::lock_guard lock(mutex_);
  recent_.clear();
  index_.clear();
  memory_used_ = 0;
}

std::size_t CompileCache::memory_bytes() const {
  std::lock_guard lock(mutex_);
  return memory_used_;
}

std::size_t CompileCache::memory_entries() const {
  std::lock_guard lock(mutex_);
  return index_.size();
}

}  // namespace judge
