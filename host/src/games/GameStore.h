#pragma once

#include "games/GameWriter.h"

#include <arena/Database.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace arena::games {

/// A game's fixed facts as stored in `games` (what a restart needs besides the snapshot).
struct StoredGame {
  std::string id;
  std::string room_id;
  std::string mode;
  std::string mode_version;
  nlohmann::json options = nlohmann::json::object();
  int duration_s = 0;
  std::vector<std::string> puzzle_ids;
  std::vector<std::string> languages;
  bool is_public = true;
  std::int64_t starts_at_ms = 0;
  nlohmann::json session;  ///< the last snapshot (null before the first)
};

/// A player row at creation.
struct StoredPlayer {
  std::string user_id;
  std::string username;
  int position = 0;
};

/// Every SQL statement about games, game_players and mode_versions (migration 0002_games).
class GameStore {
 public:
  explicit GameStore(Database& database) : database_(database) {}

  void insert(const StoredGame& game, const std::vector<StoredPlayer>& players);
  /// Writes a record from the game loop: snapshot, version, state, standings, and when the game
  /// is over its end and every player's place, score and detail.
  void save(const std::string& game_id, const SessionRecord& record);
  void mark_aborted(const std::string& game_id, const std::string& reason);

  /// Stores a mode version once (name + version is the key).
  void save_mode_version(const std::string& name, const std::string& version, const std::string& source,
                         const std::string& file);
  /// The source of a stored version, or nullopt.
  std::optional<std::string> mode_source(const std::string& name, const std::string& version);

  /// Games in state waiting or running, oldest first.
  std::vector<StoredGame> unfinished();

  /// GET /api/games/:id: {id, room_id, mode, mode_version, options, state, ..., players: [...]}, or null.
  nlohmann::json find(const std::string& game_id);
  /// GET /api/games: the newest `limit` games in `state` ("" for any), without players.
  nlohmann::json list(const std::string& state, int limit);

 private:
  Database& database_;
};

/// '{"a","b"}': a PostgreSQL array literal of strings.
std::string pg_array(const std::vector<std::string>& values);

}  // namespace arena::games
