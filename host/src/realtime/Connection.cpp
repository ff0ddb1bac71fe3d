#include "realtime/Connection.h"

#include "realtime/WebSocketFrames.h"

#include <cerrno>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace arena::host::realtime {

Connection::Connection(int fd, std::uint64_t id, std::size_t max_queue_bytes, RealtimeCounters& counters)
    : fd_(fd), id_(id), max_queue_bytes_(max_queue_bytes), counters_(counters) {}

Connection::~Connection() { close_now(); }

void Connection::watch_writes_locked(bool on) {
  if (watching_writes_ == on || epoll_fd_ < 0 || fd_ < 0) return;
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | (on ? static_cast<std::uint32_t>(EPOLLOUT) : 0u);
  event.data.ptr = this;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd_, &event);
  watching_writes_ = on;
}

void Connection::attach(int epoll_fd) {
  std::lock_guard lock(mutex_);
  epoll_fd_ = epoll_fd;
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | (queue_.empty() ? 0u : static_cast<std::uint32_t>(EPOLLOUT));
  event.data.ptr = this;
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd_, &event);
  watching_writes_ = !queue_.empty();
}

// Writes queued frames until the kernel stops taking them. False on a socket error.
bool Connection::write_queue_locked() {
  while (!queue_.empty()) {
    const std::string& head = *queue_.front();
    ssize_t n = ::send(fd_, head.data() + head_offset_, head.size() - head_offset_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
      if (errno == EINTR) continue;
      return false;
    }
    head_offset_ += static_cast<std::size_t>(n);
    queued_bytes_ -= static_cast<std::size_t>(n);
    if (head_offset_ == head.size()) {
      queue_.erase(queue_.begin());
      head_offset_ = 0;
    }
  }
  return true;
}

void Connection::deliver(const std::shared_ptr<const std::string>& frame) {
  std::lock_guard lock(mutex_);
  if (fd_ < 0 || dead_ || closing) return;
  queue_.push_back(frame);
  queued_bytes_ += frame->size();
  if (queued_bytes_ > max_queue_bytes_) {
    // A slow consumer: drop what it has not read and shut the socket down. Its loop sees the
    // shutdown as end of input and finishes the close; nobody else waited.
    dead_ = true;
    queue_.clear();
    queue_.shrink_to_fit();
    queued_bytes_ = 0;
    ++counters_.slow_consumers;
    ::shutdown(fd_, SHUT_RDWR);
    return;
  }
  if (epoll_fd_ < 0) return;  // not attached yet: attach() asks for EPOLLOUT
  if (queue_.size() == 1 && !write_queue_locked()) {
    dead_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    return;
  }
  watch_writes_locked(!queue_.empty());
}

bool Connection::flush() {
  std::lock_guard lock(mutex_);
  if (fd_ < 0 || dead_) return false;
  if (!write_queue_locked()) return false;
  watch_writes_locked(!queue_.empty());
  if (queue_.empty() && queue_.capacity() > 8) queue_.shrink_to_fit();
  return true;
}

void Connection::close_with(std::uint16_t code, const std::string& reason) {
  std::lock_guard lock(mutex_);
  if (closing || fd_ < 0) return;
  closing = true;
  auto frame = std::make_shared<const std::string>(ws::close_frame(code, reason));
  queue_.push_back(frame);
  queued_bytes_ += frame->size();
  if (epoll_fd_ >= 0 && !dead_) {
    if (!write_queue_locked()) dead_ = true;
    watch_writes_locked(!queue_.empty());
  }
}

bool Connection::close_sent() {
  std::lock_guard lock(mutex_);
  return closing && queue_.empty();
}

bool Connection::dead() {
  std::lock_guard lock(mutex_);
  return dead_;
}

void Connection::close_now() {
  std::lock_guard lock(mutex_);
  if (fd_ < 0) return;
  if (epoll_fd_ >= 0) epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd_, nullptr);
  ::close(fd_);
  fd_ = -1;
  queue_.clear();
  queued_bytes_ = 0;
}

}  // namespace arena::host::realtime
