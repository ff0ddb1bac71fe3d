#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace arena::test {

/// One Phoenix v2 message as a client sees it.
struct PhoenixFrame {
  nlohmann::json join_ref;
  nlohmann::json ref;
  std::string topic;
  std::string event;
  nlohmann::json payload;
};

/// A small blocking WebSocket client for tests (no threads): connects to
/// /socket/websocket?vsn=2.0.0&token=... on loopback, sends Phoenix frames, and waits for
/// frames matching a topic and event. Frames read while waiting for another are kept.
class WebSocketClient {
 public:
  WebSocketClient() = default;
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  /// Opens the socket and sends the upgrade; returns the HTTP status (101 when upgraded).
  /// On a refusal, `body` receives the response body. A null token sends none.
  int connect(std::uint16_t port, const std::optional<std::string>& token, std::string* body = nullptr,
              const std::string& extra_query = "vsn=2.0.0");
  /// connect() that throws unless the upgrade succeeded.
  static std::unique_ptr<WebSocketClient> open(std::uint16_t port, const std::string& token);

  /// Sends [join_ref, ref, topic, event, payload]; returns the ref used (a fresh one when null).
  std::string send(const std::string& topic, const std::string& event, const nlohmann::json& payload = nlohmann::json::object(),
                   const nlohmann::json& join_ref = nullptr);
  /// Sends a text frame as is, or raw bytes on the socket.
  void send_text(const std::string& text);
  void send_raw(const std::string& bytes);
  /// phx_join and wait for its reply; returns the reply (payload {status, response}).
  std::optional<PhoenixFrame> join(const std::string& topic, const nlohmann::json& payload = nlohmann::json::object(),
                                   int timeout_ms = 3000);
  /// The next frame with this topic and event (and matching `ref` when given).
  std::optional<PhoenixFrame> wait_for(const std::string& topic, const std::string& event, int timeout_ms = 3000,
                                       const std::optional<std::string>& ref = std::nullopt);
  /// The reply to the message sent with `ref`.
  std::optional<PhoenixFrame> reply_to(const std::string& ref, int timeout_ms = 3000);
  /// True when nothing matching arrives within timeout_ms.
  bool quiet(const std::string& topic, const std::string& event, int timeout_ms);
  /// Waits for the server's close (frame or end of stream); returns true when closed.
  bool wait_closed(int timeout_ms, std::uint16_t* code = nullptr, std::string* reason = nullptr);
  /// Phoenix heartbeat; returns its ref.
  std::string heartbeat() { return send("phoenix", "heartbeat"); }
  /// Frames received so far and not yet matched.
  const std::deque<PhoenixFrame>& pending() const { return pending_; }
  int fd() const { return fd_; }
  std::string join_ref_of(const std::string& topic) const;

 private:
  /// Reads one server frame into pending_ (or the close state); false on timeout.
  bool read_frame(int timeout_ms);
  bool fill(int timeout_ms);

  int fd_ = -1;
  std::string buffer_;
  std::deque<PhoenixFrame> pending_;
  std::map<std::string, std::string> join_refs_;
  std::uint64_t next_ref_ = 1;
  bool closed_ = false;
  std::uint16_t close_code_ = 0;
  std::string close_reason_;
};

}  // namespace arena::test
