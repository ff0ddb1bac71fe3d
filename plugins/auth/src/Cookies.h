#pragma once

#include "Sessions.h"

#include <arena/Request.h>

#include <string>

namespace auth {

/// Cookie names. The access and refresh cookies are HttpOnly; the CSRF cookie is readable by
/// the web app, which echoes it in X-CSRF-Token on state-changing requests.
inline constexpr const char* kAccessCookie = "arena_access";
inline constexpr const char* kRefreshCookie = "arena_refresh";
inline constexpr const char* kCsrfCookie = "arena_csrf";
inline constexpr const char* kCsrfHeader = "x-csrf-token";

/// Sets the three session cookies on `response`.
void set_session_cookies(arena::Response& response, const IssuedSession& session, const arena::Request& request,
                         const std::string& mode, std::chrono::seconds access_ttl, std::chrono::seconds refresh_ttl);
/// Expires the three session cookies.
void clear_session_cookies(arena::Response& response, const arena::Request& request, const std::string& mode);

}  // namespace auth
