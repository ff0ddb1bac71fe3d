// Routes the HTTP tests need, and a stand-in Identity service that trusts an
// "X-Test-User: name:role" header (or "name:role:banned"). The real auth plugin replaces it;
// here it lets the host's role and ban enforcement be tested on its own.
#include <arena/Identity.h>
#include <arena/Plugin.h>

#include <chrono>
#include <thread>

namespace {

class HeaderIdentity final : public arena::Identity {
 public:
  arena::AuthOutcome authenticate(const arena::Request& request) override {
    auto header = request.header("x-test-user");
    if (!header) return {};
    return authenticate_token(std::string(*header));
  }
  arena::AuthOutcome authenticate_token(const std::string& token) override {
    arena::AuthOutcome outcome;
    auto colon = token.find(':');
    if (colon == std::string::npos) {
      outcome.error = "malformed test credentials";
      return outcome;
    }
    std::string rest = token.substr(colon + 1);
    bool banned = rest.ends_with(":banned");
    if (banned) rest.resize(rest.size() - 7);
    auto role = arena::parse_role(rest);
    if (!role) {
      outcome.error = "unknown role";
      return outcome;
    }
    outcome.principal = arena::Principal{"00000000-0000-0000-0000-000000000001", token.substr(0, colon), *role, "t"};
    if (banned) outcome.ban = nlohmann::json{{"reason", "spam"}, {"expires_at", nullptr}};
    return outcome;
  }
};

class ProbePlugin final : public arena::Plugin {
 public:
  void setup(arena::PluginContext& context) override {
    auto& router = context.router();
    // Off when the real auth plugin is loaded alongside.
    if (context.config().at("provide_identity").get<bool>())
      context.services().provide<arena::Identity>(std::make_shared<HeaderIdentity>());
    router.add("GET", "/api/probe/slow", arena::Role::Public, [](arena::Request& request) {
      int ms = std::stoi(request.query("ms").value_or("200"));
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      return arena::Response::json({{"slept_ms", ms}});
    });
    router.add("POST", "/api/probe/echo", arena::Role::Public, [](arena::Request& request) {
      return arena::Response::json({{"bytes", request.body.size()}});
    });
    router.add("POST", "/api/probe/big", arena::Role::Public,
               [](arena::Request& request) { return arena::Response::json({{"bytes", request.body.size()}}); },
               arena::RouteOptions{.max_body_bytes = 4 << 20});
    router.add("GET", "/api/probe/boom", arena::Role::Public,
               [](arena::Request&) -> arena::Response { throw std::runtime_error("secret internal detail"); });
    router.add("GET", "/api/probe/items/:id", arena::Role::Public, [](arena::Request& request) {
      return arena::Response::json({{"id", request.param("id")}, {"q", request.query("q").value_or("")}});
    });
    router.add("DELETE", "/api/probe/items/:id", arena::Role::Moderator,
               [](arena::Request& request) { return arena::Response::json({{"deleted", request.param("id")}}); });
    router.add("GET", "/api/probe/items/special", arena::Role::Public,
               [](arena::Request&) { return arena::Response::json({{"special", true}}); });
    router.add("POST", "/api/probe/write", arena::Role::User,
               [](arena::Request& request) { return arena::Response::json({{"by", request.user().username}}); });
    router.add("GET", "/api/probe/admin", arena::Role::Admin,
               [](arena::Request& request) { return arena::Response::json({{"admin", request.user().username}}); });
    router.add("POST", "/api/probe/validate", arena::Role::Public, [](arena::Request& request) -> arena::Response {
      auto body = request.json();
      if (!body.contains("n") || !body["n"].is_number_integer())
        throw arena::errors::validation("n must be an integer", {{"n", "required integer"}});
      return arena::Response::json({{"n", body["n"]}});
    });
    context.health().add("probe", [&config = context.config()] {
      return arena::HealthStatus{config.at("healthy").get<bool>(), "probe says so"};
    });
  }
};

}  // namespace

ARENA_PLUGIN(ProbePlugin, "probe", "0.1.0", "routes and a stand-in identity for the host tests",
             R"({"healthy": {"type": "boolean", "default": true, "doc": "what the probe health check reports"},
                 "provide_identity": {"type": "boolean", "default": true, "doc": "offer the X-Test-User identity"}})")
