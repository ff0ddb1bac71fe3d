#include "realtime/RealtimeServer.h"

#include "realtime/WebSocketFrames.h"

#include <arena/HttpError.h>

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

namespace arena::host::realtime {

using nlohmann::json;

namespace {

bool header_has_token(const Poco::Net::HTTPServerRequest& in, const std::string& name, const std::string& token) {
  std::string value = Poco::toLower(in.get(name, ""));
  return value.find(token) != std::string::npos;
}

}  // namespace

RealtimeServer::RealtimeServer(const RealtimeSettings& settings, ChannelRegistry& registry,
                               std::shared_ptr<Identity> identity, MetricsRegistry& metrics,
                               std::shared_ptr<spdlog::logger> logger)
    : settings_(settings),
      registry_(registry),
      identity_(std::move(identity)),
      logger_(std::move(logger)),
      upgrades_total_(metrics.counter("arena_ws_upgrades_total", "WebSocket upgrade requests by outcome", {"outcome"})) {
  auto& counters = registry_.counters();
  // The hot counters are atomics; the collector moves their growth into the registry's series.
  struct Last {
    std::uint64_t joins = 0, in = 0, out = 0, slow = 0;
  };
  auto last = std::make_shared<Last>();
  metrics.add_collector([&counters, last, &open = metrics.gauge("arena_ws_sockets_open", "WebSocket connections open"),
                         &joins = metrics.counter("arena_ws_joins_total", "Channel joins accepted"),
                         &in = metrics.counter("arena_ws_messages_in_total", "Phoenix messages received"),
                         &out = metrics.counter("arena_ws_messages_out_total", "Phoenix messages sent (per socket)"),
                         &slow = metrics.counter("arena_ws_slow_consumers_dropped_total",
                                                 "Sockets dropped because their outgoing queue overflowed")] {
    open.set(static_cast<double>(counters.sockets_open.load()));
    auto move = [](Counter& counter, std::uint64_t now, std::uint64_t& before) {
      if (now > before) counter.inc({}, static_cast<double>(now - before));
      before = now;
    };
    move(joins, counters.joins.load(), last->joins);
    move(in, counters.messages_in.load(), last->in);
    move(out, counters.messages_out.load(), last->out);
    move(slow, counters.slow_consumers.load(), last->slow);
  });
  for (int i = 0; i < std::max(1, settings_.threads); ++i) {
    loops_.push_back(std::make_unique<EventLoop>(
        settings_, [this](Connection& c, std::string_view text) { on_message(c, text); },
        [this](Connection& c) { on_close(c); }));
  }
  logger_->debug("realtime: {} event loop thread(s)", loops_.size());
}

RealtimeServer::~RealtimeServer() { stop(); }

void RealtimeServer::stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto& loop : loops_) loop->stop();
}

std::size_t RealtimeServer::sockets() const {
  std::size_t total = 0;
  for (const auto& loop : loops_) total += loop->size();
  return total;
}

bool RealtimeServer::allow_upgrade(const std::string& user_id) {
  if (settings_.upgrades_per_minute <= 0) return true;
  std::lock_guard lock(upgrades_mutex_);
  auto now = now_ms();
  double capacity = settings_.upgrades_per_minute;
  auto [it, fresh] = upgrade_buckets_.try_emplace(user_id, Bucket{capacity, now});
  Bucket& bucket = it->second;
  bucket.tokens = std::min(capacity, bucket.tokens + static_cast<double>(now - bucket.at_ms) * capacity / 60000.0);
  bucket.at_ms = now;
  if (upgrade_buckets_.size() > 100000) {  // forget full buckets now and then: they are the default
    std::erase_if(upgrade_buckets_, [&](const auto& entry) {
      return entry.second.tokens + static_cast<double>(now - entry.second.at_ms) * capacity / 60000.0 >= capacity;
    });
    it = upgrade_buckets_.try_emplace(user_id, Bucket{capacity, now}).first;
  }
  if (it->second.tokens < 1) return false;
  it->second.tokens -= 1;
  return true;
}

