#pragma once

#include "CommentStore.h"
#include "Languages.h"
#include "ListCache.h"
#include "PuzzleStore.h"
#include "PuzzlesSettings.h"
#include "Solving.h"
#include "SubmissionStore.h"

#include <arena/Database.h>
#include <arena/JudgeService.h>
#include <arena/RateLimiter.h>
#include <arena/Router.h>

#include <chrono>
#include <memory>

namespace puzzles {

/// Everything the puzzles routes, the catalog service and the seed share, built once in setup().
struct PuzzleServices {
  PuzzleServices(const PuzzlesSettings& s, arena::Database& database, std::shared_ptr<arena::JudgeService> judge,
                 std::shared_ptr<spdlog::logger> logger)
      : settings(s),
        languages(judge),
        puzzles(database),
        submissions(database),
        comments(database),
        cache(s.list_cache_entries, std::chrono::milliseconds(s.list_cache_ttl_ms)),
        solving(settings, std::move(judge), languages, submissions, cache, std::move(logger)),
        submit_per_user(arena::RateLimit{s.submit_burst, s.submit_per_minute}) {}

  PuzzlesSettings settings;
  Languages languages;
  PuzzleStore puzzles;
  SubmissionStore submissions;
  CommentStore comments;
  ListCache cache;
  Solving solving;
  arena::RateLimiter submit_per_user;  ///< POST /api/submission, per user
};

/// GET|POST /api/puzzle, GET|PUT|DELETE /api/puzzle/:id, POST /api/puzzle/:id/submit-for-review,
/// POST /api/puzzle/:id/run, GET /api/user/:username/puzzle.
void add_puzzle_routes(arena::Router& router, PuzzleServices& services);
/// POST|GET /api/submission, GET /api/submission/:id.
void add_submission_routes(arena::Router& router, PuzzleServices& services);
/// GET|POST /api/puzzle/:id/comment, POST /api/comment/:id/comment, PUT|DELETE /api/comment/:id,
/// POST /api/comment/:id/vote.
void add_comment_routes(arena::Router& router, PuzzleServices& services);

}  // namespace puzzles
