#pragma once

#include <arena/Principal.h>
#include <arena/Request.h>

#include <optional>
#include <string>

namespace arena {

/// The outcome of checking a request's credentials.
struct AuthOutcome {
  std::optional<Principal> principal;  ///< set when credentials were valid
  std::string error;                   ///< why presented credentials were refused ("" when none were presented)
  int status = 401;                    ///< how to answer a route that needs a user: 401, or 403 (failed CSRF check)
  /// Set when the principal is banned: the ban's reason and expiry (null = permanent).
  std::optional<nlohmann::json> ban;
};

/// Service "identity": turns a request's credentials (Bearer header or cookie) into a Principal.
/// Provided by the auth plugin; the HTTP middleware and the WebSocket connect use it.
class Identity {
 public:
  static constexpr const char* kServiceName = "identity";
  virtual ~Identity() = default;
  /// Checks the credentials the request carries. Never throws for bad credentials.
  virtual AuthOutcome authenticate(const Request& request) = 0;
  /// Checks a bare access token (the WebSocket passes it as a query parameter).
  virtual AuthOutcome authenticate_token(const std::string& token) = 0;
};

}  // namespace arena