bool RealtimeServer::upgrade(Request& request, Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) {
  auto refuse = [&](const char* outcome, HttpError error) -> bool {
    upgrades_total_.inc({outcome});
    throw error;
  };
  if (stopped_) refuse("unavailable", errors::unavailable("the server is shutting down"));
  if (request.method != "GET" || !header_has_token(in, "Upgrade", "websocket") ||
      !header_has_token(in, "Connection", "upgrade")) {
    refuse("bad_request", HttpError(426, "upgrade_required", "this endpoint only speaks WebSocket",
                                    json::object()));
  }
  if (in.get("Sec-WebSocket-Version", "") != "13" || in.get("Sec-WebSocket-Key", "").empty()) {
    refuse("bad_request", errors::bad_request("WebSocket version 13 with a Sec-WebSocket-Key is required"));
  }
  auto vsn = request.query("vsn");
  if (vsn && *vsn != "2.0.0") {
    refuse("bad_request", errors::bad_request("unsupported protocol version " + *vsn + "; this server speaks vsn=2.0.0"));
  }
  auto token = request.query("token");
  if (!token || token->empty()) refuse("unauthorized", errors::unauthorized("missing token"));
  if (!identity_) refuse("unauthorized", errors::unauthorized("no identity service: sign-in is not available"));
  AuthOutcome outcome = identity_->authenticate_token(*token);
  if (!outcome.principal) {
    refuse("unauthorized", errors::unauthorized(outcome.error.empty() ? "invalid token" : outcome.error));
  }
  if (outcome.ban) refuse("forbidden", HttpError(403, "banned", "this account is banned", {{"ban", *outcome.ban}}));
  if (!allow_upgrade(outcome.principal->user_id)) {
    refuse("rate_limited", HttpError(429, "rate_limited", "too many socket connections; try again in a minute",
                                     json::object()));
  }

  out.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_SWITCHING_PROTOCOLS);
  out.set("Upgrade", "websocket");
  out.set("Connection", "Upgrade");
  out.set("Sec-WebSocket-Accept", ws::accept_key(in.get("Sec-WebSocket-Key")));
  out.setContentLength(Poco::Net::HTTPResponse::UNKNOWN_CONTENT_LENGTH);  // (setKeepAlive would overwrite Connection)
  out.send().flush();
  // The socket leaves Poco: a duplicate descriptor is ours, Poco closes its own when the
  // request ends, and this HTTP thread goes back to the pool.
  Poco::Net::StreamSocket socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(in).detachSocket();
  int fd = ::fcntl(socket.impl()->sockfd(), F_DUPFD_CLOEXEC, 0);
  if (fd < 0) refuse("error", errors::unavailable("out of file descriptors"));
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  std::uint64_t id = next_id_++;
  auto connection = std::make_shared<Connection>(fd, id, settings_.max_queue_bytes, registry_.counters());
  registry_.connect(connection, Subscriber{id, *outcome.principal, request.remote_address});
  ++registry_.counters().sockets_open;
  upgrades_total_.inc({"accepted"});
  loops_[next_loop_++ % loops_.size()]->adopt(std::move(connection));
  return true;
}

void RealtimeServer::on_message(Connection& connection, std::string_view text) {
  // The per-socket rate limit: a token bucket of events_per_second, bursts of twice that.
  if (settings_.events_per_second > 0) {
    std::int64_t now = now_ms();
    double capacity = settings_.events_per_second * 2;
    connection.tokens = std::min(capacity, connection.tokens + static_cast<double>(now - connection.tokens_at_ms) *
                                                                    settings_.events_per_second / 1000.0);
    connection.tokens_at_ms = now;
  }
  std::string error;
  auto message = PhoenixMessage::decode(text, error);
  if (!message) {
    connection.close_with(ws::InvalidPayload, error);
    return;
  }
  if (settings_.events_per_second > 0) {
    if (connection.tokens < 1) {
      registry_.counters().messages_in++;
      connection.deliver(text_frame(reply(message->join_ref, message->ref, message->topic, "error",
                                          {{"reason", "rate limited"}})));
      return;
    }
    connection.tokens -= 1;
  }
  registry_.receive(connection.id(), *message);
}

void RealtimeServer::on_close(Connection& connection) {
  --registry_.counters().sockets_open;
  registry_.disconnect(connection.id());
}

}  // namespace arena::host::realtime
