#include "http/middleware/Middleware.h"

namespace arena::host {

void add_security_headers(const HttpSettings& settings, const Request& request, Response& response) {
  response.header("X-Content-Type-Options", "nosniff")
      .header("Referrer-Policy", "strict-origin-when-cross-origin")
      .header("X-Frame-Options", "DENY")
      .header("Cross-Origin-Opener-Policy", "same-origin")
      .header("Content-Security-Policy", settings.content_security_policy);
  if (request.secure) response.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  // API answers are per user: never let a shared cache keep them.
  if (request.path.starts_with("/api/")) response.header("Cache-Control", "no-store");
}

}  // namespace arena::host
