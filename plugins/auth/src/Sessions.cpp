#include "Sessions.h"

#include <arena/HttpError.h>

#include <sodium.h>

namespace auth {

std::string token_hash(const std::string& token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

namespace {

arena::Principal principal_of(const UserRecord& user) { return {user.id, user.username, user.role, ""}; }

// Inserts one refresh token of `family`; returns (raw token, row id).
std::pair<std::string, std::string> insert_token(pqxx::work& tx, const std::string& user_id, const std::string& family,
                                                 std::chrono::seconds ttl, const std::string& user_agent,
                                                 const std::string& ip) {
  std::string raw = random_token(32);
  auto id = tx.exec_params1(
                  "INSERT INTO refresh_tokens (user_id, family, token_hash, expires_at, user_agent, ip) "
                  "VALUES ($1::uuid, $2::uuid, $3, now() + make_interval(secs => $4), left($5, 300), left($6, 64)) "
                  "RETURNING id::text",
                  user_id, family, token_hash(raw), static_cast<double>(ttl.count()), user_agent, ip)[0]
                .as<std::string>();
  return {raw, id};
}

}  // namespace

IssuedSession Sessions::start(const UserRecord& user, const std::string& user_agent, const std::string& ip) {
  return database_.transact([&](pqxx::work& tx) {
    std::string family = tx.exec1("SELECT gen_random_uuid()::text")[0].as<std::string>();
    auto [raw, id] = insert_token(tx, user.id, family, refresh_ttl_, user_agent, ip);
    return IssuedSession{user, tokens_.issue(principal_of(user)), raw, family};
  });
}

IssuedSession Sessions::rotate(const std::string& refresh_token, const std::string& user_agent, const std::string& ip) {
  struct Rotated {
    std::string user_id, family, raw;
    bool reused = false, expired = false, unknown = false;
  };
  Rotated rotated = database_.transact([&](pqxx::work& tx) {
    Rotated r;
    // FOR UPDATE: two refreshes with the same token serialize, and the second sees it rotated.
    auto rows = tx.exec_params(
        "SELECT id::text, user_id::text, family::text, revoked_at IS NOT NULL, expires_at <= now() "
        "FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
        token_hash(refresh_token));
    if (rows.empty()) {
      r.unknown = true;
      return r;
    }
    std::string id = rows[0][0].as<std::string>();
    r.user_id = rows[0][1].as<std::string>();
    r.family = rows[0][2].as<std::string>();
    if (rows[0][3].as<bool>()) {
      // A rotated token came back: whoever holds the newer one may be an attacker or the
      // user; either way the login is no longer trustworthy.
      tx.exec_params("UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE family = $1::uuid",
                     r.family);
      r.reused = true;
      return r;
    }
    if (rows[0][4].as<bool>()) {
      r.expired = true;
      return r;
    }
    auto [raw, new_id] = insert_token(tx, r.user_id, r.family, refresh_ttl_, user_agent, ip);
    tx.exec_params("UPDATE refresh_tokens SET revoked_at = now(), replaced_by = $2::uuid WHERE id = $1::uuid", id,
                   new_id);
    r.raw = raw;
    return r;
  });
  if (rotated.unknown) throw arena::errors::unauthorized("invalid refresh token");
  if (rotated.reused)
    throw arena::errors::unauthorized("refresh token reuse detected: this login was signed out everywhere");
  if (rotated.expired) throw arena::errors::unauthorized("refresh token expired; sign in again");
  auto user = accounts_.find_by_id(rotated.user_id);
  if (!user) throw arena::errors::unauthorized("the account no longer exists");
  return IssuedSession{*user, tokens_.issue(principal_of(*user)), rotated.raw, rotated.family};
}

std::string Sessions::family_of(const std::string& refresh_token) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    auto rows = tx.exec_params("SELECT family::text FROM refresh_tokens WHERE token_hash = $1", token_hash(refresh_token));
    return rows.empty() ? std::string() : rows[0][0].as<std::string>();
  });
}

std::string Sessions::revoke_family_of(const std::string& refresh_token) {
  std::string family = family_of(refresh_token);
  if (family.empty()) return family;
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params("UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE family = $1::uuid", family);
  });
  return family;
}

void Sessions::revoke_all_except(const std::string& user_id, const std::string& keep_family) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params(
        "UPDATE refresh_tokens SET revoked_at = now() "
        "WHERE user_id = $1::uuid AND revoked_at IS NULL AND family::text <> $2",
        user_id, keep_family);
  });
}

}  // namespace auth
