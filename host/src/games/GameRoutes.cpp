#include "games/GameRoutes.h"

#include "games/GamesService.h"

#include <arena/HttpError.h>

#include <regex>

namespace arena::games {

using nlohmann::json;

void add_game_routes(Router& router, GamesService& games) {
  router.add("GET", "/api/modes", Role::Public, [&games](Request&) {
    return Response::json({{"modes", games.modes().to_json()}, {"api", modes::kModeApiVersion}});
  });

  router.add("GET", "/api/games", Role::Public, [&games](Request& request) {
    std::string state = request.query("state").value_or("");
    static const std::vector<std::string> states = {"", "waiting", "running", "finished", "aborted"};
    if (std::find(states.begin(), states.end(), state) == states.end())
      throw errors::validation("unknown state", {{"state", "one of waiting, running, finished, aborted"}});
    int limit = 50;
    if (auto text = request.query("limit")) {
      try {
        limit = std::stoi(*text);
      } catch (const std::exception&) {
        limit = -1;
      }
      if (limit < 1 || limit > 500) throw errors::validation("bad limit", {{"limit", "from 1 to 500"}});
    }
    return Response::json({{"games", games.store().list(state, limit)}});
  });

  router.add("GET", "/api/games/:id", Role::Public, [&games](Request& request) {
    static const std::regex uuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    const std::string& id = request.param("id");
    if (!std::regex_match(id, uuid)) throw errors::not_found("no such game");
    auto game = games.store().find(id);
    if (game.is_null()) throw errors::not_found("no such game");
    return Response::json({{"game", game}});
  });
}

}  // namespace arena::games
