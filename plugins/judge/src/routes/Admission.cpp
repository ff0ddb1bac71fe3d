#include "JudgeRoutes.h"

namespace judge {

std::size_t execute_body_limit(const JudgeSettings& settings) {
  // Worst case JSON escaping turns a byte into six (\u0001); ordinary text stays near 1:1.
  return 6 * (settings.max_code_bytes + settings.max_stdin_bytes) + 64 * 1024;
}

ConcurrencyLimiter::Slot admit_execution(RouteState& state, const arena::Request& request) {
  std::string key;
  int wait = 0;
  if (request.principal) {
    key = "user:" + request.principal->user_id;
    wait = state.execute_per_user.take(request.principal->user_id);
  } else {
    key = "ip:" + request.remote_address;
    wait = state.piston_per_ip.take(request.remote_address);
  }
  if (wait > 0) throw arena::errors::too_many_requests(wait);
  auto slot = state.running.acquire(key);
  if (!slot) {
    arena::HttpError error(429, "rate_limited", "too many executions under way at once; wait for one to finish",
                           {{"retry_after", 1}});
    error.headers().emplace_back("Retry-After", "1");
    throw error;
  }
  return std::move(*slot);
}

}  // namespace judge
