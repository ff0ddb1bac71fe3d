#pragma once

#include "realtime/Connection.h"
#include "realtime/RealtimeSettings.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace arena::host::realtime {

/// What the loop hands upward: one complete text message of a connection.
using MessageHandler = std::function<void(Connection&, std::string_view)>;
/// Called on the loop thread once a connection is closed for good.
using CloseHandler = std::function<void(Connection&)>;

/// One epoll thread serving many connections (Redis's ae, reduced to what sockets need):
/// reads and parses WebSocket frames, answers pings and closes, hands text messages to the
/// MessageHandler, flushes queued output on EPOLLOUT, and every tick closes connections silent
/// past the heartbeat timeout and finishes half-closed ones.
class EventLoop {
 public:
  EventLoop(const RealtimeSettings& settings, MessageHandler on_message, CloseHandler on_close);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  /// Adopts a connection (any thread); the loop registers it on its next turn.
  void adopt(std::shared_ptr<Connection> connection);
  /// Closes every connection and joins the thread.
  void stop();
  std::size_t size() const { return count_.load(); }

 private:
  void run();
  void take_inbox();
  void on_readable(Connection& connection);
  /// Parses complete frames at data[0..size); returns bytes consumed, or npos after a close.
  std::size_t parse(Connection& connection, char* data, std::size_t size);
  void finish(Connection& connection);
  void tick(std::int64_t now);

  const RealtimeSettings settings_;
  MessageHandler on_message_;
  CloseHandler on_close_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> count_{0};
  std::mutex inbox_mutex_;
  std::vector<std::shared_ptr<Connection>> inbox_;
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections_;  // loop thread only
  std::vector<char> read_buffer_;                                              // loop thread only
  std::thread thread_;
};

}  // namespace arena::host::realtime
