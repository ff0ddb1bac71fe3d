// Matchmaking over HTTP: join or leave a mode's queue, see where you stand.
#include "RoomRoutes.h"

#include <cctype>
#include <string>

namespace rooms {

void add_match_routes(arena::Router& router, RoomService& service) {
  router.add("POST", "/api/match/enqueue", arena::Role::User, [&service](arena::Request& request) {
    return http_guarded([&] { return arena::Response::json(service.enqueue(request.user(), request.json())); });
  });

  router.add("POST", "/api/match/dequeue", arena::Role::User, [&service](arena::Request& request) {
    return arena::Response::json({{"dequeued", service.dequeue(request.user().user_id)}});
  });

  router.add("GET", "/api/match", arena::Role::User, [&service](arena::Request& request) {
    return arena::Response::json(service.queue_status(request.user().user_id));
  });

  // The best ratings of a mode (rated games only): ?mode=FASTEST&page=1&page_size=50.
  router.add("GET", "/api/leaderboard", arena::Role::Public, [&service](arena::Request& request) {
    nlohmann::json errors = nlohmann::json::object();
    std::string mode = request.query("mode").value_or("FASTEST");
    for (auto& c : mode) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!service.modes()->find(mode)) errors["mode"] = "not a known mode";
    auto number = [&](const char* name, int fallback, int max) {
      auto text = request.query(name);
      if (!text) return fallback;
      try {
        std::size_t used = 0;
        int value = std::stoi(*text, &used);
        if (used == text->size() && value >= 1 && value <= max) return value;
      } catch (const std::exception&) {
      }
      errors[name] = "a whole number from 1 to " + std::to_string(max);
      return fallback;
    };
    int page = number("page", 1, 100000);
    int page_size = number("page_size", 50, 100);
    if (!errors.empty()) throw arena::errors::validation("invalid leaderboard query", errors);
    return arena::Response::json({{"mode", mode},
                                  {"page", page},
                                  {"page_size", page_size},
                                  {"players", service.ratings().leaderboard(mode, page_size, (page - 1) * page_size)}});
  });
}

}  // namespace rooms
