#include "AuthSettings.h"

#include <stdexcept>

namespace auth {

const char* const kAuthConfigSchema = R"json({
  "jwt_secret": {"type": "string", "default": "", "secret": true, "generate_in_development": true,
                 "doc": "HMAC-SHA256 key for access tokens, at least 32 characters"},
  "issuer": {"type": "string", "default": "codearena", "doc": "The access token's iss claim"},
  "audience": {"type": "string", "default": "codearena", "doc": "The access token's aud claim"},
  "access_ttl_s": {"type": "integer", "default": 900, "min": 30, "max": 86400, "doc": "Access token lifetime"},
  "refresh_ttl_s": {"type": "integer", "default": 604800, "min": 300, "max": 7776000, "doc": "Refresh token lifetime"},
  "cookies": {"type": "string", "default": "auto", "enum": ["auto", "secure", "insecure"],
              "doc": "The Secure cookie flag: auto sets it when the request came over TLS (see server.trust_proxy)"},
  "argon2": {"type": "object", "doc": "Argon2id password hashing cost", "keys": {
    "ops_limit": {"type": "integer", "default": 2, "min": 1, "max": 10, "doc": "Passes over memory"},
    "mem_limit_kib": {"type": "integer", "default": 19456, "min": 8192, "max": 1048576, "doc": "Memory per hash in KiB"}
  }},
  "rate_limits": {"type": "object", "doc": "Token buckets against password guessing and sign-up floods", "keys": {
    "login_per_ip_burst": {"type": "number", "default": 20, "min": 1, "doc": "Login attempts one address may make at once"},
    "login_per_ip_per_minute": {"type": "number", "default": 10, "min": 0.01, "doc": "...refilled at this rate"},
    "login_per_identifier_burst": {"type": "number", "default": 10, "min": 1, "doc": "Login attempts against one account at once"},
    "login_per_identifier_per_minute": {"type": "number", "default": 5, "min": 0.01, "doc": "...refilled at this rate"},
    "register_per_ip_burst": {"type": "number", "default": 5, "min": 1, "doc": "Sign-ups one address may make at once"},
    "register_per_ip_per_minute": {"type": "number", "default": 1, "min": 0.01, "doc": "...refilled at this rate"}
  }}
})json";

AuthSettings AuthSettings::from_config(const nlohmann::json& config) {
  AuthSettings s;
  s.jwt_secret = config.at("jwt_secret");
  if (s.jwt_secret.size() < 32) throw std::invalid_argument("auth.jwt_secret must be at least 32 characters");
  s.issuer = config.at("issuer");
  s.audience = config.at("audience");
  s.access_ttl_s = config.at("access_ttl_s");
  s.refresh_ttl_s = config.at("refresh_ttl_s");
  s.cookies = config.at("cookies");
  s.argon2_ops = config.at("argon2").at("ops_limit").get<unsigned long long>();
  s.argon2_mem_bytes = config.at("argon2").at("mem_limit_kib").get<std::size_t>() * 1024;
  const auto& limits = config.at("rate_limits");
  s.login_per_ip = {limits.at("login_per_ip_burst"), limits.at("login_per_ip_per_minute")};
  s.login_per_identifier = {limits.at("login_per_identifier_burst"), limits.at("login_per_identifier_per_minute")};
  s.register_per_ip = {limits.at("register_per_ip_burst"), limits.at("register_per_ip_per_minute")};
  return s;
}

}  // namespace auth
