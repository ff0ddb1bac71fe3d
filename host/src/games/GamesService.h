#pragma once

#include "games/GameChannel.h"
#include "games/GameJudging.h"
#include "games/GameLoop.h"
#include "games/GameStore.h"
#include "games/GameWriter.h"
#include "games/GamesSettings.h"
#include "modes/ModeLibrary.h"

#include <arena/Channels.h>
#include <arena/Database.h>
#include <arena/EventBus.h>
#include <arena/JudgeService.h>
#include <arena/Metrics.h>
#include <arena/PuzzleCatalog.h>

#include <spdlog/logger.h>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace arena::games {

/// A game could not be made (no such mode, no puzzle, no judge...): `reason` is a short code.
class GameError : public std::runtime_error {
 public:
  GameError(std::string reason, const std::string& message) : std::runtime_error(message), reason_(std::move(reason)) {}
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
};

/// What a new game is made from (a started room, or a test/bench).
struct GameRequest {
  std::string room_id;
  std::string mode;
  nlohmann::json options = nlohmann::json::object();  ///< the mode's options (validated here)
  std::string puzzle_id;                              ///< "" for a random approved puzzle
  std::string difficulty;                             ///< for a random pick ("" for any)
  int duration_s = 0;                                 ///< 0: the mode's
  std::vector<std::string> languages;
  std::vector<modes::PlayerFacts> players;  ///< id and name of each
  std::int64_t starts_at_ms = 0;            ///< 0: now + countdown
  bool is_public = true;
};

/// Live games in the host: the mode library, the game loop, the game:* channel, judging,
/// persistence and restart. Made in Host::setup (channel, bus subscriptions and metrics), run
/// by start() (modes loaded, unfinished games resumed) and stop().
class GamesService {
 public:
  GamesService(GamesSettings settings, Database& database, EventBus& events, Channels& channels, Metrics& metrics,
               std::shared_ptr<spdlog::logger> logger);
  ~GamesService();
  GamesService(const GamesService&) = delete;
  GamesService& operator=(const GamesService&) = delete;

  /// Loads the modes (and watches them), resumes unfinished games, and takes room.started
  /// events from now on. Null services: games are refused with a clear error.
  void start(std::shared_ptr<JudgeService> judge, std::shared_ptr<PuzzleCatalog> catalog);
  void stop();

  /// Makes a game and hands it to the loop; returns its id. Throws GameError.
  std::string create(const GameRequest& request);

  modes::ModeLibrary& modes() { return library_; }
  GameStore& store() { return store_; }
  GameLoop& loop() { return loop_; }
  GameWriter& writer() { return writer_; }
  const GamesSettings& settings() const { return settings_; }
  /// For /api/health: "<n> modes loaded" and any load errors.
  std::pair<bool, std::string> health() const;

 private:
  struct Meta {
    std::string room_id;
    std::string mode;
    bool is_public = true;
  };
  void on_room_started(const nlohmann::json& event);
  /// Every handler call of the runtime feeds arena_mode_handler_cpu_seconds{handler}.
  void observe_handlers(modes::GameRuntime& runtime);
  void on_mode_change(const modes::ModeLibrary::Change& change);
  void publish_modes();
  void resume_all();
  void resume(const StoredGame& game);
  std::vector<GamePuzzle> pick_puzzles(const GameRequest& request, const modes::ModeScript& script, std::size_t count);
  std::shared_ptr<const modes::ModeScript> script_for(const std::string& mode, const std::string& version);
  std::optional<bool> is_public(const std::string& game_id) const;
  void deliver(const std::string& game_id, std::vector<Outgoing>& messages);
  void save(const std::string& game_id, GameSession& session);
  void over(const std::string& game_id, GameSession& session);
  void forget(const std::string& game_id);

  GamesSettings settings_;
  EventBus& events_;
  Channels& channels_;
  std::shared_ptr<spdlog::logger> logger_;
  modes::ModeLibrary library_;
  GameStore store_;
  GameWriter writer_;
  GameLoop loop_;
  GameJudging judging_;
  std::shared_ptr<GameChannel> channel_;

  mutable std::mutex mutex_;
  std::shared_ptr<JudgeService> judge_;
  std::shared_ptr<PuzzleCatalog> catalog_;
  std::map<std::string, Meta> games_;
  std::vector<EventBus::SubscriptionId> subscriptions_;
  bool started_ = false;

  Counter& inputs_;
  Counter& faults_;
  Counter& created_;
  Gauge& running_;
  Histogram& lag_;
  Histogram& input_cpu_;
  Histogram& handler_cpu_;
};

}  // namespace arena::games
