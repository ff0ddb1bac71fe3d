#pragma once

#include <arena/RateLimiter.h>

namespace auth {

/// The SDK's token buckets (arena::RateLimiter), keyed here by address or account name.
using arena::RateLimiter;

}  // namespace auth
