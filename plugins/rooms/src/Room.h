#pragma once

#include "RoomOptions.h"

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rooms {

using TimePoint = std::chrono::steady_clock::time_point;

/// A room's life before the game loop takes it: players gather in Waiting; start_game moves
/// it to Starting (the countdown), where the game issue's loop takes over.
enum class RoomState { Waiting, Starting };
const char* to_string(RoomState state);

/// A user as rooms know them.
struct Player {
  std::string user_id;
  std::string username;
};

/// A member of a room. Membership belongs to the user, not to a socket: a member whose
/// sockets all closed is "away" and stays a member for the reconnect grace period.
struct Member {
  Player player;
  std::string joined_at;                ///< ISO 8601, UTC
  std::set<std::uint64_t> sockets;      ///< the member's sockets joined to room:<id>
  std::optional<TimePoint> away_since;  ///< set while no socket is joined
};

/// One waiting room: plain data and the small rules that touch only itself. Not thread-safe
/// (RoomRegistry locks around it).
class Room {
 public:
  Room(std::string id, RoomOptions options, std::string invite_code, bool matched);

  const std::string& id() const { return id_; }
  std::string topic() const { return "room:" + id_; }
  const RoomOptions& options() const { return options_; }
  RoomState state() const { return state_; }
  void set_state(RoomState state) {
    if (state == RoomState::Starting) started_once_ = true;
    state_ = state;
  }
  /// Whether a game ever started here (a matched room starts by itself only the first time).
  bool started_once() const { return started_once_; }
  const std::string& invite_code() const { return invite_code_; }
  /// Created by the matchmaker: only its matched players may join.
  bool matched() const { return matched_; }
  /// Public, waiting, not a matchmaking room: listed in the lobby.
  bool open_in_lobby() const { return state_ == RoomState::Waiting && !options_.is_private && !matched_; }
  bool full() const { return members_.size() >= options_.max_players; }
  bool empty() const { return members_.empty(); }

  /// Members in join order (the first is the earliest joined).
  const std::vector<Member>& members() const { return members_; }
  Member* member(const std::string& user_id);
  const Member* member(const std::string& user_id) const;
  const Member* host() const { return member(host_id_); }
  const std::string& host_id() const { return host_id_; }

  /// Adds a member with no socket yet (away since `now`). The first member becomes host.
  Member& add(const Player& player, TimePoint now);
  /// Removes a member; when it was the host, the earliest joined remaining member becomes
  /// host. Returns true when the host changed.
  bool remove(const std::string& user_id);
  /// A member's socket joined the topic; true when the member was away (a reconnect).
  bool attach(const std::string& user_id, std::uint64_t socket_id);
  /// A member's socket left the topic; true when the member has no socket left (now away).
  bool detach(const std::string& user_id, std::uint64_t socket_id, TimePoint now);
  /// Members away for `grace` or longer at `now`.
  std::vector<std::string> expired(TimePoint now, std::chrono::milliseconds grace) const;
  std::size_t connected_count() const;

  /// Kicked users may not come back.
  void bar(const std::string& user_id) { barred_.insert(user_id); }
  bool barred(const std::string& user_id) const { return barred_.count(user_id) > 0; }

  /// The game the room's last start made (the game loop says so), or "".
  const std::string& game_id() const { return game_id_; }
  void set_game_id(std::string id) { game_id_ = std::move(id); }

  /// Bumped on every change that the room's JSON shows; clients keep the highest.
  std::uint64_t version() const { return version_; }
  void touch() { ++version_; }

  /// {"id", "mode", "puzzle", "visibility", "max_players", "duration_seconds",
  ///  "allowed_languages", "rated", "state", "matched", "host": {"user_id", "username"},
  ///  "players": [{"user_id", "username", "joined_at", "connected", "host"}], "player_count",
  ///  "created_at", "version", "game_id"}. Never the invite code.
  nlohmann::json to_json() const;

 private:
  std::string id_;
  RoomOptions options_;
  std::string invite_code_;
  bool matched_;
  RoomState state_ = RoomState::Waiting;
  std::string created_at_;
  std::vector<Member> members_;
  std::string host_id_;
  std::set<std::string> barred_;
  std::uint64_t version_ = 1;
  std::string game_id_;
  bool started_once_ = false;
};

/// The current time as ISO 8601 UTC with milliseconds ("2026-01-02T03:04:05.678Z").
std::string iso_now();

}  // namespace rooms
