#include "JwtIdentity.h"

#include "Cookies.h"

#include <sodium.h>

namespace auth {

namespace {

bool is_safe_method(const std::string& method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

// "https://host:port" -> "host:port"
std::string_view authority_of(std::string_view origin) {
  auto scheme = origin.find("://");
  return scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
}

}  // namespace

bool passes_csrf_check(const arena::Request& request) {
  auto header = request.header(kCsrfHeader);
  auto cookie = request.cookie(kCsrfCookie);
  if (header && cookie && !cookie->empty() && header->size() == cookie->size() &&
      sodium_memcmp(header->data(), cookie->data(), cookie->size()) == 0)
    return true;
  auto origin = request.header("origin");
  auto host = request.header("host");
  return origin && host && !host->empty() && authority_of(*origin) == *host;
}

arena::AuthOutcome JwtIdentity::authenticate_token(const std::string& token) {
  arena::AuthOutcome outcome;
  auto check = tokens_.verify(token);
  if (!check.principal) {
    outcome.error = check.error;
    return outcome;
  }
  auto standing = accounts_.standing(check.principal->user_id);
  if (!standing) {
    outcome.error = "the account no longer exists";
    return outcome;
  }
  check.principal->role = standing->role;  // the database is the truth, not the token
  outcome.principal = check.principal;
  outcome.ban = standing->ban;
  return outcome;
}

arena::AuthOutcome JwtIdentity::authenticate(const arena::Request& request) {
  std::string token;
  bool from_cookie = false;
  if (auto header = request.header("authorization"); header && !header->empty()) {
    if (header->size() <= 7 || !(header->substr(0, 7) == "Bearer " || header->substr(0, 7) == "bearer ")) {
      arena::AuthOutcome outcome;
      outcome.error = "the Authorization header must be 'Bearer <token>'";
      return outcome;
    }
    token = std::string(header->substr(7));
  } else if (auto cookie = request.cookie(kAccessCookie); cookie && !cookie->empty()) {
    token = *cookie;
    from_cookie = true;
  } else {
    return {};
  }
  auto outcome = authenticate_token(token);
  if (outcome.principal && from_cookie && !is_safe_method(request.method) && !passes_csrf_check(request)) {
    outcome.principal.reset();
    outcome.ban.reset();
    outcome.error = "CSRF check failed: send the arena_csrf cookie's value in X-CSRF-Token";
    outcome.status = 403;
  }
  return outcome;
}

}  // namespace auth
