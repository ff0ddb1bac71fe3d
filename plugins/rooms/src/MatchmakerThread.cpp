#include "MatchmakerThread.h"

namespace rooms {

MatchmakerThread::MatchmakerThread(std::chrono::milliseconds period, std::function<void()> tick,
                                   std::function<void(const std::exception&)> on_error)
    : period_(period), tick_(std::move(tick)), on_error_(std::move(on_error)) {}

void MatchmakerThread::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void MatchmakerThread::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MatchmakerThread::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, period_, [this] { return stopping_; })) break;
    lock.unlock();
    try {
      tick_();
    } catch (const std::exception& e) {
      on_error_(e);
    }
    lock.lock();
  }
}

}  // namespace rooms
