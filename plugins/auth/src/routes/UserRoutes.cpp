#include "AuthServices.h"
#include "Validation.h"

namespace auth {

void add_user_routes(arena::Router& router, AuthServices& auth) {
  router.add("GET", "/api/user/:username", arena::Role::Public, [&auth](arena::Request& request) {
    const auto& username = request.param("username");
    if (username_problem(username)) throw arena::errors::not_found("no such user");
    auto user = auth.accounts.find_by_username(username);
    if (!user) throw arena::errors::not_found("no such user");
    return arena::Response::json({{"user", public_user_json(*user)}});
  });

  router.add("GET", "/api/user/:username/isAvailable", arena::Role::Public, [&auth](arena::Request& request) {
    const auto& username = request.param("username");
    if (auto problem = username_problem(username))
      return arena::Response::json({{"available", false}, {"reason", "username " + *problem}});
    bool taken = auth.accounts.username_taken(username);
    nlohmann::json body = {{"available", !taken}};
    if (taken) body["reason"] = "username is already taken";
    return arena::Response::json(body);
  });
}

}  // namespace auth
