#include "realtime/EventLoop.h"

#include "realtime/WebSocketFrames.h"

#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace arena::host::realtime {

namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr int kMaxEvents = 256;
constexpr std::int64_t kCloseGraceMs = 2000;  // after our close frame, how long we wait for the peer's
}  // namespace

EventLoop::EventLoop(const RealtimeSettings& settings, MessageHandler on_message, CloseHandler on_close)
    : settings_(settings), on_message_(std::move(on_message)), on_close_(std::move(on_close)) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw std::runtime_error(std::string("event loop: ") + std::strerror(errno));
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = nullptr;  // the wake-up descriptor
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event);
  read_buffer_.resize(kReadChunk);
  thread_ = std::thread([this] { run(); });
}

EventLoop::~EventLoop() {
  stop();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void EventLoop::adopt(std::shared_ptr<Connection> connection) {
  {
    std::lock_guard lock(inbox_mutex_);
    inbox_.push_back(std::move(connection));
  }
  ++count_;
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void EventLoop::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  thread_.join();
}

void EventLoop::take_inbox() {
  std::vector<std::shared_ptr<Connection>> adopted;
  {
    std::lock_guard lock(inbox_mutex_);
    adopted.swap(inbox_);
  }
  std::int64_t now = now_ms();
  for (auto& connection : adopted) {
    connection->last_seen_ms = now;
    connection->tokens = settings_.events_per_second * 2;
    connection->tokens_at_ms = now;
    connection->attach(epoll_fd_);
    connections_.emplace(connection.get(), std::move(connection));
  }
}

void EventLoop::run() {
  std::vector<epoll_event> events(kMaxEvents);
  // The tick: often enough to close silent sockets within a quarter of the timeout.
  int tick_ms = std::clamp(settings_.heartbeat_timeout_ms / 4, 10, 1000);
  std::int64_t next_tick = now_ms() + tick_ms;
  while (!stopping_) {
    int timeout = static_cast<int>(std::max<std::int64_t>(0, next_tick - now_ms()));
    int n = epoll_wait(epoll_fd_, events.data(), kMaxEvents, timeout);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < n; ++i) {
      if (events[i].data.ptr == nullptr) {
        std::uint64_t value;
        [[maybe_unused]] auto r = ::read(wake_fd_, &value, sizeof value);
        take_inbox();
        continue;
      }
      auto* connection = static_cast<Connection*>(events[i].data.ptr);
      if (!connections_.contains(connection)) continue;  // finished earlier in this batch
      if (events[i].events & EPOLLOUT) {
        if (!connection->flush()) {
          finish(*connection);
          continue;
        }
      }
      if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) on_readable(*connection);
    }
    std::int64_t now = now_ms();
    if (now >= next_tick) {
      tick(now);
      next_tick = now + tick_ms;
    }
  }
  take_inbox();
  std::vector<Connection*> all;
  for (auto& [connection, _] : connections_) all.push_back(connection);
  for (auto* connection : all) finish(*connection);
}

void EventLoop::tick(std::int64_t now) {
  std::vector<Connection*> done;
  for (auto& [connection, _] : connections_) {
    if (connection->dead()) {
      done.push_back(connection);
    } else if (connection->closing) {
      if (connection->close_sent() && !connection->half_closed) {
        ::shutdown(connection->fd(), SHUT_WR);
        connection->half_closed = true;
        connection->close_deadline_ms = now + kCloseGraceMs;
      } else if (connection->close_deadline_ms != 0 && now >= connection->close_deadline_ms) {
        done.push_back(connection);
      } else if (connection->close_deadline_ms == 0) {
        connection->close_deadline_ms = now + kCloseGraceMs * 2;  // the close frame is stuck behind a full socket
      }
    } else if (now - connection->last_seen_ms > settings_.heartbeat_timeout_ms) {
      connection->close_with(ws::Normal, "heartbeat timeout");
    }
  }
  for (auto* connection : done) finish(*connection);
}

void EventLoop::finish(Connection& connection) {
  auto it = connections_.find(&connection);
  if (it == connections_.end()) return;
  auto keep = it->second;  // alive until on_close returns
  connections_.erase(it);
  connection.close_now();
  --count_;
  on_close_(connection);
}

