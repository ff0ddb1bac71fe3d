// Piston-compatible routes, so tools written for Piston (https://github.com/engineer-man/piston)
// work against CodeArena. Errors keep Piston's top-level "message" and add our error object.
#include "JudgeRoutes.h"
#include "PistonRequest.h"
#include "StageJson.h"

namespace judge {

namespace {

// Our error shape plus Piston's "message" beside it.
arena::Response piston_error(const arena::HttpError& error) {
  nlohmann::json body = error.to_json();
  body["message"] = error.what();
  auto response = arena::Response::json(body, error.status());
  for (const auto& [name, value] : error.headers()) response.header(name, value);
  return response;
}

arena::Response execute(RouteState& state, arena::Request& request) {
  auto slot = admit_execution(state, request);
  auto body = request.json();
  FieldErrors errors;
  auto execution = parse_piston_execute(body, state.settings, state.service.catalog(), errors);
  if (!errors.empty()) throw arena::errors::validation(errors.first_message(), errors.details());
  return arena::Response::json(piston_json(state.service.execute(execution)));
}

}  // namespace

void add_piston_routes(arena::Router& router, RouteState& state) {
  // The list says nothing GET /api/programming-language does not: anyone may read it.
  router.add("GET", "/api/v2/runtimes", arena::Role::Public, [&state](arena::Request&) {
    nlohmann::json runtimes = nlohmann::json::array();
    for (const auto& language : state.service.languages()) {
      if (!language.available) continue;
      nlohmann::json runtime = {
          {"language", language.id}, {"version", language.version}, {"aliases", language.aliases}};
      if (!language.runtime.empty()) runtime["runtime"] = language.runtime;
      runtimes.push_back(runtime);
    }
    return arena::Response::json(runtimes);
  });

  auto role = state.settings.piston_public ? arena::Role::Public : arena::Role::User;
  router.add(
      "POST", "/api/v2/execute", role,
      [&state](arena::Request& request) {
        try {
          return execute(state, request);
        } catch (const arena::HttpError& error) {
          return piston_error(error);
        }
      },
      arena::RouteOptions{.max_body_bytes = execute_body_limit(state.settings)});
}

}  // namespace judge
