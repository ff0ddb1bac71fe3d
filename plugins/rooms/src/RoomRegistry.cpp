#include "RoomRegistry.h"

#include <algorithm>
#include <random>

namespace rooms {

namespace {
const char* kLobby = "lobby";

bool same_code(const std::string& given, const std::string& expected) {
  std::string upper = given;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (upper.size() != expected.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < upper.size(); ++i) diff |= static_cast<unsigned>(upper[i] ^ expected[i]);
  return diff == 0;
}

nlohmann::json player_json(const Player& p) {
  return {{"user_id", p.user_id}, {"username", p.username}};
}
}  // namespace

std::string random_uuid() {
  std::random_device random;
  unsigned char bytes[16];
  for (int i = 0; i < 16; i += 4) {
    auto word = random();
    for (int j = 0; j < 4; ++j) bytes[i + j] = static_cast<unsigned char>(word >> (8 * j));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += hex[bytes[i] >> 4];
    text += hex[bytes[i] & 0x0F];
  }
  return text;
}

std::string random_invite_code() {
  static const std::string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::random_device random;
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string code;
  for (int i = 0; i < 8; ++i) code += alphabet[pick(random)];
  return code;
}

RoomRegistry::RoomRegistry(std::chrono::milliseconds grace, int countdown_s, MinPlayers min_players, Clock clock)
    : grace_(grace), min_players_(std::move(min_players)), clock_(std::move(clock)), countdown_s_(countdown_s) {}

Room& RoomRegistry::find(const std::string& id) {
  auto it = rooms_.find(id);
  if (it == rooms_.end()) throw RoomError("not_found", 404, "no such room");
  return *it->second;
}

RoomRegistry::Created RoomRegistry::create(const RoomOptions& options, const Player& host, Outbox& out,
                                           const std::vector<Player>& others, bool matched) {
  std::string code = options.is_private || matched ? random_invite_code() : "";
  auto room = std::make_unique<Room>(random_uuid(), options, code, matched);
  auto now = clock_();
  room->add(host, now);
  for (const auto& other : others) room->add(other, now);
  Created created{room->id(), code, room->to_json()};
  std::lock_guard lock(mutex_);
  if (room->open_in_lobby()) out.broadcast(kLobby, "room_created", {{"room", created.room}});
  out.publish("room.created", {{"room", created.room}});
  order_.push_back(room->id());
  rooms_.emplace(room->id(), std::move(room));
  return created;
}

nlohmann::json RoomRegistry::join(const std::string& id, const Player& player, std::uint64_t socket_id,
                                  const std::string& invite_code, Outbox& out) {
  std::lock_guard lock(mutex_);
  Room& room = find(id);
  if (room.member(player.user_id) == nullptr) {
    if (room.barred(player.user_id)) throw RoomError("kicked", 403, "the host removed you from this room");
    if (room.matched()) throw RoomError("not_found", 404, "no such room");
    if (room.options().is_private) {
      if (invite_code.empty())
        throw RoomError("invite_code_required", 403, "this room is private: give its invite code");
      if (!same_code(invite_code, room.invite_code())) throw RoomError("invalid_invite_code", 403, "wrong invite code");
    }
    if (room.state() != RoomState::Waiting) throw RoomError("already_started", 409, "the game has started");
    if (room.full())
      throw RoomError("room_full", 409, "the room is full", {{"max_players", room.options().max_players}});
    room.add(player, clock_());
    room.attach(player.user_id, socket_id);
    out.broadcast(room.topic(), "player_joined", {{"room_id", id}, {"player", player_json(player)}});
    announce_update(room, true, out);
  } else {
    bool reconnected = room.attach(player.user_id, socket_id);
    if (reconnected) announce_update(room, false, out);
  }
  // After its first game a matched room is an ordinary private one: the host starts a rematch.
  if (room.matched() && !room.started_once() && room.state() == RoomState::Waiting &&
      room.connected_count() == room.members().size())
    start_locked(room, out);
  nlohmann::json reply = {{"room", room.to_json()}};
  if (!room.invite_code().empty()) reply["invite_code"] = room.invite_code();
  return reply;
}

void RoomRegistry::socket_left(const std::string& id, const std::string& user_id, std::uint64_t socket_id,
                               Outbox& out) {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(id);
  if (it == rooms_.end()) return;
  if (it->second->detach(user_id, socket_id, clock_())) announce_update(*it->second, false, out);
}

void RoomRegistry::leave(const std::string& id, const std::string& user_id, Outbox& out) {
  std::lock_guard lock(mutex_);
  Room& room = find(id);
  if (room.member(user_id) == nullptr) throw RoomError("not_a_member", 403, "you are not in this room");
  remove_member(room, user_id, "left", out);
}

void RoomRegistry::kick(const std::string& id, const std::string& by_user, const std::string& target, Outbox& out) {
  std::lock_guard lock(mutex_);
  Room& room = find(id);
  if (room.host_id() != by_user) throw RoomError("not_host", 403, "only the host may kick");
  if (target == by_user) throw RoomError("invalid", 422, "the host cannot kick themselves", {{"user_id", "is you"}});
  if (room.member(target) == nullptr)
    throw RoomError("not_a_member", 404, "no such player in this room", {{"user_id", "not in this room"}});
  room.bar(target);
  out.push_user(target, room.topic(), "kicked", {{"room_id", id}, {"reason", "kicked by the host"}});
  remove_member(room, target, "kicked", out);
}

nlohmann::json RoomRegistry::start(const std::string& id, const std::string& by_user, Outbox& out) {
  std::lock_guard lock(mutex_);
  Room& room = find(id);
  if (room.member(by_user) == nullptr) throw RoomError("not_a_member", 403, "you are not in this room");
  if (room.host_id() != by_user) throw RoomError("not_host", 403, "only the host may start the game");
  if (room.state() != RoomState::Waiting) throw RoomError("already_started", 409, "the game has started");
  std::size_t needed = min_players_(room.options().mode);
  std::size_t present = room.connected_count();
  if (present < needed)
    throw RoomError("not_enough_players", 409,
                    "this mode needs at least " + std::to_string(needed) + " connected players",
                    {{"min_players", needed}, {"players", present}});
  start_locked(room, out);
  return {{"room", room.to_json()}, {"countdown_seconds", countdown_s_}};
}

void RoomRegistry::start_locked(Room& room, Outbox& out) {
  bool was_listed = room.open_in_lobby();
  room.set_state(RoomState::Starting);
  room.touch();
  auto starts_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch() + std::chrono::seconds(countdown_s_))
                       .count();
  nlohmann::json room_json = room.to_json();
  out.broadcast(room.topic(), "game_starting",
                {{"room_id", room.id()}, {"countdown_seconds", countdown_s_}, {"starts_at_ms", starts_at}});
  out.broadcast(room.topic(), "room_updated", {{"room", room_json}});
  if (was_listed) out.broadcast(kLobby, "room_deleted", {{"id", room.id()}, {"reason", "started"}});
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : room.members()) members.push_back(player_json(m.player));
  // The game loop (next issue) takes over from this event.
  out.publish(
      "room.started",
      {{"room", room_json}, {"members", members}, {"countdown_seconds", countdown_s_}, {"starts_at_ms", starts_at}});
}

