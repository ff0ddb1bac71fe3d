#pragma once

#include <arena/Principal.h>

#include <Poco/Crypto/OpenSSLInitializer.h>
#include <chrono>
#include <optional>
#include <string>

namespace auth {

/// The outcome of checking an access token.
struct TokenCheck {
  std::optional<arena::Principal> principal;
  std::string error;  ///< why it was refused
};

/// Keeps Poco's OpenSSL set-up alive while it exists. Poco::JWT makes a Poco::Crypto
/// DigestEngine per signature or verification, each holding an OpenSSLInitializer: a reference
/// count whose 1 -> 0 -> 1 transitions tear down and redo OpenSSL's set-up without a lock
/// (Poco 1.11). Under concurrent requests that crashed the server (SIGSEGV in
/// OpenSSLInitializer::uninitialize during POST /api/login) and cost two file opens per token
/// operation. One of these held for the life of the token service keeps the count above zero.
/// Unlike OpenSSLInitializer itself, a copy counts too.
struct OpenSslInUse {
  OpenSslInUse() { Poco::Crypto::OpenSSLInitializer::initialize(); }
  OpenSslInUse(const OpenSslInUse&) : OpenSslInUse() {}
  OpenSslInUse& operator=(const OpenSslInUse&) { return *this; }
  ~OpenSslInUse() { Poco::Crypto::OpenSSLInitializer::uninitialize(); }
};

/// HS256 JWT access tokens (Poco::JWT) with the claims sub, typ="access", aud, iss, iat, exp,
/// jti, username and role. Verification accepts HS256 only (so "none" and every other
/// algorithm are refused) and checks signature, typ, issuer, audience and expiry.
/// Safe to use from many threads at once.
class AccessTokens {
 public:
  AccessTokens(std::string secret, std::string issuer, std::string audience, std::chrono::seconds ttl);
  /// A signed token for `principal` (its token_id is ignored; a fresh jti is made).
  std::string issue(const arena::Principal& principal) const;
  /// Checks a token; never throws.
  TokenCheck verify(const std::string& token) const;
  std::chrono::seconds ttl() const { return ttl_; }

 private:
  OpenSslInUse openssl_;  // first: constructed before and destroyed after any use
  std::string secret_, issuer_, audience_;
  std::chrono::seconds ttl_;
};

/// A random URL-safe token of `bytes` bytes of entropy.
std::string random_token(std::size_t bytes);

}  // namespace auth
