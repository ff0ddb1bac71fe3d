#include "Room.h"

#include <algorithm>
#include <ctime>

namespace rooms {

const char* to_string(RoomState state) {
  switch (state) {
    case RoomState::Waiting:
      return "waiting";
    case RoomState::Starting:
      return "starting";
  }
  return "waiting";
}

std::string iso_now() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(ms));
  return text;
}

Room::Room(std::string id, RoomOptions options, std::string invite_code, bool matched)
    : id_(std::move(id)),
      options_(std::move(options)),
      invite_code_(std::move(invite_code)),
      matched_(matched),
      created_at_(iso_now()) {}

Member* Room::member(const std::string& user_id) {
  auto it =
      std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.player.user_id == user_id; });
  return it == members_.end() ? nullptr : &*it;
}

const Member* Room::member(const std::string& user_id) const {
  return const_cast<Room*>(this)->member(user_id);
}

Member& Room::add(const Player& player, TimePoint now) {
  members_.push_back(Member{player, iso_now(), {}, now});
  if (host_id_.empty()) host_id_ = player.user_id;
  touch();
  return members_.back();
}

bool Room::remove(const std::string& user_id) {
  auto it =
      std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.player.user_id == user_id; });
  if (it == members_.end()) return false;
  members_.erase(it);
  touch();
  if (host_id_ != user_id) return false;
  // members_ is in join order: the front is the earliest joined remaining member.
  host_id_ = members_.empty() ? "" : members_.front().player.user_id;
  return !members_.empty();
}

bool Room::attach(const std::string& user_id, std::uint64_t socket_id) {
  Member* m = member(user_id);
  if (m == nullptr) return false;
  m->sockets.insert(socket_id);
  bool was_away = m->away_since.has_value();
  m->away_since.reset();
  if (was_away) touch();
  return was_away;
}

bool Room::detach(const std::string& user_id, std::uint64_t socket_id, TimePoint now) {
  Member* m = member(user_id);
  if (m == nullptr || m->sockets.erase(socket_id) == 0) return false;
  if (!m->sockets.empty()) return false;
  m->away_since = now;
  touch();
  return true;
}

std::vector<std::string> Room::expired(TimePoint now, std::chrono::milliseconds grace) const {
  std::vector<std::string> gone;
  for (const auto& m : members_) {
    if (m.away_since && now - *m.away_since >= grace) gone.push_back(m.player.user_id);
  }
  return gone;
}

std::size_t Room::connected_count() const {
  return static_cast<std::size_t>(
      std::count_if(members_.begin(), members_.end(), [](const Member& m) { return !m.sockets.empty(); }));
}

nlohmann::json Room::to_json() const {
  nlohmann::json room = options_.to_json();
  room["id"] = id_;
  room["state"] = to_string(state_);
  room["matched"] = matched_;
  room["created_at"] = created_at_;
  room["version"] = version_;
  room["game_id"] = game_id_.empty() ? nlohmann::json() : nlohmann::json(game_id_);
  nlohmann::json players = nlohmann::json::array();
  for (const auto& m : members_) {
    players.push_back({{"user_id", m.player.user_id},
                       {"username", m.player.username},
                       {"joined_at", m.joined_at},
                       {"connected", !m.sockets.empty()},
                       {"host", m.player.user_id == host_id_}});
  }
  room["players"] = players;
  room["player_count"] = members_.size();
  const Member* h = host();
  room["host"] =
      h ? nlohmann::json{{"user_id", h->player.user_id}, {"username", h->player.username}} : nlohmann::json();
  return room;
}

}  // namespace rooms
