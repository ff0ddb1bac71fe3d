// A complete, minimal CodeArena plugin: a config key, a migration, two routes (one public,
// one for signed-in users), an event, a metric, a health check and an operator command.
#include <arena/Plugin.h>

#include <iostream>

namespace {

class HelloPlugin final : public arena::Plugin {
 public:
  void setup(arena::PluginContext& context) override {
    greeting_ = context.config().at("greeting").get<std::string>();
    auto& db = context.database();
    auto& events = context.events();
    auto& greeted = context.metrics().counter("arena_hello_greetings_total", "Greetings stored");

    // Public: anyone may read the greeting.
    context.router().add("GET", "/api/hello", arena::Role::Public, [this](arena::Request&) {
      return arena::Response::json({{"message", greeting_ + ", world"}});
    });

    // Signed-in users store a name; the host has already answered 401/403 when needed.
    context.router().add("POST", "/api/hello", arena::Role::User, [this, &db, &events, &greeted](arena::Request& request) {
      auto body = request.json();
      if (!body.contains("name") || !body["name"].is_string())
        throw arena::errors::validation("name is required", {{"name", "must be a string"}});
      std::string name = body["name"];
      if (name.empty() || name.size() > 40)
        throw arena::errors::validation("name is invalid", {{"name", "must be 1 to 40 characters"}});
      auto id = db.transact([&](pqxx::work& tx) {
        return tx.exec_params1("INSERT INTO hello_greetings (name) VALUES ($1) RETURNING id", name)[0].as<long>();
      });
      greeted.inc();
      events.publish("hello.greeted", {{"id", id}, {"name", name}, {"by", request.user().username}});
      return arena::Response::json({{"id", id}, {"message", greeting_ + ", " + name}}, 201);
    });

    context.health().add("hello", [] { return arena::HealthStatus{true, "ready"}; });

    context.commands().add("hello", "NAME   print the configured greeting", [this](const std::vector<std::string>& args) {
      if (args.size() != 1) {
        std::cerr << "usage: arena hello NAME\n";
        return 2;
      }
      std::cout << greeting_ << ", " << args[0] << "\n";
      return 0;
    });
  }

 private:
  std::string greeting_;
};

}  // namespace

ARENA_PLUGIN(HelloPlugin, "hello", "1.0.0", "Example plugin from docs/plugins.md",
             R"({"greeting": {"type": "string", "default": "Hello", "doc": "What the plugin says"}})")
