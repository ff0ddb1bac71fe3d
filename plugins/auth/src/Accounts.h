#pragma once

#include <arena/Database.h>
#include <arena/Role.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace auth {

/// One row of users.
struct UserRecord {
  std::string id;
  std::string username;
  std::string email;
  arena::Role role = arena::Role::User;
  nlohmann::json profile = nlohmann::json::object();
  std::string created_at;
  std::string password_hash;
};

/// What the Identity needs per request: the current role and any active ban.
struct UserStanding {
  arena::Role role = arena::Role::User;
  std::optional<nlohmann::json> ban;  ///< {"reason", "expires_at"} when banned
};

/// The accounts service: every SQL statement about users, preferences and bans.
class Accounts {
 public:
  explicit Accounts(arena::Database& database) : database_(database) {}

  /// Inserts a user; throws HttpError 409 naming "username" or "email" when taken.
  UserRecord create(const std::string& username, const std::string& email, const std::string& password_hash,
                    arena::Role role = arena::Role::User);
  /// By username or email, without regard to case.
  std::optional<UserRecord> find_by_identifier(const std::string& identifier);
  std::optional<UserRecord> find_by_id(const std::string& id);
  std::optional<UserRecord> find_by_username(const std::string& username);
  bool username_taken(const std::string& username);
  /// Role and active ban of a user; nullopt when the user no longer exists.
  std::optional<UserStanding> standing(const std::string& user_id);

  void set_password_hash(const std::string& user_id, const std::string& hash);
  void set_role(const std::string& user_id, arena::Role role);
  /// Merges `changes` into the profile (null removes a key); returns the new profile.
  nlohmann::json update_profile(const std::string& user_id, const nlohmann::json& changes);

  nlohmann::json preferences(const std::string& user_id);
  void save_preferences(const std::string& user_id, const nlohmann::json& preferences);
  /// Ids of the given usernames; the names not found are returned in `missing`.
  std::vector<std::string> ids_of(const std::vector<std::string>& usernames, std::vector<std::string>& missing);

  /// Bans a user for `days` (0: for good); returns the ban id.
  std::string ban(const std::string& user_id, const std::string& reason, int days,
                  const std::optional<std::string>& banned_by);
  /// Lifts every active ban; returns how many.
  int unban(const std::string& user_id);

 private:
  arena::Database& database_;
};

/// The user as anyone may see it.
nlohmann::json public_user_json(const UserRecord& user);
/// The user as they see themselves (with email).
nlohmann::json private_user_json(const UserRecord& user);

}  // namespace auth