void EventLoop::on_readable(Connection& connection) {
  for (int round = 0; round < 4; ++round) {  // bounded, so one busy socket cannot starve the rest
    ssize_t n = ::recv(connection.fd(), read_buffer_.data(), read_buffer_.size(), 0);
    if (n == 0) {
      finish(connection);
      return;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      finish(connection);
      return;
    }
    connection.last_seen_ms = now_ms();
    if (connection.closing) continue;  // draining until the peer closes
    std::size_t consumed;
    if (connection.inbuf.empty()) {
      // The common case: whole frames in the loop's buffer, parsed in place without a copy.
      consumed = parse(connection, read_buffer_.data(), static_cast<std::size_t>(n));
      if (consumed == std::string::npos) return;
      if (consumed < static_cast<std::size_t>(n))
        connection.inbuf.assign(read_buffer_.data() + consumed, static_cast<std::size_t>(n) - consumed);
    } else {
      connection.inbuf.append(read_buffer_.data(), static_cast<std::size_t>(n));
      consumed = parse(connection, connection.inbuf.data(), connection.inbuf.size());
      if (consumed == std::string::npos) return;
      connection.inbuf.erase(0, consumed);
      if (connection.inbuf.empty()) connection.inbuf.shrink_to_fit();
    }
    if (static_cast<std::size_t>(n) < read_buffer_.size()) break;
  }
  if (connection.dead()) finish(connection);
}

std::size_t EventLoop::parse(Connection& connection, char* data, std::size_t size) {
  std::size_t at = 0;
  while (at < size && !connection.closing) {
    ws::FrameHeader header;
    if (!ws::parse_header(data + at, size - at, header)) break;
    bool control = header.opcode >= ws::Close;
    if (header.reserved_bits || !header.masked) {
      connection.close_with(ws::ProtocolError, header.masked ? "reserved bits set" : "client frames must be masked");
      break;
    }
    if (control && (header.length > 125 || !header.fin)) {
      connection.close_with(ws::ProtocolError, "bad control frame");
      break;
    }
    if (header.length > settings_.max_frame_bytes) {
      connection.close_with(ws::TooBig, "message too big (limit " + std::to_string(settings_.max_frame_bytes) + " bytes)");
      break;
    }
    if (size - at < header.header_size + header.length) break;  // the rest has not arrived
    char* payload = data + at + header.header_size;
    auto length = static_cast<std::size_t>(header.length);
    ws::unmask(payload, length, header.mask);
    at += header.header_size + length;
    switch (header.opcode) {
      case ws::Text:
        if (connection.in_fragment) {
          connection.close_with(ws::ProtocolError, "new message inside a fragmented one");
          break;
        }
        if (header.fin) {
          on_message_(connection, std::string_view(payload, length));
        } else {
          connection.in_fragment = true;
          connection.fragments.assign(payload, length);
        }
        break;
      case ws::Continuation:
        if (!connection.in_fragment) {
          connection.close_with(ws::ProtocolError, "continuation without a message");
          break;
        }
        if (connection.fragments.size() + length > settings_.max_frame_bytes) {
          connection.close_with(ws::TooBig, "message too big (limit " + std::to_string(settings_.max_frame_bytes) + " bytes)");
          break;
        }
        connection.fragments.append(payload, length);
        if (header.fin) {
          std::string message;
          message.swap(connection.fragments);
          connection.in_fragment = false;
          on_message_(connection, message);
        }
        break;
      case ws::Binary:
        connection.close_with(ws::Unsupported, "binary frames are not supported");
        break;
      case ws::Close: {
        std::uint16_t code = ws::Normal;
        if (length >= 2) code = static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) | static_cast<std::uint8_t>(payload[1]));
        if (code < 1000 || code == 1005 || code == 1006 || code >= 5000) code = ws::Normal;
        connection.close_with(code, "");
        break;
      }
      case ws::Ping:
        connection.deliver(std::make_shared<const std::string>(ws::frame(ws::Pong, std::string_view(payload, length))));
        break;
      case ws::Pong:
        break;
      default:
        connection.close_with(ws::ProtocolError, "unknown opcode");
        break;
    }
  }
  if (connection.closing) {
    connection.inbuf.clear();
    connection.fragments.clear();
    return std::string::npos;
  }
  return at;
}

}  // namespace arena::host::realtime
