#pragma once

#include <arena/Principal.h>

#include <chrono>
#include <optional>
#include <string>

namespace auth {

/// The outcome of checking an access token.
struct TokenCheck {
  std::optional<arena::Principal> principal;
  std::string error;  ///< why it was refused
};

/// HS256 JWT access tokens (Poco::JWT) with the claims sub, typ="access", aud, iss, iat, exp,
/// jti, username and role. Verification accepts HS256 only (so "none" and every other
/// algorithm are refused) and checks signature, typ, issuer, audience and expiry.
class AccessTokens {
 public:
  AccessTokens(std::string secret, std::string issuer, std::string audience, std::chrono::seconds ttl);
  /// A signed token for `principal` (its token_id is ignored; a fresh jti is made).
  std::string issue(const arena::Principal& principal) const;
  /// Checks a token; never throws.
  TokenCheck verify(const std::string& token) const;
  std::chrono::seconds ttl() const { return ttl_; }

 private:
  std::string secret_, issuer_, audience_;
  std::chrono::seconds ttl_;
};

/// A random URL-safe token of `bytes` bytes of entropy.
std::string random_token(std::size_t bytes);

}  // namespace auth
