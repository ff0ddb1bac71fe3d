#pragma once

#include <arena/Database.h>

#include <nlohmann/json.hpp>
#include <string>

namespace rooms {

/// The chat_messages table: every SQL statement about room chat.
class ChatStore {
 public:
  explicit ChatStore(arena::Database& database) : database_(database) {}
  /// Stores a message; returns {"id", "created_at"} as the database set them.
  nlohmann::json insert(const std::string& room_id, const std::string& user_id, const std::string& body);
  /// The room's last `limit` messages, oldest first, as chat_message payloads.
  nlohmann::json recent(const std::string& room_id, std::size_t limit);

 private:
  arena::Database& database_;
};

}  // namespace rooms
