// Matchmaking over HTTP: join or leave a mode's queue, see where you stand.
#include "RoomRoutes.h"

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
}

}  // namespace rooms
