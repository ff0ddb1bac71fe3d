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

}  // namespace rooms
