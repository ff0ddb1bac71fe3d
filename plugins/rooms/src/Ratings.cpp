#include "Ratings.h"

namespace rooms {

int Ratings::rating(const std::string& user_id, const std::string& mode) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    auto rows = tx.exec_params("SELECT rating FROM ratings WHERE user_id = $1 AND mode = $2", user_id, mode);
    return rows.empty() ? default_ : rows[0][0].as<int>();
  });
}

void Ratings::set(const std::string& user_id, const std::string& mode, int rating) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO ratings (user_id, mode, rating) VALUES ($1, $2, $3) "
        "ON CONFLICT (user_id, mode) DO UPDATE SET rating = EXCLUDED.rating, updated_at = now()",
        user_id, mode, rating);
  });
}

std::optional<nlohmann::json> Ratings::rate_game(const std::string& game_id, const std::string& mode,
                                                 const std::vector<Placing>& placings) {
  return database_.transact([&](pqxx::work& tx) -> std::optional<nlohmann::json> {
    // The guard row first: a second delivery of the same game waits on it, then finds it.
    auto claimed = tx.exec_params(
        "INSERT INTO rated_games (game_id, mode, changes) VALUES ($1::uuid, $2, '[]') ON CONFLICT DO NOTHING", game_id,
        mode);
    if (claimed.affected_rows() == 0) return std::nullopt;
    std::map<std::string, int> before;
    for (const auto& p : placings) {
      auto rows = tx.exec_params("SELECT rating FROM ratings WHERE user_id = $1::uuid AND mode = $2 FOR UPDATE",
                                 p.user_id, mode);
      before[p.user_id] = rows.empty() ? default_ : rows[0][0].as<int>();
    }
    auto after = elo_update(placings, before);
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& p : placings) {
      tx.exec_params(
          "INSERT INTO ratings (user_id, mode, rating, games) VALUES ($1::uuid, $2, $3, 1) "
          "ON CONFLICT (user_id, mode) DO UPDATE SET rating = EXCLUDED.rating, games = ratings.games + 1, "
          "updated_at = now()",
          p.user_id, mode, after.at(p.user_id));
      changes.push_back({{"user_id", p.user_id}, {"before", before.at(p.user_id)}, {"after", after.at(p.user_id)}});
    }
    tx.exec_params("UPDATE rated_games SET changes = $2::jsonb WHERE game_id = $1::uuid", game_id, changes.dump());
    return changes;
  });
}

nlohmann::json Ratings::leaderboard(const std::string& mode, int limit, int offset) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    auto rows = tx.exec_params(
        "SELECT r.user_id::text, u.username, r.rating, r.games FROM ratings r JOIN users u ON u.id = r.user_id "
        "WHERE r.mode = $1 AND r.games > 0 ORDER BY r.rating DESC, r.games DESC, u.username LIMIT $2 OFFSET $3",
        mode, limit, offset);
    nlohmann::json list = nlohmann::json::array();
    int rank = offset;
    for (const auto& row : rows) {
      list.push_back({{"rank", ++rank},
                      {"user_id", row[0].as<std::string>()},
                      {"username", row[1].as<std::string>()},
                      {"rating", row[2].as<int>()},
                      {"games", row[3].as<int>()}});
    }
    return list;
  });
}

}  // namespace rooms
