#include "http/middleware/Middleware.h"

#include <algorithm>

namespace arena::host {

bool cors_allowed(const HttpSettings& settings, std::string_view origin) {
  return std::any_of(settings.cors_origins.begin(), settings.cors_origins.end(),
                     [&](const std::string& allowed) { return allowed == origin; });
}

std::optional<Response> cors_preflight(const HttpSettings& settings, const Request& request) {
  if (request.method != "OPTIONS" || !request.header("access-control-request-method")) return std::nullopt;
  Response response = Response::no_content();
  auto origin = request.header("origin");
  if (origin && cors_allowed(settings, *origin)) {
    response.header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
        .header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id, X-CSRF-Token")
        .header("Access-Control-Max-Age", "600");
  }
  return response;
}

void add_cors_headers(const HttpSettings& settings, const Request& request, Response& response) {
  auto origin = request.header("origin");
  if (!origin || !cors_allowed(settings, *origin)) return;
  response.header("Access-Control-Allow-Origin", std::string(*origin))
      .header("Access-Control-Allow-Credentials", "true")
      .header("Access-Control-Expose-Headers", "X-Request-Id, Retry-After")
      .header("Vary", "Origin");
}

}  // namespace arena::host
