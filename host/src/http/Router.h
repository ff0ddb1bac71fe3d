#pragma once

#include <arena/Router.h>

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace arena::host {

/// A registered route.
struct Route {
  std::string method;
  std::string pattern;  ///< as registered, e.g. "/api/puzzle/:id"; also the metrics label
  Role least = Role::Public;
  Handler handler;
  RouteOptions options;
};

/// What matching a method and path found.
struct RouteMatch {
  enum class Outcome { Found, NotFound, MethodNotAllowed };
  Outcome outcome = Outcome::NotFound;
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed;  ///< methods the path accepts (for 405's Allow header)
};

/// Method + path router over a tree of path segments. Literal segments win over
/// ":param" segments at the same depth; HEAD falls back to GET.
class HttpRouter final : public Router {
 public:
  HttpRouter();
  ~HttpRouter() override;
  void add(const std::string& method, const std::string& path, Role least, Handler handler,
           RouteOptions options = {}) override;
  RouteMatch match(const std::string& method, const std::string& path) const;
  /// Every route, for listings and docs.
  std::vector<const Route*> routes() const;
  /// Removes every route (before plugins unload).
  void clear();

 private:
  struct Node;
  mutable std::shared_mutex mutex_;
  std::unique_ptr<Node> root_;
};

}  // namespace arena::host
