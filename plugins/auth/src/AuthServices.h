#pragma once

#include "AccessTokens.h"
#include "Accounts.h"
#include "AuthSettings.h"
#include "PasswordHasher.h"
#include "RateLimiter.h"
#include "Sessions.h"

#include <arena/PluginContext.h>

namespace auth {

/// Everything the auth routes and commands share, built once in setup().
struct AuthServices {
  AuthServices(const AuthSettings& s, arena::Database& database)
      : settings(s),
        hasher(s.argon2_ops, s.argon2_mem_bytes),
        tokens(s.jwt_secret, s.issuer, s.audience, std::chrono::seconds(s.access_ttl_s)),
        accounts(database),
        sessions(database, accounts, tokens, std::chrono::seconds(s.refresh_ttl_s)),
        login_per_ip(s.login_per_ip),
        login_per_identifier(s.login_per_identifier),
        register_per_ip(s.register_per_ip) {}

  AuthSettings settings;
  PasswordHasher hasher;
  AccessTokens tokens;
  Accounts accounts;
  Sessions sessions;
  RateLimiter login_per_ip;
  RateLimiter login_per_identifier;
  RateLimiter register_per_ip;
};

/// POST /api/register, /api/login, /api/logout, /api/refresh; GET /api/me.
void add_session_routes(arena::Router& router, AuthServices& auth);
/// GET /api/user/:username, /api/user/:username/isAvailable.
void add_user_routes(arena::Router& router, AuthServices& auth);
/// PATCH /api/account/profile, GET|PUT /api/account/preferences, POST /api/account/password.
void add_account_routes(arena::Router& router, AuthServices& auth);
/// arena user create|promote|ban|unban.
void add_user_commands(arena::Commands& commands, AuthServices& auth);

}  // namespace auth
