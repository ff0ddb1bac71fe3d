#include "http/middleware/Middleware.h"

namespace arena::host {

namespace {
bool is_read(const std::string& method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }
}  // namespace

void authorize(Identity* identity, const Route& route, Request& request) {
  AuthOutcome outcome;
  if (identity != nullptr) outcome = identity->authenticate(request);
  request.principal = outcome.principal;
  if (route.least == Role::Public) return;

  if (!request.principal) {
    if (outcome.status == 403) throw errors::forbidden(outcome.error);
    throw errors::unauthorized(outcome.error.empty() ? "authentication required" : outcome.error);
  }
  if (!role_allows(request.principal->role, route.least)) {
    throw errors::forbidden("this needs the " + std::string(to_string(route.least)) + " role",
                            {{"required_role", to_string(route.least)}});
  }
  // A banned user may read, and call the few writes marked allow_banned (logout...).
  if (outcome.ban && !is_read(request.method) && !route.options.allow_banned) {
    throw errors::forbidden("your account is banned", {{"ban", *outcome.ban}});
  }
}

}  // namespace arena::host
