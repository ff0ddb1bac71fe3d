#include "ChatStore.h"

namespace rooms {

nlohmann::json ChatStore::insert(const std::string& room_id, const std::string& user_id, const std::string& body) {
  return database_.transact([&](pqxx::work& tx) {
    auto row = tx.exec_params1(
        "INSERT INTO chat_messages (room_id, user_id, body) VALUES ($1, $2, $3) "
        "RETURNING id::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
        room_id, user_id, body);
    return nlohmann::json{{"id", row[0].as<std::string>()}, {"created_at", row[1].as<std::string>()}};
  });
}

nlohmann::json ChatStore::recent(const std::string& room_id, std::size_t limit) {
  nlohmann::json messages = nlohmann::json::array();
  if (limit == 0) return messages;
  database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    auto rows = tx.exec_params(
        "SELECT * FROM (SELECT m.id::text, m.user_id::text, u.username::text, m.body, "
        "to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS at, m.created_at "
        "FROM chat_messages m JOIN users u ON u.id = m.user_id WHERE m.room_id = $1 "
        "ORDER BY m.created_at DESC, m.id DESC LIMIT $2) recent ORDER BY created_at, id",
        room_id, static_cast<long long>(limit));
    for (const auto& row : rows) {
      messages.push_back({{"id", row[0].as<std::string>()},
                          {"room_id", room_id},
                          {"user_id", row[1].as<std::string>()},
                          {"username", row[2].as<std::string>()},
                          {"body", row[3].as<std::string>()},
                          {"sent_at", row[4].as<std::string>()}});
    }
  });
  return messages;
}

}  // namespace rooms
