#pragma once

#include "AccessTokens.h"
#include "Accounts.h"

#include <arena/Identity.h>

namespace auth {

/// The SDK Identity service: an access token from "Authorization: Bearer" or the access
/// cookie, checked, then the user's current role and bans read from the database (a
/// promotion or a ban applies at once, not when the token expires). Cookie-authenticated
/// writes must pass a CSRF check.
class JwtIdentity final : public arena::Identity {
 public:
  JwtIdentity(const AccessTokens& tokens, Accounts& accounts) : tokens_(tokens), accounts_(accounts) {}
  arena::AuthOutcome authenticate(const arena::Request& request) override;
  arena::AuthOutcome authenticate_token(const std::string& token) override;

 private:
  const AccessTokens& tokens_;
  Accounts& accounts_;
};

/// Whether a cookie-authenticated state-changing request comes from our own pages: the
/// X-CSRF-Token header equals the CSRF cookie, or the Origin header names this host.
bool passes_csrf_check(const arena::Request& request);

}  // namespace auth
