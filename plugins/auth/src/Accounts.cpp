#include "Accounts.h"

#include <arena/HttpError.h>

namespace auth {

namespace {

constexpr const char* kUserColumns =
    "id::text, username::text, email::text, role, profile::text, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), password_hash";

UserRecord to_user(const pqxx::row& row) {
  UserRecord user;
  user.id = row[0].as<std::string>();
  user.username = row[1].as<std::string>();
  user.email = row[2].as<std::string>();
  user.role = arena::parse_role(row[3].as<std::string>()).value_or(arena::Role::User);
  user.profile = nlohmann::json::parse(row[4].as<std::string>());
  user.created_at = row[5].as<std::string>();
  user.password_hash = row[6].as<std::string>();
  return user;
}

std::optional<UserRecord> first_user(const pqxx::result& result) {
  if (result.empty()) return std::nullopt;
  return to_user(result[0]);
}

}  // namespace

UserRecord Accounts::create(const std::string& username, const std::string& email, const std::string& password_hash,
                            arena::Role role) {
  try {
    return database_.transact([&](pqxx::work& tx) {
      auto row = tx.exec_params1(std::string("INSERT INTO users (username, email, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING ") +
                                     kUserColumns,
                                 username, email, password_hash, std::string(arena::to_string(role)));
      tx.exec_params("INSERT INTO preferences (user_id) VALUES ($1::uuid)", row[0].as<std::string>());
      return to_user(row);
    });
  } catch (const pqxx::unique_violation& e) {
    std::string what = e.what();
    std::string field = what.find("email") != std::string::npos ? "email" : "username";
    throw arena::errors::conflict("this " + field + " is already taken", {{field, "is already taken"}});
  }
}

std::optional<UserRecord> Accounts::find_by_identifier(const std::string& identifier) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return first_user(tx.exec_params(std::string("SELECT ") + kUserColumns +
                                         " FROM users WHERE username = $1::citext OR email = $1::citext LIMIT 1",
                                     identifier));
  });
}

std::optional<UserRecord> Accounts::find_by_id(const std::string& id) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return first_user(tx.exec_params(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1::uuid", id));
  });
}

std::optional<UserRecord> Accounts::find_by_username(const std::string& username) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return first_user(
        tx.exec_params(std::string("SELECT ") + kUserColumns + " FROM users WHERE username = $1::citext", username));
  });
}

bool Accounts::username_taken(const std::string& username) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return !tx.exec_params("SELECT 1 FROM users WHERE username = $1::citext", username).empty();
  });
}

std::optional<UserStanding> Accounts::standing(const std::string& user_id) {
  return database_.run([&](pqxx::connection& c) -> std::optional<UserStanding> {
    pqxx::nontransaction tx{c};
    auto result = tx.exec_params(
        "SELECT u.role, b.reason, "
        "       to_char(b.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
        "FROM users u LEFT JOIN LATERAL ("
        "  SELECT reason, expires_at FROM user_bans "
        "  WHERE user_id = u.id AND lifted_at IS NULL AND (expires_at IS NULL OR expires_at > now()) "
        "  ORDER BY expires_at DESC NULLS FIRST LIMIT 1) b ON true "
        "WHERE u.id = $1::uuid",
        user_id);
    if (result.empty()) return std::nullopt;
    UserStanding standing;
    standing.role = arena::parse_role(result[0][0].as<std::string>()).value_or(arena::Role::User);
    if (!result[0][1].is_null()) {
      standing.ban = nlohmann::json{{"reason", result[0][1].as<std::string>()},
                                    {"expires_at", result[0][2].is_null() ? nlohmann::json()
                                                                           : nlohmann::json(result[0][2].as<std::string>())}};
    }
    return standing;
  });
}

void Accounts::set_password_hash(const std::string& user_id, const std::string& hash) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1::uuid", user_id, hash);
  });
}

void Accounts::set_role(const std::string& user_id, arena::Role role) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params("UPDATE users SET role = $2, updated_at = now() WHERE id = $1::uuid", user_id,
                   std::string(arena::to_string(role)));
  });
}