void RoomRegistry::game_created(const std::string& id, const std::string& game_id, Outbox& out) {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(id);
  if (it == rooms_.end()) return;
  it->second->set_game_id(game_id);
  it->second->touch();
  announce_update(*it->second, false, out);
}

void RoomRegistry::game_over(const std::string& id, const std::string& game_id, Outbox& out) {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(id);
  if (it == rooms_.end()) return;
  Room& room = *it->second;
  room.set_state(RoomState::Waiting);
  room.touch();
  out.broadcast(room.topic(), "game_finished", {{"room_id", id}, {"game_id", game_id}});
  announce_update(room, true, out);
}

std::optional<RoomOptions> RoomRegistry::options(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(id);
  if (it == rooms_.end()) return std::nullopt;
  return it->second->options();
}

void RoomRegistry::sweep(Outbox& out) {
  std::lock_guard lock(mutex_);
  auto now = clock_();
  std::vector<std::string> ids;
  for (const auto& [id, room] : rooms_) ids.push_back(id);
  for (const auto& id : ids) {
    Room& room = *rooms_.at(id);
    for (const auto& user_id : room.expired(now, grace_)) {
      remove_member(room, user_id, "timeout", out);
      if (rooms_.count(id) == 0) break;  // the room went with its last member
    }
  }
}

