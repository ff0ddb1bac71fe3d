#pragma once

#include "realtime/ChannelRegistry.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace arena::host::realtime {

/// One WebSocket connection after the upgrade. Redis-style: plain state, the owning event
/// loop reads and closes it; any thread may deliver() frames to it.
///
/// Writes: deliver() tries a non-blocking send at once when nothing is queued (the common case:
/// no wake-up, no extra copy); what the kernel does not take is queued and EPOLLOUT asked for.
/// The queue is bounded: past max_queue_bytes the peer is a slow consumer and the socket is
/// shut down, which its loop notices and finishes; other sockets are never waited for.
class Connection final : public Outlet {
 public:
  Connection(int fd, std::uint64_t id, std::size_t max_queue_bytes, RealtimeCounters& counters);
  ~Connection() override;

  void deliver(const std::shared_ptr<const std::string>& frame) override;

  std::uint64_t id() const { return id_; }
  int fd() const { return fd_; }

  // ---- owning loop only ----
  /// Registers with the loop's epoll (EPOLLOUT too if frames were queued before).
  void attach(int epoll_fd);
  /// Sends what is queued; false if the socket failed.
  bool flush();
  /// Queues a close frame and stops taking input; the loop finishes the close.
  void close_with(std::uint16_t code, const std::string& reason);
  /// Closes the descriptor (idempotent).
  void close_now();
  /// True once the queue drained after close_with() (the loop then half-closes and waits).
  bool close_sent();
  bool dead();  ///< dropped as a slow consumer, or failed

  std::string inbuf;          ///< bytes of an incomplete frame
  std::string fragments;      ///< a fragmented text message being assembled
  bool in_fragment = false;
  bool closing = false;       ///< close_with() was called: input is ignored
  bool half_closed = false;   ///< SHUT_WR done after the close frame
  std::int64_t last_seen_ms = 0;
  std::int64_t close_deadline_ms = 0;
  double tokens = 0;          ///< rate limit bucket
  std::int64_t tokens_at_ms = 0;

 private:
  bool write_queue_locked();
  void watch_writes_locked(bool on);

  int fd_;
  const std::uint64_t id_;
  const std::size_t max_queue_bytes_;
  RealtimeCounters& counters_;
  std::mutex mutex_;
  int epoll_fd_ = -1;
  bool watching_writes_ = false;
  bool dead_ = false;
  std::vector<std::shared_ptr<const std::string>> queue_;  // pending frames; head_offset_ into queue_[0]
  std::size_t head_offset_ = 0;
  std::size_t queued_bytes_ = 0;
};

/// Milliseconds on the steady clock.
inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace arena::host::realtime
