// For the real-time tests and bench/ws: an Identity that trusts its token ("name",
// "name:role" or "name:role:banned"; tokens starting with "bad" are refused) with a distinct
// user id per name, a "test:*" channel the tests drive, and a "bench:*" channel that
// rebroadcasts "chat" to the topic. Never enable it on a real server.
#include <arena/Identity.h>
#include <arena/Plugin.h>

#include <cstdio>
#include <functional>

namespace {

std::string user_id_for(const std::string& name) {
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(std::hash<std::string>{}(name) & 0xFFFFFFFFFFFFULL));
  return id;
}

class TokenIdentity final : public arena::Identity {
 public:
  arena::AuthOutcome authenticate(const arena::Request& request) override {
    auto header = request.header("authorization");
    if (!header || !header->starts_with("Bearer ")) return {};
    return authenticate_token(std::string(header->substr(7)));
  }
  arena::AuthOutcome authenticate_token(const std::string& token) override {
    arena::AuthOutcome outcome;
    if (token.empty() || token.starts_with("bad")) {
      outcome.error = "invalid token";
      return outcome;
    }
    std::string name = token.substr(0, token.find(':'));
    std::string rest = token.find(':') == std::string::npos ? "user" : token.substr(token.find(':') + 1);
    bool banned = rest.ends_with(":banned");
    if (banned) rest.resize(rest.size() - 7);
    auto role = arena::parse_role(rest);
    if (!role) {
      outcome.error = "unknown role";
      return outcome;
    }
    outcome.principal = arena::Principal{user_id_for(name), name, *role, "t-" + name};
    if (banned) outcome.ban = nlohmann::json{{"reason", "spam"}, {"expires_at", nullptr}};
    return outcome;
  }
};

class TestChannel final : public arena::Channel {
 public:
  explicit TestChannel(arena::Channels& channels) : channels_(channels) {}
  nlohmann::json join(const std::string& topic, const nlohmann::json& payload, const arena::Subscriber& who) override {
    if (payload.value("deny", false)) throw arena::ChannelError("denied", {{"why", "asked to"}});
    if (payload.value("track", false)) channels_.track(topic, who, {{"tab", payload.value("tab", "")}});
    return {{"joined", topic}, {"user", who.principal.username}};
  }
  nlohmann::json handle(const std::string& topic, const std::string& event, const nlohmann::json& payload,
                        const arena::Subscriber& who) override {
    if (event == "echo") return payload;
    if (event == "shout") {
      channels_.broadcast(topic, "shout", payload);
      return nlohmann::json::object();
    }
    if (event == "boom") throw std::runtime_error("the handler crashed");
    if (event == "retrack") {
      channels_.update_presence(topic, who, {{"tab", payload.value("tab", "")}});
      return nlohmann::json::object();
    }
    throw arena::ChannelError("unknown event");
  }

 private:
  arena::Channels& channels_;
};

class BenchChannel final : public arena::Channel {
 public:
  explicit BenchChannel(arena::Channels& channels) : channels_(channels) {}
  nlohmann::json join(const std::string&, const nlohmann::json&, const arena::Subscriber&) override {
    return nlohmann::json::object();
  }
  nlohmann::json handle(const std::string& topic, const std::string& event, const nlohmann::json& payload,
                        const arena::Subscriber&) override {
    if (event != "chat") throw arena::ChannelError("unknown event");
    channels_.broadcast(topic, "chat", payload);
    return nlohmann::json::object();
  }

 private:
  arena::Channels& channels_;
};

class RealtimeProbePlugin final : public arena::Plugin {
 public:
  void setup(arena::PluginContext& context) override {
    context.services().provide<arena::Identity>(std::make_shared<TokenIdentity>());
    context.channels().add("test:*", std::make_shared<TestChannel>(context.channels()));
    context.channels().add("bench:*", std::make_shared<BenchChannel>(context.channels()));
  }
};

}  // namespace

ARENA_PLUGIN(RealtimeProbePlugin, "realtime_probe", "0.1.0",
             "test identity and channels for the real-time tests and bench (never in production)", R"({})")
