#include "games/GameWriter.h"

namespace arena::games {

GameWriter::GameWriter(Persist persist, std::shared_ptr<spdlog::logger> logger)
    : persist_(std::move(persist)), logger_(std::move(logger)) {}

GameWriter::~GameWriter() {
  stop();
}

void GameWriter::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void GameWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  // Anything queued after the thread ended (or without a thread) is written here.
  std::unique_lock lock(mutex_);
  while (drain_once(lock)) {
  }
}

void GameWriter::save(const std::string& game_id, SessionRecord record) {
  {
    std::lock_guard lock(mutex_);
    records_[game_id] = std::move(record);
  }
  wake_.notify_one();
}

void GameWriter::run(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void GameWriter::flush() {
  std::unique_lock lock(mutex_);
  if (!thread_.joinable()) {
    while (drain_once(lock)) {
    }
    return;
  }
  idle_.wait(lock, [&] { return records_.empty() && jobs_.empty() && !busy_; });
}

std::uint64_t GameWriter::written() const {
  std::lock_guard lock(mutex_);
  return written_;
}

// Takes what is queued and writes it with the lock released; false when there was nothing.
bool GameWriter::drain_once(std::unique_lock<std::mutex>& lock) {
  if (records_.empty() && jobs_.empty()) return false;
  auto records = std::move(records_);
  records_.clear();
  auto jobs = std::move(jobs_);
  jobs_.clear();
  busy_ = true;
  lock.unlock();
  std::uint64_t written = 0;
  for (const auto& [id, record] : records) {
    try {
      if (persist_) persist_(id, record);
      ++written;
    } catch (const std::exception& e) {
      // The next record of this game carries everything again; a lost one is not fatal.
      logger_->error("game {}: saving its state failed: {}", id, e.what());
    }
  }
  for (auto& job : jobs) {
    try {
      job();
    } catch (const std::exception& e) {
      logger_->error("games: background work failed: {}", e.what());
    }
  }
  lock.lock();
  written_ += written;
  busy_ = false;
  return true;
}

void GameWriter::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !records_.empty() || !jobs_.empty(); });
    bool worked = drain_once(lock);
    if (!worked) {
      idle_.notify_all();
      if (stopping_) return;
      continue;
    }
    if (records_.empty() && jobs_.empty()) idle_.notify_all();
  }
}

}  // namespace arena::games