void RoomRegistry::remove_member(Room& room, const std::string& user_id, const std::string& reason, Outbox& out) {
  const Member* member = room.member(user_id);
  Player player = member->player;
  std::set<std::uint64_t> sockets = member->sockets;
  bool host_changed = room.remove(user_id);
  // Its sockets get phx_close: they no longer belong on the topic.
  for (auto socket : sockets) out.kick(socket, room.topic());
  if (room.empty()) {
    delete_room(room.id(), "empty", out);
    return;
  }
  out.broadcast(room.topic(), "player_left",
                {{"room_id", room.id()}, {"player", player_json(player)}, {"reason", reason}});
  if (host_changed)
    out.broadcast(room.topic(), "host_changed", {{"room_id", room.id()}, {"host", player_json(room.host()->player)}});
  announce_update(room, true, out);
}

void RoomRegistry::announce_update(const Room& room, bool lobby, Outbox& out) {
  nlohmann::json room_json = room.to_json();
  out.broadcast(room.topic(), "room_updated", {{"room", room_json}});
  if (lobby && room.open_in_lobby()) out.broadcast(kLobby, "room_updated", {{"room", room_json}});
}

void RoomRegistry::delete_room(std::string id, const std::string& reason, Outbox& out) {
  // `id` is a copy: the room that owns the caller's string is destroyed below.
  auto it = rooms_.find(id);
  if (it == rooms_.end()) return;
  if (it->second->open_in_lobby()) out.broadcast(kLobby, "room_deleted", {{"id", id}, {"reason", reason}});
  out.broadcast(it->second->topic(), "room_deleted", {{"id", id}, {"reason", reason}});
  out.publish("room.deleted", {{"id", id}, {"reason", reason}});
  rooms_.erase(it);
  order_.erase(std::remove(order_.begin(), order_.end(), id), order_.end());
}

std::optional<nlohmann::json> RoomRegistry::view(const std::string& id, const std::string& viewer_user,
                                                 const std::string& invite_code) const {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(id);
  if (it == rooms_.end()) return std::nullopt;
  const Room& room = *it->second;
  bool member = !viewer_user.empty() && room.member(viewer_user) != nullptr;
  bool has_code = !room.invite_code().empty() && !room.matched() && same_code(invite_code, room.invite_code());
  if ((room.options().is_private || room.matched()) && !member && !has_code) return std::nullopt;
  nlohmann::json view = {{"room", room.to_json()}};
  if ((member || has_code) && !room.invite_code().empty()) view["invite_code"] = room.invite_code();
  return view;
}

std::optional<Player> RoomRegistry::member(const std::string& id, const std::string& user_id) const {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(id);
  if (it == rooms_.end()) return std::nullopt;
  const Member* m = it->second->member(user_id);
  if (m == nullptr) return std::nullopt;
  return m->player;
}

nlohmann::json RoomRegistry::open_rooms() const {
  std::lock_guard lock(mutex_);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& id : order_) {
    const Room& room = *rooms_.at(id);
    if (room.open_in_lobby()) list.push_back(room.to_json());
  }
  return list;
}

std::size_t RoomRegistry::size() const {
  std::lock_guard lock(mutex_);
  return rooms_.size();
}

}  // namespace rooms
