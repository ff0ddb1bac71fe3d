#include "games/GameChannel.h"

namespace arena::games {

using nlohmann::json;

namespace {
constexpr std::size_t kMaxLiveCode = 64 * 1024;
}

GameChannel::GameChannel(GameLoop& loop, GameJudging& judging, Channels& channels, IsPublic is_public,
                         int leave_after_s)
    : loop_(loop),
      judging_(judging),
      channels_(channels),
      is_public_(std::move(is_public)),
      leave_after_s_(leave_after_s) {}

std::string GameChannel::game_id(const std::string& topic) {
  return topic.substr(topic.find(':') + 1);
}

json GameChannel::join(const std::string& topic, const json&, const Subscriber& who) {
  std::string id = game_id(topic);
  auto visibility = is_public_ ? is_public_(id) : std::optional<bool>();
  if (!visibility) throw ChannelError("not_found", {{"message", "no such game"}});
  bool may_watch = *visibility;
  const std::string user = who.principal.user_id;
  struct Joined {
    json reply;
    bool player = false;
  };
  // By value: after a timeout the input may still run, after this frame is gone.
  auto joined = loop_.call<Joined>(id, "join", [user, may_watch](GameSession& session, std::int64_t) {
    Joined out;
    out.player = session.is_player(user);
    if (!out.player && !may_watch) throw ChannelError("not_a_player", {{"message", "this game is private"}});
    if (out.player) session.set_connected(user, true);
    out.reply = {{"game", session.summary()},
                 {"view", session.view(out.player ? user : std::string())},
                 {"standings", session.standings()}};
    out.reply["player"] = out.player;
    return out;
  });
  if (!joined && loop_.contains(id)) throw ChannelError("busy", {{"message", "the game did not answer in time"}});
  if (!joined) throw ChannelError("not_found", {{"message", "no such game"}});
  if (joined->player) {
    std::lock_guard lock(mutex_);
    players_[id][user].sockets.insert(who.socket_id);
  }
  channels_.track(topic, who, {{"player", joined->player}});
  return joined->reply;
}

json GameChannel::handle(const std::string& topic, const std::string& event, const json& payload,
                         const Subscriber& who) {
  std::string id = game_id(topic);
  const std::string user = who.principal.user_id;
  if (event == "code_update") {
    if (!payload.is_object() || !payload.contains("code") || !payload["code"].is_string())
      throw ChannelError("invalid", {{"message", "code must be a string"}});
    std::string code = payload["code"].get<std::string>();
    if (code.size() > kMaxLiveCode) throw ChannelError("invalid", {{"message", "the code is too long"}});
    // Throttled by the session (latest wins); nothing to wait for.
    if (!loop_.post(id, "code_update", [user, code = std::move(code)](GameSession& session, std::int64_t now) {
          if (session.is_player(user)) session.code_update(user, code, now);
        }))
      throw ChannelError("not_found", {{"message", "no such game"}});
    return json::object();
  }
  if (event == "submit_code") return judging_.submit(id, user, payload);
  if (event == "run_code") return judging_.run(id, user, payload);
  if (event == "leave_game") {
    auto left = loop_.call<bool>(id, "leave", [user](GameSession& session, std::int64_t now) {
      if (!session.is_player(user)) return false;
      session.leave(user, now);
      return true;
    });
    if (!left) throw ChannelError("not_found", {{"message", "no such game"}});
    if (!*left) throw ChannelError("not_a_player", {{"message", "you are not playing this game"}});
    return {{"left", true}};
  }
  throw ChannelError("unknown event");
}

bool GameChannel::connected(const std::string& game_id, const std::string& user_id, std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  auto game = players_.find(game_id);
  if (game == players_.end()) return false;
  auto player = game->second.find(user_id);
  if (player == game->second.end()) return false;
  return !player->second.sockets.empty() || player->second.generation != generation;
}

void GameChannel::leave(const std::string& topic, const Subscriber& who) {
  std::string id = game_id(topic);
  const std::string user = who.principal.user_id;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    auto game = players_.find(id);
    if (game == players_.end()) return;
    auto player = game->second.find(user);
    if (player == game->second.end()) return;
    player->second.sockets.erase(who.socket_id);
    if (!player->second.sockets.empty()) return;
    generation = ++player->second.generation;
  }
  loop_.post(id, "disconnect", [user](GameSession& session, std::int64_t) { session.set_connected(user, false); });
  leave_unless_back(id, user, generation);
}

// Gone for good unless a socket comes back in time (a later disconnect bumps the generation
// and sets its own timer, so this one then does nothing).
void GameChannel::leave_unless_back(const std::string& id, const std::string& user, std::uint64_t generation) {
  loop_.post_at(id, wall_ms() + std::int64_t{leave_after_s_} * 1000, "leave_after",
                [this, id, user, generation](GameSession& session, std::int64_t now) {
                  if (connected(id, user, generation) || session.over()) return;
                  session.leave(user, now);
                });
}

void GameChannel::await_players(const std::string& game_id, const std::vector<std::string>& user_ids) {
  std::vector<std::pair<std::string, std::uint64_t>> timers;
  {
    std::lock_guard lock(mutex_);
    auto& game = players_[game_id];
    for (const auto& user : user_ids) {
      auto& presence = game[user];
      if (presence.sockets.empty()) timers.emplace_back(user, ++presence.generation);
    }
  }
  for (const auto& [user, generation] : timers) leave_unless_back(game_id, user, generation);
}

void GameChannel::forget(const std::string& game_id) {
  std::lock_guard lock(mutex_);
  players_.erase(game_id);
}

}  // namespace arena::games
