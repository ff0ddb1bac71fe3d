#pragma once

#include <arena/RateLimiter.h>

#include <nlohmann/json.hpp>
#include <string>

namespace auth {

/// A token bucket's shape: `burst` requests at once, refilled at `per_minute`.
using arena::RateLimit;

/// The auth plugin's config section, parsed once.
struct AuthSettings {
  std::string jwt_secret;
  std::string issuer;
  std::string audience;
  int access_ttl_s = 900;
  int refresh_ttl_s = 604800;
  std::string cookies = "auto";  ///< auto | secure | insecure
  unsigned long long argon2_ops = 2;
  std::size_t argon2_mem_bytes = 19 << 20;
  RateLimit login_per_ip, login_per_identifier, register_per_ip;

  static AuthSettings from_config(const nlohmann::json& config);
};

/// The JSON schema of the `auth` config section.
extern const char* const kAuthConfigSchema;

}  // namespace auth
