#pragma once

#include "BlockLists.h"
#include "ChatStore.h"
#include "Matchmaker.h"
#include "Ratings.h"
#include "RoomOptions.h"
#include "RoomRegistry.h"
#include "RoomsSettings.h"

#include <arena/Channels.h>
#include <arena/Database.h>
#include <arena/EventBus.h>
#include <arena/Metrics.h>
#include <arena/Principal.h>
#include <arena/RateLimiter.h>

#include <spdlog/logger.h>
#include <map>
#include <memory>
#include <mutex>

namespace rooms {

/// The rooms plugin's one door: routes and channel handlers parse, call this, and render.
/// It owns the room registry, the matchmaker, chat storage and the rate limits, and delivers
/// what they produce through the SDK's Channels and EventBus. Refusals are RoomError (and
/// arena::HttpError 422 for invalid options); thread-safe.
class RoomService {
 public:
  RoomService(const RoomsSettings& settings, arena::Database& database, arena::Channels& channels,
              arena::EventBus& events, std::shared_ptr<spdlog::logger> logger,
              RoomRegistry::Clock clock = std::chrono::steady_clock::now);

  // ---- modes and options -------------------------------------------------------------------
  /// Replaces the known modes (the game issue hands over the loaded Lua modes here) and
  /// announces them on the lobby (`modes`).
  void set_modes(ModeTable modes);
  std::shared_ptr<const ModeTable> modes() const;
  /// Where options are checked against: the judge's languages, a puzzle lookup (optional).
  void set_option_sources(std::function<std::optional<std::vector<arena::LanguageInfo>>()> languages,
                          std::function<bool(const std::string&)> puzzle_exists);
  RoomOptions parse_options(const nlohmann::json& body) const;

  // ---- REST and lobby ----------------------------------------------------------------------
  /// Creates a room hosted by `host` from a create request; {"room", "invite_code"?}.
  nlohmann::json create_room(const arena::Principal& host, const nlohmann::json& body);
  nlohmann::json open_rooms() const { return registry_.open_rooms(); }
  std::optional<nlohmann::json> view(const std::string& id, const std::string& viewer, const std::string& code) const {
    return registry_.view(id, viewer, code);
  }
  /// A socket joins `lobby`: {"rooms", "modes"}.
  nlohmann::json join_lobby(const arena::Subscriber& who);

  // ---- room topics -------------------------------------------------------------------------
  /// A socket joins room:<id>: {"room", "invite_code"?, "messages"}; tracks its presence.
  nlohmann::json join_room(const std::string& id, const arena::Subscriber& who, const nlohmann::json& payload);
  void socket_left(const std::string& id, const arena::Subscriber& who);
  nlohmann::json leave_room(const std::string& id, const arena::Subscriber& who);
  nlohmann::json kick(const std::string& id, const arena::Subscriber& who, const nlohmann::json& payload);
  nlohmann::json start_game(const std::string& id, const arena::Subscriber& who);
  /// The game loop's bus events about a room's game: "game.created" {game_id, room_id} and
  /// "game.finished" {game_id, room_id} (see RoomRegistry::game_created / game_over).
  void game_created(const std::string& room_id, const std::string& game_id);
  /// `finished` is the game.finished payload: a rated room's finished game changes its
  /// players' ratings (Elo over the standings' places) and the room gets "ratings_updated"
  /// {game_id, mode, changes: [{user_id, before, after}]}.
  void game_over(const std::string& room_id, const std::string& game_id,
                 const nlohmann::json& finished = nlohmann::json::object());
  /// Stores a message and pushes it to the room's sockets, except those of users who
  /// blocked the sender. {"message"}.
  nlohmann::json chat(const std::string& id, const arena::Subscriber& who, const nlohmann::json& payload);

  // ---- matchmaking -------------------------------------------------------------------------
  /// {"queued": true, "mode", "rating", "window"}. Clears the user's last match.
  nlohmann::json enqueue(const arena::Principal& user, const nlohmann::json& body);
  bool dequeue(const std::string& user_id) { return matchmaker_.dequeue(user_id); }
  /// {"queued": false, "match"?: match_found payload of the user's last match while its room
  /// lives} or {"queued": true, "mode", "rating", "waited_seconds", "window"}.
  nlohmann::json queue_status(const std::string& user_id) const;

  /// Exports arena_rooms_* metrics on /metrics (optional; call in setup).
  void set_metrics(arena::Metrics& metrics);

  /// The background work, every tick: expire away members, form matches.
  void tick();

  RoomRegistry& registry() { return registry_; }
  Matchmaker& matchmaker() { return matchmaker_; }
  Ratings& ratings() { return ratings_; }

 private:
  void deliver(const Outbox& out);
  void limit(arena::RateLimiter& limiter, const std::string& user_id, const char* what);

  RoomsSettings settings_;
  arena::Channels& channels_;
  arena::EventBus& events_;
  std::shared_ptr<spdlog::logger> logger_;
  RoomRegistry::Clock clock_;
  mutable std::mutex modes_mutex_;
  std::shared_ptr<const ModeTable> modes_;
  std::function<std::optional<std::vector<arena::LanguageInfo>>()> languages_;
  std::function<bool(const std::string&)> puzzle_exists_;
  RoomRegistry registry_;
  Matchmaker matchmaker_;
  ChatStore chat_;
  BlockLists blocks_;
  Ratings ratings_;
  arena::RateLimiter chat_limit_, join_limit_, create_limit_, enqueue_limit_;
  arena::Gauge* rooms_gauge_ = nullptr;
  arena::Gauge* queued_gauge_ = nullptr;
  arena::Counter* chat_counter_ = nullptr;
  arena::Counter* matches_counter_ = nullptr;
  mutable std::mutex matches_mutex_;
  std::map<std::string, nlohmann::json> last_match_;  // user id -> match_found payload
};

/// Trims ASCII white space at both ends.
std::string trim(const std::string& text);
/// The number of characters (UTF-8 code points) of `text`.
std::size_t utf8_length(const std::string& text);

}  // namespace rooms
