#include "support/WebSocketClient.h"

#include "realtime/WebSocketFrames.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <random>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace arena::test {

namespace ws = arena::host::realtime::ws;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {
int remaining(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::max<long long>(0, left));
}
}  // namespace

WebSocketClient::~WebSocketClient() {
  if (fd_ >= 0) ::close(fd_);
}

int WebSocketClient::connect(std::uint16_t port, const std::optional<std::string>& token, std::string* body,
                             const std::string& extra_query) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket: " + std::string(strerror(errno)));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("connect: " + std::string(strerror(errno)));
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::string query = extra_query;
  if (token) query += (query.empty() ? "" : "&") + std::string("token=") + *token;
  std::string request = "GET /socket/websocket?" + query +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  send_raw(request);
  auto deadline = Clock::now() + std::chrono::seconds(10);
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(remaining(deadline))) throw std::runtime_error("no handshake response");
  }
  std::string head = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  int status = std::stoi(head.substr(head.find(' ') + 1, 3));
  if (status != 101) {
    auto length_at = head.find("Content-Length: ");
    std::size_t length = length_at == std::string::npos ? 0 : std::stoul(head.substr(length_at + 16));
    while (buffer_.size() < length && fill(remaining(deadline))) {
    }
    if (body) *body = buffer_.substr(0, length);
  } else if (head.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") == std::string::npos) {
    throw std::runtime_error("bad Sec-WebSocket-Accept in " + head);
  }
  return status;
}

std::unique_ptr<WebSocketClient> WebSocketClient::open(std::uint16_t port, const std::string& token) {
  auto client = std::make_unique<WebSocketClient>();
  std::string body;
  int status = client->connect(port, token, &body);
  if (status != 101) throw std::runtime_error("upgrade refused: " + std::to_string(status) + " " + body);
  return client;
}

void WebSocketClient::send_raw(const std::string& bytes) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("send: " + std::string(strerror(errno)));
    }
    at += static_cast<std::size_t>(n);
  }
}

void WebSocketClient::send_text(const std::string& text) {
  static thread_local std::mt19937 random(12345);
  send_raw(ws::client_frame(ws::Text, text, static_cast<std::uint32_t>(random())));
}

std::string WebSocketClient::send(const std::string& topic, const std::string& event, const json& payload,
                                  const json& join_ref) {
  std::string ref = std::to_string(next_ref_++);
  json jr = join_ref;
  if (jr.is_null()) {
    if (auto it = join_refs_.find(topic); it != join_refs_.end()) jr = it->second;
  }
  send_text(json::array({jr, ref, topic, event, payload}).dump());
  return ref;
}

std::string WebSocketClient::join_ref_of(const std::string& topic) const {
  auto it = join_refs_.find(topic);
  return it == join_refs_.end() ? "" : it->second;
}

std::optional<PhoenixFrame> WebSocketClient::join(const std::string& topic, const json& payload, int timeout_ms) {
  std::string ref = std::to_string(next_ref_);
  join_refs_[topic] = ref;
  send(topic, "phx_join", payload, ref);
  return reply_to(ref, timeout_ms);
}

bool WebSocketClient::fill(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  int ready = ::poll(&p, 1, timeout_ms);
  if (ready <= 0) return false;
  char chunk[65536];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    closed_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

bool WebSocketClient::read_frame(int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    ws::FrameHeader header;
    if (ws::parse_header(buffer_.data(), buffer_.size(), header) &&
        buffer_.size() >= header.header_size + header.length) {
      std::string payload = buffer_.substr(header.header_size, header.length);
      buffer_.erase(0, header.header_size + header.length);
      if (header.opcode == ws::Close) {
        closed_ = true;
        if (payload.size() >= 2)
          close_code_ = static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                                   static_cast<std::uint8_t>(payload[1]));
        close_reason_ = payload.size() > 2 ? payload.substr(2) : "";
        return true;
      }
      if (header.opcode != ws::Text) continue;
      json parsed = json::parse(payload);
      pending_.push_back({parsed[0], parsed[1], parsed[2].get<std::string>(), parsed[3].get<std::string>(), parsed[4]});
      return true;
    }
    if (closed_ || !fill(remaining(deadline))) return false;
  }
}

std::optional<PhoenixFrame> WebSocketClient::wait_for(const std::string& topic, const std::string& event, int timeout_ms,
                                                      const std::optional<std::string>& ref) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::size_t checked = 0;
  while (true) {
    for (; checked < pending_.size(); ++checked) {
      const auto& frame = pending_[checked];
      if (frame.topic == topic && frame.event == event && (!ref || frame.ref == *ref)) {
        PhoenixFrame found = frame;
        pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(checked));
        return found;
      }
    }
    if (closed_ || remaining(deadline) == 0) return std::nullopt;
    read_frame(remaining(deadline));
  }
}

std::optional<PhoenixFrame> WebSocketClient::reply_to(const std::string& ref, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::size_t checked = 0;
  while (true) {
    for (; checked < pending_.size(); ++checked) {
      if (pending_[checked].event == "phx_reply" && pending_[checked].ref == ref) {
        PhoenixFrame found = pending_[checked];
        pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(checked));
        return found;
      }
    }
    if (closed_ || remaining(deadline) == 0) return std::nullopt;
    read_frame(remaining(deadline));
  }
}

bool WebSocketClient::quiet(const std::string& topic, const std::string& event, int timeout_ms) {
  return !wait_for(topic, event, timeout_ms).has_value();
}

bool WebSocketClient::wait_closed(int timeout_ms, std::uint16_t* code, std::string* reason) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!closed_ && remaining(deadline) > 0) read_frame(remaining(deadline));
  if (code) *code = close_code_;
  if (reason) *reason = close_reason_;
  return closed_;
}

}  // namespace arena::test
