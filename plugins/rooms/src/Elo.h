#pragma once

#include <map>
#include <string>
#include <vector>

namespace rooms {

/// A player's finishing place in a rated game (1 is best; equal places are ties).
struct Placing {
  std::string user_id;
  int place = 1;
};

/// Multiplayer Elo: every pair of players is one game (a win for the better place, a draw for a
/// tie), and a player's change is the sum over its pairs scaled by k / (n - 1), so a game of
/// eight moves ratings as much as a duel. Returns the new rating of every player; `ratings`
/// must hold each player's current rating.
std::map<std::string, int> elo_update(const std::vector<Placing>& placings, const std::map<std::string, int>& ratings,
                                      double k = 32);

}  // namespace rooms
