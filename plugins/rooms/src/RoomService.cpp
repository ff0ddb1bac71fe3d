#include "RoomService.h"

#include <arena/HttpError.h>

#include <set>

namespace rooms {

std::string trim(const std::string& text) {
  const char* space = " \t\n\r\f\v";
  auto first = text.find_first_not_of(space);
  if (first == std::string::npos) return "";
  auto last = text.find_last_not_of(space);
  return text.substr(first, last - first + 1);
}

std::size_t utf8_length(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

RoomService::RoomService(const RoomsSettings& settings, arena::Database& database, arena::Channels& channels,
                         arena::EventBus& events, std::shared_ptr<spdlog::logger> logger, RoomRegistry::Clock clock)
    : settings_(settings),
      channels_(channels),
      events_(events),
      logger_(std::move(logger)),
      clock_(clock),
      modes_(std::make_shared<const ModeTable>(builtin_modes())),
      registry_(
          settings.reconnect_grace, settings.start_countdown_s,
          [this](const std::string& mode) {
            auto table = modes();
            const ModeInfo* info = table->find(mode);
            return info ? info->min_players : std::size_t{2};
          },
          clock),
      matchmaker_(settings.matchmaking),
      chat_(database),
      blocks_(database, settings.blocked_cache, clock),
      ratings_(database, settings.default_rating),
      chat_limit_(settings.chat_per_user),
      join_limit_(settings.joins_per_user),
      create_limit_(settings.creates_per_user),
      enqueue_limit_(settings.enqueues_per_user) {}

void RoomService::set_modes(ModeTable modes) {
  auto table = std::make_shared<const ModeTable>(std::move(modes));
  {
    std::lock_guard lock(modes_mutex_);
    modes_ = table;
  }
  channels_.broadcast("lobby", "modes", {{"modes", table->to_json()}});
}

std::shared_ptr<const ModeTable> RoomService::modes() const {
  std::lock_guard lock(modes_mutex_);
  return modes_;
}

void RoomService::set_option_sources(std::function<std::optional<std::vector<arena::LanguageInfo>>()> languages,
                                     std::function<bool(const std::string&)> puzzle_exists) {
  languages_ = std::move(languages);
  puzzle_exists_ = std::move(puzzle_exists);
}

RoomOptions RoomService::parse_options(const nlohmann::json& body) const {
  auto table = modes();
  OptionRules rules;
  rules.modes = table.get();
  if (languages_) rules.languages = languages_();
  rules.puzzle_exists = puzzle_exists_;
  return parse_room_options(body, rules);
}

void RoomService::limit(arena::RateLimiter& limiter, const std::string& user_id, const char* what) {
  int wait = limiter.take(user_id, clock_());
  if (wait > 0)
    throw RoomError("rate_limited", 429, std::string("too many ") + what + ", retry later", {{"retry_after", wait}});
}

nlohmann::json RoomService::create_room(const arena::Principal& host, const nlohmann::json& body) {
  RoomOptions options = parse_options(body);
  limit(create_limit_, host.user_id, "rooms created");
  Outbox out;
  auto created = registry_.create(options, {host.user_id, host.username}, out);
  deliver(out);
  nlohmann::json reply = {{"room", created.room}};
  if (!created.invite_code.empty()) reply["invite_code"] = created.invite_code;
  return reply;
}

nlohmann::json RoomService::join_lobby(const arena::Subscriber& who) {
  limit(join_limit_, who.principal.user_id, "joins");
  return {{"rooms", registry_.open_rooms()}, {"modes", modes()->to_json()}};
}

nlohmann::json RoomService::join_room(const std::string& id, const arena::Subscriber& who,
                                      const nlohmann::json& payload) {
  limit(join_limit_, who.principal.user_id, "joins");
  std::string code;
  if (payload.is_object() && payload.contains("invite_code") && payload["invite_code"].is_string())
    code = payload["invite_code"].get<std::string>();
  Outbox out;
  nlohmann::json reply = registry_.join(id, {who.principal.user_id, who.principal.username}, who.socket_id, code, out);
  try {
    // History, without the messages of users the joiner blocked.
    auto messages = chat_.recent(id, settings_.chat_history);
    auto blocked = blocks_.blocked_by({who.principal.user_id})[who.principal.user_id];
    nlohmann::json visible = nlohmann::json::array();
    for (auto& message : messages) {
      if (!blocked.count(message["user_id"].get<std::string>())) visible.push_back(std::move(message));
    }
    reply["messages"] = visible;
  } catch (const std::exception& e) {
    logger_->warn("rooms: chat history of {} unavailable: {}", id, e.what());
    reply["messages"] = nlohmann::json::array();
  }
  channels_.track("room:" + id, who, {{"online_at", iso_now()}});
  deliver(out);
  return reply;
}

void RoomService::socket_left(const std::string& id, const arena::Subscriber& who) {
  Outbox out;
  registry_.socket_left(id, who.principal.user_id, who.socket_id, out);
  deliver(out);
}

nlohmann::json RoomService::leave_room(const std::string& id, const arena::Subscriber& who) {
  Outbox out;
  registry_.leave(id, who.principal.user_id, out);
  deliver(out);
  return {{"left", true}};
}

nlohmann::json RoomService::kick(const std::string& id, const arena::Subscriber& who, const nlohmann::json& payload) {
  if (!payload.is_object() || !payload.contains("user_id") || !payload["user_id"].is_string())
    throw RoomError("invalid", 422, "user_id is required", {{"user_id", "the id of the player to remove"}});
  Outbox out;
  registry_.kick(id, who.principal.user_id, payload["user_id"].get<std::string>(), out);
  deliver(out);
  return {{"kicked", payload["user_id"]}};
}

nlohmann::json RoomService::start_game(const std::string& id, const arena::Subscriber& who) {
  Outbox out;
  auto reply = registry_.start(id, who.principal.user_id, out);
  deliver(out);
  return reply;
}

void RoomService::game_created(const std::string& room_id, const std::string& game_id) {
  Outbox out;
  registry_.game_created(room_id, game_id, out);
  deliver(out);
}

void RoomService::game_over(const std::string& room_id, const std::string& game_id, const nlohmann::json& finished) {
  auto options = registry_.options(room_id);
  Outbox out;
  registry_.game_over(room_id, game_id, out);
  deliver(out);
  if (!options || !options->rated || finished.value("state", "") != "finished") return;
  std::vector<Placing> placings;
  for (const auto& row : finished.value("standings", nlohmann::json::array())) {
    if (row.is_object() && row.contains("player") && row["player"].is_string() && row.contains("place") &&
        row["place"].is_number_integer())
      placings.push_back({row["player"].get<std::string>(), row["place"].get<int>()});
  }
  if (placings.size() < 2) return;
  try {
    auto changes = ratings_.rate_game(game_id, options->mode, placings);
    if (changes)
      channels_.broadcast("room:" + room_id, "ratings_updated",
                          {{"game_id", game_id}, {"mode", options->mode}, {"changes", *changes}});
  } catch (const std::exception& e) {
    logger_->error("rooms: rating game {} failed: {}", game_id, e.what());
  }
}

nlohmann::json RoomService::chat(const std::string& id, const arena::Subscriber& who, const nlohmann::json& payload) {
  const std::string& sender = who.principal.user_id;
  std::string body;
  if (payload.is_object() && payload.contains("body") && payload["body"].is_string())
    body = trim(payload["body"].get<std::string>());
  std::size_t length = utf8_length(body);
  if (length == 0 || length > settings_.chat_max_chars)
    throw RoomError("invalid", 422, "a message is 1 to " + std::to_string(settings_.chat_max_chars) + " characters",
                    {{"body", "1 to " + std::to_string(settings_.chat_max_chars) + " characters after trimming"}});
  auto player = registry_.member(id, sender);
  if (!player) throw RoomError("not_a_member", 403, "you are not in this room");
  limit(chat_limit_, sender, "chat messages");

  auto stored = chat_.insert(id, sender, body);
  if (chat_counter_) chat_counter_->inc();
  nlohmann::json message = {{"id", stored["id"]},           {"room_id", id}, {"user_id", sender},
                            {"username", player->username}, {"body", body},  {"sent_at", stored["created_at"]}};
  std::string topic = "room:" + id;
  auto subscribers = channels_.subscribers(topic);
  std::vector<std::string> users;
  for (const auto& s : subscribers) users.push_back(s.principal.user_id);
  auto blocked = blocks_.blocked_by(users);
  for (const auto& s : subscribers) {
    if (blocked[s.principal.user_id].count(sender)) continue;
    channels_.push(s.socket_id, topic, "chat_message", message);
  }
  return {{"message", message}};
}

nlohmann::json RoomService::enqueue(const arena::Principal& user, const nlohmann::json& body) {
  auto table = modes();
  std::string mode =
      body.is_object() && body.contains("mode") && body["mode"].is_string() ? body["mode"].get<std::string>() : "";
  std::transform(mode.begin(), mode.end(), mode.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (table->find(mode) == nullptr)
    throw arena::errors::validation("invalid matchmaking request", {{"mode", "one of the game modes"}});
  limit(enqueue_limit_, user.user_id, "enqueues");
  int rating = ratings_.rating(user.user_id, mode);
  {
    std::lock_guard lock(matches_mutex_);
    last_match_.erase(user.user_id);
  }
  matchmaker_.enqueue({{user.user_id, user.username}, mode, rating, clock_()});
  return {{"queued", true}, {"mode", mode}, {"rating", rating}, {"window", matchmaker_.window({})}};
}

nlohmann::json RoomService::queue_status(const std::string& user_id) const {
  auto entry = matchmaker_.entry(user_id);
  if (!entry) {
    nlohmann::json status = {{"queued", false}};
    std::lock_guard lock(matches_mutex_);
    auto it = last_match_.find(user_id);
    // A match is news until its room starts: afterwards the room is an ordinary one.
    if (it != last_match_.end()) {
      auto room = registry_.view(it->second["room_id"], user_id, "");
      if (room && registry_.member(it->second["room_id"], user_id) && (*room)["room"]["state"] == "waiting" &&
          (*room)["room"]["game_id"].is_null())
        status["match"] = it->second;
    }
    return status;
  }
  auto waited = clock_() - entry->since;
  return {{"queued", true},
          {"mode", entry->mode},
          {"rating", entry->rating},
          {"waited_seconds", std::chrono::duration_cast<std::chrono::seconds>(waited).count()},
          {"window", matchmaker_.window(waited)}};
}

void RoomService::set_metrics(arena::Metrics& metrics) {
  rooms_gauge_ = &metrics.gauge("arena_rooms_rooms", "Rooms in memory (waiting or starting)");
  queued_gauge_ = &metrics.gauge("arena_rooms_matchmaking_queued", "Players waiting for a match");
  chat_counter_ = &metrics.counter("arena_rooms_chat_messages_total", "Chat messages stored");
  matches_counter_ = &metrics.counter("arena_rooms_matches_total", "Matches the matchmaker formed");
}

void RoomService::tick() {
  Outbox out;
  registry_.sweep(out);
  deliver(out);
  if (rooms_gauge_) rooms_gauge_->set(static_cast<double>(registry_.size()));
  if (queued_gauge_) queued_gauge_->set(static_cast<double>(matchmaker_.size()));
  for (auto& match : matchmaker_.take_matches(clock_())) {
    auto table = modes();
    const ModeInfo* info = table->find(match.mode);
    RoomOptions options;
    options.mode = match.mode;
    options.is_private = true;
    options.max_players = match.players.size();
    options.duration_seconds = info ? info->default_duration_s : 900;
    options.rated = true;
    std::vector<Player> others;
    for (std::size_t i = 1; i < match.players.size(); ++i) others.push_back(match.players[i].player);
    Outbox created_out;
    auto created = registry_.create(options, match.players.front().player, created_out, others, /*matched=*/true);
    deliver(created_out);
    nlohmann::json players = nlohmann::json::array();
    for (const auto& p : match.players)
      players.push_back({{"user_id", p.player.user_id}, {"username", p.player.username}, {"rating", p.rating}});
    nlohmann::json found = {{"room_id", created.id}, {"mode", match.mode}, {"players", players}};
    {
      std::lock_guard lock(matches_mutex_);
      if (last_match_.size() > 100000) last_match_.clear();
      for (const auto& p : match.players) last_match_[p.player.user_id] = found;
    }
    for (const auto& p : match.players)
      channels_.push_user(p.player.user_id, "user:" + p.player.user_id, "match_found", found);
    events_.publish("match.found", found);
    if (matches_counter_) matches_counter_->inc();
  }
}

void RoomService::deliver(const Outbox& out) {
  for (const auto& item : out.items()) {
    try {
      switch (item.kind) {
        case Outgoing::Kind::Broadcast:
          channels_.broadcast(item.topic, item.event, item.payload);
          break;
        case Outgoing::Kind::PushUser:
          channels_.push_user(item.user_id, item.topic, item.event, item.payload);
          break;
        case Outgoing::Kind::Kick:
          channels_.kick(item.socket_id, item.topic);
          break;
        case Outgoing::Kind::Publish:
          events_.publish(item.event, item.payload);
          break;
      }
    } catch (const std::exception& e) {
      logger_->error("rooms: delivering {} on {} failed: {}", item.event, item.topic, e.what());
    }
  }
}

}  // namespace rooms
