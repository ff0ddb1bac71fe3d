#pragma once

#include <arena/Router.h>

namespace arena::games {

class GamesService;

/// GET /api/modes (the modes with versions, options and load errors), GET /api/games
/// (?state=running|finished|aborted, newest first) and GET /api/games/:id (with players).
/// All public: games are announced in the lobby anyway, and no code is shown.
void add_game_routes(Router& router, GamesService& games);

}  // namespace arena::games
