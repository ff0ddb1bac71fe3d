#pragma once

#include "Elo.h"

#include <arena/Database.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace rooms {

/// The ratings table (user, mode) -> rating. A missing row is the default rating.
class Ratings {
 public:
  Ratings(arena::Database& database, int default_rating) : database_(database), default_(default_rating) {}
  int rating(const std::string& user_id, const std::string& mode);
  void set(const std::string& user_id, const std::string& mode, int rating);
  /// Applies a finished rated game once (Elo over its placings, in one transaction):
  /// [{user_id, before, after}], or nullopt when the game was already rated.
  std::optional<nlohmann::json> rate_game(const std::string& game_id, const std::string& mode,
                                          const std::vector<Placing>& placings);
  /// GET /api/leaderboard: the best ratings of a mode, [{rank, user_id, username, rating, games}].
  nlohmann::json leaderboard(const std::string& mode, int limit, int offset);

 private:
  arena::Database& database_;
  int default_;
};

}  // namespace rooms
