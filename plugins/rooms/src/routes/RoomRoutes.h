#pragma once

#include "RoomService.h"

#include <arena/Router.h>

namespace rooms {

/// POST /api/game, GET /api/game, GET /api/game/:id.
void add_game_routes(arena::Router& router, RoomService& service);
/// POST /api/match/enqueue, POST /api/match/dequeue, GET /api/match, GET /api/leaderboard.
void add_match_routes(arena::Router& router, RoomService& service);

/// Runs a route's work and turns a RoomError into the HttpError the caller sees.
template <class Work>
arena::Response http_guarded(Work&& work) {
  try {
    return work();
  } catch (const RoomError& e) {
    if (e.reason() == "rate_limited") throw arena::errors::too_many_requests(e.details().value("retry_after", 1));
    throw arena::HttpError(e.status(), e.reason(), e.what(), e.details());
  }
}

}  // namespace rooms
