#pragma once

#include "Outbox.h"
#include "Room.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

namespace rooms {

/// A refused room operation: `reason` is the machine-readable word ("room_full"), `status`
/// the HTTP status a route answers with.
class RoomError : public std::runtime_error {
 public:
  RoomError(std::string reason, int status, const std::string& message,
            nlohmann::json details = nlohmann::json::object())
      : std::runtime_error(message), reason_(std::move(reason)), status_(status), details_(std::move(details)) {}
  const std::string& reason() const { return reason_; }
  int status() const { return status_; }
  const nlohmann::json& details() const { return details_; }

 private:
  std::string reason_;
  int status_;
  nlohmann::json details_;
};

/// Every waiting room, in memory, and the rules between rooms, members and the lobby. Each
/// operation appends what must be sent to an Outbox (the caller delivers it after the call,
/// outside this class's lock). Thread-safe. Time comes from the injected clock.
class RoomRegistry {
 public:
  using Clock = std::function<TimePoint()>;
  /// The least players a mode needs to start.
  using MinPlayers = std::function<std::size_t(const std::string& mode)>;

  /// `grace`: how long an away member stays; `countdown_s`: announced by game_starting.
  RoomRegistry(std::chrono::milliseconds grace, int countdown_s, MinPlayers min_players,
               Clock clock = std::chrono::steady_clock::now);

  struct Created {
    std::string id;
    std::string invite_code;  ///< "" for public rooms
    nlohmann::json room;
  };
  /// Creates a room with `host` as its first member (away until a socket joins) and the
  /// `others` after it. `matched`: a matchmaking room, joinable by its members only.
  Created create(const RoomOptions& options, const Player& host, Outbox& out, const std::vector<Player>& others = {},
                 bool matched = false);

  /// A socket of `player` joins room:<id>. New members need the invite code of a private room,
  /// a free seat and a waiting room; members (even away ones) come back without conditions.
  /// Returns {"room", "invite_code" (private rooms)}.
  nlohmann::json join(const std::string& id, const Player& player, std::uint64_t socket_id,
                      const std::string& invite_code, Outbox& out);
  /// A socket left room:<id> (phx_leave, closed socket, kick): the member stays, away.
  void socket_left(const std::string& id, const std::string& user_id, std::uint64_t socket_id, Outbox& out);
  /// The member leaves the room for good (the `leave` event).
  void leave(const std::string& id, const std::string& user_id, Outbox& out);
  /// The host removes `target` and bars them from coming back.
  void kick(const std::string& id, const std::string& by_user, const std::string& target, Outbox& out);
  /// The host starts the game once the mode's least players are connected: Starting state,
  /// game_starting, the "room.started" bus event. Matched rooms start by themselves once every
  /// matched player is connected.
  nlohmann::json start(const std::string& id, const std::string& by_user, Outbox& out);
  /// The game loop made game `game_id` of a started room: the room shows it (room_updated), so
  /// members who reconnect find the game. Unknown rooms are ignored.
  void game_created(const std::string& id, const std::string& game_id, Outbox& out);
  /// The room's game ended: the room waits again (a rematch needs only another start) and
  /// its members get "game_finished" {room_id, game_id}. Unknown rooms are ignored.
  void game_over(const std::string& id, const std::string& game_id, Outbox& out);
  /// Removes members away past the grace period and deletes rooms left empty.
  void sweep(Outbox& out);

  /// The room as `viewer` may see it: public rooms to anyone; private ones to members and to
  /// holders of the invite code (nullopt otherwise, as for an unknown id). Members and code
  /// holders also get "invite_code".
  std::optional<nlohmann::json> view(const std::string& id, const std::string& viewer_user,
                                     const std::string& invite_code) const;
  /// The options a room was created with, or nullopt for an unknown room.
  std::optional<RoomOptions> options(const std::string& id) const;
  /// A member's name in the room, or nullopt when `user_id` is not a member.
  std::optional<Player> member(const std::string& id, const std::string& user_id) const;
  /// The rooms the lobby lists: public, waiting, not matched; oldest first.
  nlohmann::json open_rooms() const;
  std::size_t size() const;

 private:
  Room& find(const std::string& id);
  void remove_member(Room& room, const std::string& user_id, const std::string& reason, Outbox& out);
  void start_locked(Room& room, Outbox& out);
  void announce_update(const Room& room, bool lobby, Outbox& out);
  void delete_room(std::string id, const std::string& reason, Outbox& out);

  std::chrono::milliseconds grace_;
  MinPlayers min_players_;
  Clock clock_;
  int countdown_s_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Room>> rooms_;
  std::vector<std::string> order_;  // creation order, for the lobby list
};

/// A random UUID (version 4).
std::string random_uuid();
/// A random invite code: 8 characters of an alphabet without look-alikes.
std::string random_invite_code();

}  // namespace rooms
