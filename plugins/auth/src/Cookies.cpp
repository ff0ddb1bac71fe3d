#include "Cookies.h"

#include "AccessTokens.h"

namespace auth {

namespace {

std::string cookie(const std::string& name, const std::string& value, const std::string& path, long max_age,
                   bool http_only, bool secure) {
  std::string text = name + "=" + value + "; Path=" + path + "; Max-Age=" + std::to_string(max_age) + "; SameSite=Lax";
  if (http_only) text += "; HttpOnly";
  if (secure) text += "; Secure";
  return text;
}

bool secure_for(const arena::Request& request, const std::string& mode) {
  return mode == "secure" || (mode == "auto" && request.secure);
}

}  // namespace

void set_session_cookies(arena::Response& response, const IssuedSession& session, const arena::Request& request,
                         const std::string& mode, std::chrono::seconds access_ttl, std::chrono::seconds refresh_ttl) {
  bool secure = secure_for(request, mode);
  response.header("Set-Cookie", cookie(kAccessCookie, session.access_token, "/", access_ttl.count(), true, secure));
  // The refresh token is only ever needed by /api/refresh and /api/logout.
  response.header("Set-Cookie", cookie(kRefreshCookie, session.refresh_token, "/api/", refresh_ttl.count(), true, secure));
  response.header("Set-Cookie", cookie(kCsrfCookie, random_token(18), "/", refresh_ttl.count(), false, secure));
}

void clear_session_cookies(arena::Response& response, const arena::Request& request, const std::string& mode) {
  bool secure = secure_for(request, mode);
  response.header("Set-Cookie", cookie(kAccessCookie, "", "/", 0, true, secure));
  response.header("Set-Cookie", cookie(kRefreshCookie, "", "/api/", 0, true, secure));
  response.header("Set-Cookie", cookie(kCsrfCookie, "", "/", 0, false, secure));
}

}  // namespace auth
