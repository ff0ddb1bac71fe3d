#pragma once

// Shared by the live games tests: a host with the real auth, judge, puzzles and rooms plugins
// on a fresh database with the fixture puzzles seeded, a private copy of modes/ as modes.path,
// users, WebSocket helpers, SQL helpers.
#include "support/HttpClient.h"
#include "support/TestServer.h"
#include "support/WebSocketClient.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <pqxx/pqxx>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace live_games_test {

namespace fs = std::filesystem;
using arena::test::http;
using arena::test::PhoenixFrame;
using arena::test::WebSocketClient;
using nlohmann::json;

inline constexpr const char* kSecret = "live-games-test-secret-that-is-long-enough-for-hs256";
inline constexpr const char* kDoubleIt = "Fixture Double It";  // tests/puzzles/fixtures/01-double-it
inline constexpr const char* kCorrect = "print(int(input()) * 2)\n";
inline constexpr const char* kWrong = "print(int(input()) + 2)\n";  // passes the first test only (2 -> 4)

/// The sandbox needs root (CI runs as root); tests that judge programs skip without it.
inline bool can_sandbox() {
  return ::geteuid() == 0;
}

/// A copy of the repository's modes/ (the tests edit it).
inline void copy_modes(const fs::path& to) {
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(ARENA_MODES_DIR)) {
    if (entry.path().extension() == ".lua") fs::copy_file(entry.path(), to / entry.path().filename());
  }
}

/// Replaces a file the way editors save: a new file renamed over the old one.
inline void replace_file(const fs::path& path, const std::string& content) {
  fs::path temp = path.parent_path().parent_path() / (path.filename().string() + ".new");
  {
    std::ofstream out(temp, std::ios::binary);
    out << content;
  }
  fs::rename(temp, path);
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Config for a live games host: cheap hashes, generous limits, short countdowns.
inline std::vector<std::string> live_sets(const fs::path& modes_dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {
      "judge.languages_file=" + std::string(ARENA_SOURCE_DIR) + "/tests/judge/languages.json",
      "judge.poll_interval_ms=100",
      std::string("auth.jwt_secret=") + kSecret,
      "auth.argon2.ops_limit=1",
      "auth.argon2.mem_limit_kib=8192",
      "auth.rate_limits.register_per_ip_burst=100000",
      "rooms.rate_limits.joins_burst=100000",
      "rooms.rate_limits.creates_burst=100000",
      "rooms.start_countdown_s=1",
      "realtime.events_per_second=0",
      "realtime.upgrades_per_minute=0",
      "puzzles.seeds_dir=" + std::string(ARENA_SOURCE_DIR) + "/tests/puzzles/fixtures",
      "puzzles.submissions.per_user_burst=100000",
      "modes.path=" + modes_dir.string(),
      "games.countdown_seconds=1",
      "games.grace_seconds=5"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return sets;
}

inline const std::vector<std::string>& live_plugins() {
  static const std::vector<std::string> plugins = {"auth", "judge", "puzzles", "rooms"};
  return plugins;
}

struct User {
  std::string id;
  std::string username;
  std::string token;
  std::map<std::string, std::string> bearer() const { return {{"Authorization", "Bearer " + token}}; }
};

inline User register_user(std::uint16_t port, const std::string& name) {
  json body = {{"username", name}, {"email", name + "@example.com"}, {"password", "correct horse battery"}};
  auto result = http("POST", port, "/api/register", body.dump());
  if (result.status != 201) throw std::runtime_error("register failed: " + result.body);
  auto reply = result.json();
  return {reply["user"]["id"], reply["user"]["username"], reply["access_token"]};
}

inline std::string status(const std::optional<PhoenixFrame>& reply) {
  return reply ? reply->payload.value("status", "") : "no reply";
}
inline json response(const std::optional<PhoenixFrame>& reply) {
  return reply ? reply->payload.value("response", json::object()) : json::object();
}
inline std::string reason(const std::optional<PhoenixFrame>& reply) {
  return reply && reply->payload.value("status", "") == "error" ? reply->payload["response"].value("reason", "") : "";
}
/// Sends an event on a joined topic and waits for its reply.
inline std::optional<PhoenixFrame> request(WebSocketClient& c, const std::string& topic, const std::string& event,
                                           const json& payload = json::object(), int timeout_ms = 10000) {
  return c.reply_to(c.send(topic, event, payload, c.join_ref_of(topic)), timeout_ms);
}

/// The next frame on `topic` named `event` whose payload `match` accepts (others are dropped).
inline std::optional<PhoenixFrame> wait_until(WebSocketClient& c, const std::string& topic, const std::string& event,
                                              const std::function<bool(const json&)>& match, int timeout_ms = 60000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    auto frame = c.wait_for(topic, event, std::max(left, 1));
    if (!frame) return std::nullopt;
    if (match(frame->payload)) return frame;
  }
  return std::nullopt;
}

/// Polls until `probe` returns true (or gives up after `timeout`).
inline bool eventually(const std::function<bool()>& probe,
                       std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (probe()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return probe();
}

inline std::string sql_value(const std::string& url, const std::string& query) {
  pqxx::connection c(url);
  auto rows = pqxx::nontransaction(c).exec(query);
  return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].as<std::string>();
}

/// Creates a room over REST as `host`, both players join it over WebSockets, the host starts
/// it; returns the game id from the room's game_created event (both sockets see it).
inline std::string start_room_game(std::uint16_t port, const User& host, WebSocketClient& host_socket,
                                   WebSocketClient& guest_socket, const json& room_body) {
  auto created = http("POST", port, "/api/game", room_body.dump(), host.bearer());
  if (created.status != 201) throw std::runtime_error("room creation failed: " + created.body);
  std::string room = created.json()["room"]["id"];
  std::string topic = "room:" + room;
  json invite = json::object();
  if (created.json().contains("invite_code")) invite["invite_code"] = created.json()["invite_code"];
  if (status(host_socket.join(topic)) != "ok" || status(guest_socket.join(topic, invite)) != "ok")
    throw std::runtime_error("joining the room failed");
  auto started = request(host_socket, topic, "start_game");
  if (status(started) != "ok") throw std::runtime_error("start_game failed: " + response(started).dump());
  auto announced = host_socket.wait_for(topic, "game_created", 20000);
  if (!announced) throw std::runtime_error("no game_created on the room");
  auto seen = guest_socket.wait_for(topic, "game_created", 5000);
  if (!seen || seen->payload["game_id"] != announced->payload["game_id"])
    throw std::runtime_error("the guest did not see game_created");
  return announced->payload["game_id"];
}

}  // namespace live_games_test
