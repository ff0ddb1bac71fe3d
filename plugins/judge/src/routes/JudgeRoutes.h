#pragma once

#include "JudgeServiceImpl.h"
#include "JudgeSettings.h"
#include "RateLimiter.h"

#include <arena/Router.h>

namespace judge {

/// What the judge's routes share, built once in setup().
struct RouteState {
  RouteState(const JudgeSettings& s, JudgeServiceImpl& judge_service)
      : settings(s),
        service(judge_service),
        execute_per_user(s.execute_per_user),
        piston_per_ip(s.piston_per_ip),
        running(s.execute_per_user_concurrency) {}

  const JudgeSettings& settings;
  JudgeServiceImpl& service;
  RateLimiter execute_per_user;
  RateLimiter piston_per_ip;
  ConcurrencyLimiter running;  ///< per caller: "user:<id>" or "ip:<address>"
};

/// The largest request body an execution may need: code and stdin, JSON-escaped.
std::size_t execute_body_limit(const JudgeSettings& settings);

/// Spends one execution of the caller (429 when over the rate) and takes one of its running
/// places (429 when it has too many under way). Signed-in callers count per user, others per
/// address.
ConcurrencyLimiter::Slot admit_execution(RouteState& state, const arena::Request& request);

/// GET /api/programming-language.
void add_language_routes(arena::Router& router, RouteState& state);
/// POST /api/execute.
void add_execute_routes(arena::Router& router, RouteState& state);
/// GET /api/v2/runtimes, POST /api/v2/execute (Piston-compatible).
void add_piston_routes(arena::Router& router, RouteState& state);

}  // namespace judge
