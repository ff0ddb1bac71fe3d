#include "JudgeRoutes.h"
#include "StageJson.h"
#include "Validation.h"

namespace judge {

namespace {

std::optional<std::string> string_field(const nlohmann::json& body, const char* field, bool required,
                                        FieldErrors& errors) {
  if (!body.contains(field) || body[field].is_null()) {
    if (required) errors.add(field, "is required");
    return std::nullopt;
  }
  if (!body[field].is_string()) {
    errors.add(field, "must be a string");
    return std::nullopt;
  }
  return body[field].get<std::string>();
}

// {language, code, stdin?, args?}
arena::ExecuteRequest parse_execute(const nlohmann::json& body) {
  FieldErrors errors;
  arena::ExecuteRequest request;
  request.language = string_field(body, "language", true, errors).value_or("");
  request.code = string_field(body, "code", true, errors).value_or("");
  request.stdin_data = string_field(body, "stdin", false, errors).value_or("");
  if (body.contains("args") && !body["args"].is_null()) {
    const auto& args = body["args"];
    if (!args.is_array() || std::any_of(args.begin(), args.end(), [](const auto& a) { return !a.is_string(); }))
      errors.add("args", "must be a list of strings");
    else
      request.args = args.get<std::vector<std::string>>();
  }
  errors.throw_if_any("the execution request is invalid");
  return request;
}

}  // namespace

void add_execute_routes(arena::Router& router, RouteState& state) {
  router.add(
      "POST", "/api/execute", arena::Role::User,
      [&state](arena::Request& request) {
        auto slot = admit_execution(state, request);
        auto execution = parse_execute(request.json());
        return arena::Response::json(execute_json(state.service.execute(execution)));
      },
      arena::RouteOptions{.max_body_bytes = execute_body_limit(state.settings)});
}

}  // namespace judge
