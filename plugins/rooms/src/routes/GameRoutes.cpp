// Waiting rooms over HTTP: create, list the open public ones, read one.
#include "RoomRoutes.h"

namespace rooms {

void add_game_routes(arena::Router& router, RoomService& service) {
  router.add("POST", "/api/game", arena::Role::User, [&service](arena::Request& request) {
    return http_guarded([&] { return arena::Response::json(service.create_room(request.user(), request.json()), 201); });
  });

  router.add("GET", "/api/game", arena::Role::Public, [&service](arena::Request&) {
    return arena::Response::json({{"rooms", service.open_rooms()}});
  });

  router.add("GET", "/api/game/:id", arena::Role::Public, [&service](arena::Request& request) {
    std::string viewer = request.principal ? request.principal->user_id : "";
    auto view = service.view(request.param("id"), viewer, request.query("invite_code").value_or(""));
    if (!view) throw arena::errors::not_found("no such room");
    return arena::Response::json(*view);
  });
}

}  // namespace rooms
