#pragma once

// Shared by the rooms tests: a host with auth and rooms, signed-up users, and a socket
// stand-in plugged into the host's real channel registry (the same code path a WebSocket's
// messages take after the frame is decoded).
#include "app/Host.h"
#include "realtime/ChannelRegistry.h"
#include "realtime/WebSocketFrames.h"
#include "support/HttpClient.h"
#include "support/TestServer.h"

#include <gtest/gtest.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace rooms_test {

using arena::host::realtime::PhoenixMessage;

inline constexpr const char* kSecret = "rooms-test-secret-that-is-long-enough-for-hs256";

/// Config for a rooms test host: cheap hashes, generous limits (tests set their own), a short
/// reconnect grace and a quick matcher.
inline std::vector<std::string> rooms_sets(std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {std::string("auth.jwt_secret=") + kSecret,
                                   "auth.argon2.ops_limit=1",
                                   "auth.argon2.mem_limit_kib=8192",
                                   "auth.rate_limits.register_per_ip_burst=100000",
                                   "rooms.rate_limits.joins_burst=100000",
                                   "rooms.rate_limits.creates_burst=100000",
                                   "rooms.rate_limits.enqueues_burst=100000",
                                   "rooms.reconnect_grace_s=1",
                                   "rooms.matchmaking.tick_ms=50"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return sets;
}

/// A signed-up user: id, name, bearer header.
struct User {
  std::string id;
  std::string username;
  std::string token;
  std::map<std::string, std::string> bearer() const { return {{"Authorization", "Bearer " + token}}; }
  arena::Principal principal() const { return {id, username, arena::Role::User, "test"}; }
};

inline User register_user(std::uint16_t port, const std::string& name) {
  nlohmann::json body = {{"username", name}, {"email", name + "@example.com"}, {"password", "correct horse battery"}};
  auto result = arena::test::http("POST", port, "/api/register", body.dump());
  if (result.status != 201) throw std::runtime_error("register failed: " + result.body);
  auto json = result.json();
  return {json["user"]["id"], json["user"]["username"], json["access_token"]};
}

/// A client socket without the network: an Outlet in the host's channel registry that
/// decodes the frames it is given. Messages are sent as the socket layer would pass them.
class RegistrySocket : public arena::host::realtime::Outlet,
                       public std::enable_shared_from_this<RegistrySocket> {
 public:
  static std::shared_ptr<RegistrySocket> connect(arena::host::realtime::ChannelRegistry& registry, const User& user) {
    static std::atomic<std::uint64_t> next_id{1'000'000};
    auto socket = std::shared_ptr<RegistrySocket>(new RegistrySocket(registry, next_id++));
    registry.connect(socket, arena::Subscriber{socket->id_, user.principal(), "127.0.0.1"});
    return socket;
  }
  ~RegistrySocket() override = default;

  void deliver(const std::shared_ptr<const std::string>& frame) override {
    arena::host::realtime::ws::FrameHeader header;
    if (!arena::host::realtime::ws::parse_header(frame->data(), frame->size(), header)) return;
    std::string payload = frame->substr(header.header_size, header.length);
    if (header.opcode != arena::host::realtime::ws::Text) return;
    std::string error;
    auto message = PhoenixMessage::decode(payload, error);
    if (!message) return;
    std::lock_guard lock(mutex_);
    received_.push_back(*message);
    changed_.notify_all();
  }

  std::uint64_t id() const { return id_; }

  /// Sends a message and returns the phx_reply to it: {"status", "response"}.
  nlohmann::json request(const std::string& topic, const std::string& event,
                         const nlohmann::json& payload = nlohmann::json::object()) {
    std::string ref = std::to_string(++ref_);
    PhoenixMessage message;
    message.join_ref = event == "phx_join" ? nlohmann::json(ref) : join_refs_[topic];
    if (event == "phx_join") join_refs_[topic] = ref;
    message.ref = ref;
    message.topic = topic;
    message.event = event;
    message.payload = payload;
    registry_.receive(id_, message);
    auto reply = wait_for(topic, "phx_reply", [&](const PhoenixMessage& m) { return m.ref == ref; });
    return reply ? reply->payload : nlohmann::json();
  }
  nlohmann::json join(const std::string& topic, const nlohmann::json& payload = nlohmann::json::object()) {
    return request(topic, "phx_join", payload);
  }
  /// The socket closes (the registry calls every channel's leave()).
  void disconnect() { registry_.disconnect(id_); }

  /// Waits for a message on `topic` named `event` that `match` accepts.
  template <class Match>
  std::optional<PhoenixMessage> wait_for(const std::string& topic, const std::string& event, Match match,
                                         std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    std::optional<PhoenixMessage> found;
    changed_.wait_for(lock, timeout, [&] {
      for (const auto& m : received_) {
        if (m.topic == topic && m.event == event && match(m)) {
          found = m;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::optional<PhoenixMessage> wait_for(const std::string& topic, const std::string& event,
                                         std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return wait_for(topic, event, [](const PhoenixMessage&) { return true; }, timeout);
  }
  /// Every message received so far with this event (any topic when topic is "").
  std::vector<PhoenixMessage> all(const std::string& event, const std::string& topic = "") {
    std::lock_guard lock(mutex_);
    std::vector<PhoenixMessage> found;
    for (const auto& m : received_) {
      if (m.event == event && (topic.empty() || m.topic == topic)) found.push_back(m);
    }
    return found;
  }

 private:
  RegistrySocket(arena::host::realtime::ChannelRegistry& registry, std::uint64_t id) : registry_(registry), id_(id) {}

  arena::host::realtime::ChannelRegistry& registry_;
  std::uint64_t id_;
  int ref_ = 0;
  std::map<std::string, nlohmann::json> join_refs_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<PhoenixMessage> received_;
};

/// Runs one SQL query on the test database and returns the first column of the first row.
inline std::string sql_value(const arena::test::TestServer& server, const std::string& query) {
  pqxx::connection c(server.database().url());
  pqxx::work tx(c);
  auto rows = tx.exec(query);
  tx.commit();
  return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].as<std::string>();
}

}  // namespace rooms_test
