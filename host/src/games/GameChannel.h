#pragma once

#include "games/GameJudging.h"
#include "games/GameLoop.h"

#include <arena/Channels.h>

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace arena::games {

/// Topic "game:<id>": players join to play (and spectators of public games to watch: their
/// view is the mode's view for player nil). Join reply {game: summary, view, standings}.
/// Events: code_update {code}, submit_code {code, language, puzzle?}, run_code {...},
/// leave_game {}. A player whose sockets have all left is shown disconnected, and after
/// games.leave_after_seconds without coming back has left the game.
class GameChannel final : public Channel {
 public:
  /// Whether spectators may watch a game: true, false, or nullopt for a game unknown here.
  using IsPublic = std::function<std::optional<bool>(const std::string& game_id)>;

  GameChannel(GameLoop& loop, GameJudging& judging, Channels& channels, IsPublic is_public, int leave_after_s);

  nlohmann::json join(const std::string& topic, const nlohmann::json& payload, const Subscriber& who) override;
  nlohmann::json handle(const std::string& topic, const std::string& event, const nlohmann::json& payload,
                        const Subscriber& who) override;
  void leave(const std::string& topic, const Subscriber& who) override;

  /// Players of a new or resumed game with no socket yet: each has left unless they join
  /// within games.leave_after_seconds.
  void await_players(const std::string& game_id, const std::vector<std::string>& user_ids);
  /// The game is gone from the loop: its presence records go too.
  void forget(const std::string& game_id);

 private:
  struct Presence {
    std::set<std::uint64_t> sockets;
    std::uint64_t generation = 0;  // bumped on every disconnect: a stale leave timer does nothing
  };
  static std::string game_id(const std::string& topic);
  bool connected(const std::string& game_id, const std::string& user_id, std::uint64_t generation);
  void leave_unless_back(const std::string& game_id, const std::string& user_id, std::uint64_t generation);

  GameLoop& loop_;
  GameJudging& judging_;
  Channels& channels_;
  IsPublic is_public_;
  int leave_after_s_;
  std::mutex mutex_;
  std::map<std::string, std::map<std::string, Presence>> players_;  // game -> user -> sockets (players only)
};

}  // namespace arena::games
