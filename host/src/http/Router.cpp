#include "http/Router.h"

#include <mutex>
#include <stdexcept>

namespace arena::host {

struct HttpRouter::Node {
  std::map<std::string, std::unique_ptr<Node>> literals;
  std::unique_ptr<Node> param;
  std::string param_name;
  std::map<std::string, std::unique_ptr<Route>> methods;
};

namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    auto slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

}  // namespace

HttpRouter::HttpRouter() : root_(std::make_unique<Node>()) {}
HttpRouter::~HttpRouter() = default;

void HttpRouter::add(const std::string& method, const std::string& path, Role least, Handler handler,
                     RouteOptions options) {
  if (path.empty() || path.front() != '/') throw std::invalid_argument("route path must start with '/': " + path);
  if (!handler) throw std::invalid_argument("route " + method + " " + path + " has no handler");
  std::unique_lock lock(mutex_);
  Node* node = root_.get();
  for (std::string_view part : split(path)) {
    if (part.front() == ':') {
      std::string name(part.substr(1));
      if (name.empty()) throw std::invalid_argument("route " + path + ": empty parameter name");
      if (!node->param) {
        node->param = std::make_unique<Node>();
        node->param_name = name;
      } else if (node->param_name != name) {
        throw std::invalid_argument("route " + path + ": parameter :" + name + " conflicts with :" + node->param_name);
      }
      node = node->param.get();
    } else {
      auto& child = node->literals[std::string(part)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  auto& slot = node->methods[method];
  if (slot) throw std::invalid_argument("route " + method + " " + path + " is already registered");
  slot = std::make_unique<Route>(Route{method, path, least, std::move(handler), options});
}

RouteMatch HttpRouter::match(const std::string& method, const std::string& path) const {
  std::shared_lock lock(mutex_);
  auto parts = split(path);
  RouteMatch result;
  std::map<std::string, std::string> params;

  // Depth-first: literal child first, then the parameter child; the first node that has
  // any method decides between Found and MethodNotAllowed.
  auto walk = [&](auto&& self, const Node* node, std::size_t depth) -> const Node* {
    if (depth == parts.size()) return node->methods.empty() ? nullptr : node;
    if (auto it = node->literals.find(std::string(parts[depth])); it != node->literals.end()) {
      if (const Node* found = self(self, it->second.get(), depth + 1)) return found;
    }
    if (node->param) {
      params[node->param_name] = std::string(parts[depth]);
      if (const Node* found = self(self, node->param.get(), depth + 1)) return found;
      params.erase(node->param_name);
    }
    return nullptr;
  };
  const Node* node = walk(walk, root_.get(), 0);
  if (node == nullptr) return result;

  auto it = node->methods.find(method);
  if (it == node->methods.end() && method == "HEAD") it = node->methods.find("GET");
  if (it == node->methods.end()) {
    result.outcome = RouteMatch::Outcome::MethodNotAllowed;
    for (const auto& [m, _] : node->methods) result.allowed.push_back(m);
    return result;
  }
  result.outcome = RouteMatch::Outcome::Found;
  result.route = it->second.get();
  result.params = std::move(params);
  return result;
}

std::vector<const Route*> HttpRouter::routes() const {
  std::shared_lock lock(mutex_);
  std::vector<const Route*> out;
  auto collect = [&](auto&& self, const Node* node) -> void {
    for (const auto& [_, route] : node->methods) out.push_back(route.get());
    for (const auto& [_, child] : node->literals) self(self, child.get());
    if (node->param) self(self, node->param.get());
  };
  collect(collect, root_.get());
  return out;
}

void HttpRouter::clear() {
  std::unique_lock lock(mutex_);
  root_ = std::make_unique<Node>();
}

}  // namespace arena::host
