#pragma once

#include "AccessTokens.h"
#include "Accounts.h"

#include <arena/Database.h>

#include <chrono>
#include <string>

namespace auth {

/// What a sign-in or a refresh hands out.
struct IssuedSession {
  UserRecord user;
  std::string access_token;
  std::string refresh_token;  ///< the raw token; only its hash is stored
  std::string family;
};

/// Refresh-token families: a login starts one, each refresh rotates within it, reuse of a
/// rotated token revokes the whole family, logout revokes it.
class Sessions {
 public:
  Sessions(arena::Database& database, Accounts& accounts, const AccessTokens& tokens, std::chrono::seconds refresh_ttl)
      : database_(database), accounts_(accounts), tokens_(tokens), refresh_ttl_(refresh_ttl) {}

  /// Starts a new family for `user`.
  IssuedSession start(const UserRecord& user, const std::string& user_agent, const std::string& ip);
  /// Exchanges a refresh token for new tokens. Throws HttpError 401 for an unknown, expired or
  /// reused token (reuse also revokes its family).
  IssuedSession rotate(const std::string& refresh_token, const std::string& user_agent, const std::string& ip);
  /// Revokes the family of `refresh_token` (logout); unknown tokens are ignored. Returns the family or "".
  std::string revoke_family_of(const std::string& refresh_token);
  /// Revokes every family of the user except `keep_family` (after a password change).
  void revoke_all_except(const std::string& user_id, const std::string& keep_family);
  /// The family a refresh token belongs to, or "".
  std::string family_of(const std::string& refresh_token);
  std::chrono::seconds refresh_ttl() const { return refresh_ttl_; }

 private:
  arena::Database& database_;
  Accounts& accounts_;
  const AccessTokens& tokens_;
  std::chrono::seconds refresh_ttl_;
};

/// Hex SHA-256 of a token, as stored.
std::string token_hash(const std::string& token);

}  // namespace auth
