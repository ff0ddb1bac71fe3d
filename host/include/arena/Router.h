#pragma once

#include <arena/Request.h>
#include <arena/Role.h>

#include <functional>
#include <string>

namespace arena {

/// A route handler: parse and validate the request, call a service, render the result.
/// Throw arena::HttpError for errors the caller should see.
using Handler = std::function<Response(Request&)>;

/// Options of one route beyond its method, path and role.
struct RouteOptions {
  /// Accept a body up to this size instead of the server's default limit (0 = default).
  std::size_t max_body_bytes = 0;
  /// Banned users may still call it (reads are always allowed; this is for writes such as logout).
  bool allow_banned = false;
};

/// Where plugins add HTTP routes.
class Router {
 public:
  virtual ~Router() = default;
  /// Adds a route. `path` is literal segments and ":name" parameters, e.g. "/api/puzzle/:id".
  /// `least` is the least role a caller needs; the host answers 401/403 before the handler runs.
  /// Throws std::invalid_argument if the same method and path are already taken.
  virtual void add(const std::string& method, const std::string& path, Role least, Handler handler,
                   RouteOptions options = {}) = 0;
};

}  // namespace arena