nlohmann::json Accounts::update_profile(const std::string& user_id, const nlohmann::json& changes) {
  return database_.transact([&](pqxx::work& tx) {
    // jsonb_strip_nulls drops the keys the caller set to null.
    auto row = tx.exec_params1(
        "UPDATE users SET profile = jsonb_strip_nulls(profile || $2::jsonb), updated_at = now() "
        "WHERE id = $1::uuid RETURNING profile::text",
        user_id, changes.dump());
    return nlohmann::json::parse(row[0].as<std::string>());
  });
}

nlohmann::json Accounts::preferences(const std::string& user_id) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    auto result = tx.exec_params(
        "SELECT p.theme, p.preferred_language, p.editor::text, "
        "       coalesce((SELECT json_agg(u.username ORDER BY u.username) FROM users u WHERE u.id = ANY(p.blocked_users)), '[]')::text "
        "FROM preferences p WHERE p.user_id = $1::uuid",
        user_id);
    if (result.empty()) {
      return nlohmann::json{{"theme", "system"}, {"preferred_language", nullptr}, {"editor", nlohmann::json::object()},
                            {"blocked_users", nlohmann::json::array()}};
    }
    const auto& row = result[0];
    return nlohmann::json{{"theme", row[0].as<std::string>()},
                          {"preferred_language", row[1].is_null() ? nlohmann::json() : nlohmann::json(row[1].as<std::string>())},
                          {"editor", nlohmann::json::parse(row[2].as<std::string>())},
                          {"blocked_users", nlohmann::json::parse(row[3].as<std::string>())}};
  });
}

void Accounts::save_preferences(const std::string& user_id, const nlohmann::json& preferences) {
  std::string blocked = "{";
  for (const auto& id : preferences.at("blocked_user_ids")) blocked += (blocked.size() > 1 ? "," : "") + id.get<std::string>();
  blocked += "}";
  const auto& language = preferences.at("preferred_language");
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO preferences (user_id, theme, preferred_language, editor, blocked_users, updated_at) "
        "VALUES ($1::uuid, $2, NULLIF($3, ''), $4::jsonb, $5::uuid[], now()) "
        "ON CONFLICT (user_id) DO UPDATE SET theme = EXCLUDED.theme, preferred_language = EXCLUDED.preferred_language, "
        "editor = EXCLUDED.editor, blocked_users = EXCLUDED.blocked_users, updated_at = now()",
        user_id, preferences.at("theme").get<std::string>(), language.is_null() ? std::string() : language.get<std::string>(),
        preferences.at("editor").dump(), blocked);
  });
}

std::vector<std::string> Accounts::ids_of(const std::vector<std::string>& usernames, std::vector<std::string>& missing) {
  std::vector<std::string> ids;
  for (const auto& name : usernames) {
    auto user = find_by_username(name);
    if (user) {
      ids.push_back(user->id);
    } else {
      missing.push_back(name);
    }
  }
  return ids;
}

std::string Accounts::ban(const std::string& user_id, const std::string& reason, int days,
                          const std::optional<std::string>& banned_by) {
  return database_.transact([&](pqxx::work& tx) {
    auto id = tx.exec_params1(
                    "INSERT INTO user_bans (user_id, reason, banned_by, expires_at) "
                    "VALUES ($1::uuid, $2, NULLIF($3, '')::uuid, now() + make_interval(days => NULLIF($4, 0))) "
                    "RETURNING id::text",
                    user_id, reason, banned_by.value_or(""), days)[0]
                  .as<std::string>();
    tx.exec_params("UPDATE users SET current_ban_id = $2::uuid, ban_count = ban_count + 1 WHERE id = $1::uuid", user_id,
                   id);
    return id;
  });
}

int Accounts::unban(const std::string& user_id) {
  return database_.transact([&](pqxx::work& tx) {
    auto result = tx.exec_params(
        "UPDATE user_bans SET lifted_at = now() WHERE user_id = $1::uuid AND lifted_at IS NULL", user_id);
    tx.exec_params("UPDATE users SET current_ban_id = NULL WHERE id = $1::uuid", user_id);
    return static_cast<int>(result.affected_rows());
  });
}

nlohmann::json public_user_json(const UserRecord& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"role", arena::to_string(user.role)},
          {"profile", user.profile},
          {"created_at", user.created_at}};
}

nlohmann::json private_user_json(const UserRecord& user) {
  auto json = public_user_json(user);
  json["email"] = user.email;
  return json;
}

}  // namespace auth
