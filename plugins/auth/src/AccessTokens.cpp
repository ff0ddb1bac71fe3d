#include "AccessTokens.h"

#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <algorithm>
#include <sodium.h>

namespace auth {

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string encoded(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  encoded.resize(encoded.find('\0'));
  return encoded;
}

AccessTokens::AccessTokens(std::string secret, std::string issuer, std::string audience, std::chrono::seconds ttl)
    : secret_(std::move(secret)), issuer_(std::move(issuer)), audience_(std::move(audience)), ttl_(ttl) {}

std::string AccessTokens::issue(const arena::Principal& principal) const {
  Poco::JWT::Token token;
  token.setType("JWT");
  token.setSubject(principal.user_id);
  token.setIssuer(issuer_);
  token.setAudience(audience_);
  // Whole seconds: NumericDate with a fraction confuses some JWT libraries.
  auto now = Poco::Timestamp::fromEpochTime(Poco::Timestamp().epochTime());
  token.setIssuedAt(now);
  token.setExpiration(now + Poco::Timespan(ttl_.count(), 0));
  token.setId(random_token(16));
  token.payload().set("typ", "access");
  token.payload().set("username", principal.username);
  token.payload().set("role", std::string(arena::to_string(principal.role)));
  Poco::JWT::Signer signer(secret_);
  return signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
}

TokenCheck AccessTokens::verify(const std::string& jwt) const {
  TokenCheck check;
  if (jwt.size() > 4096 || std::count(jwt.begin(), jwt.end(), '.') != 2) {
    check.error = "malformed access token";
    return check;
  }
  try {
    Poco::JWT::Signer signer(secret_);  // accepts HS256 only
    Poco::JWT::Token token;
    if (!signer.tryVerify(jwt, token)) {
      check.error = "invalid access token signature or algorithm";
      return check;
    }
    const auto& payload = token.payload();
    if (payload.optValue<std::string>("typ", "") != "access") {
      check.error = "not an access token";
      return check;
    }
    if (token.getIssuer() != issuer_) {
      check.error = "access token from another issuer";
      return check;
    }
    auto audience = token.getAudience();
    if (std::find(audience.begin(), audience.end(), audience_) == audience.end()) {
      check.error = "access token for another audience";
      return check;
    }
    if (!payload.has("exp") || token.getExpiration() <= Poco::Timestamp()) {
      check.error = "access token expired";
      return check;
    }
    auto role = arena::parse_role(payload.optValue<std::string>("role", ""));
    std::string subject = token.getSubject();
    std::string username = payload.optValue<std::string>("username", "");
    if (!role || *role == arena::Role::Public || subject.empty() || username.empty()) {
      check.error = "access token lacks required claims";
      return check;
    }
    check.principal = arena::Principal{subject, username, *role, token.getId()};
  } catch (const std::exception&) {
    check.error = "malformed access token";
  }
  return check;
}

}  // namespace auth
