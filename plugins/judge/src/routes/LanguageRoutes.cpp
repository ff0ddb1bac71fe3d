#include "JudgeRoutes.h"
#include "StageJson.h"

namespace judge {

void add_language_routes(arena::Router& router, RouteState& state) {
  router.add("GET", "/api/programming-language", arena::Role::Public, [&state](arena::Request&) {
    nlohmann::json languages = nlohmann::json::array();
    for (const auto& language : state.service.languages()) languages.push_back(language_json(language));
    return arena::Response::json({{"languages", languages}}).header("Cache-Control", "public, max-age=60");
  });
}

}  // namespace judge
