#include "http/HttpPipeline.h"

#include "http/middleware/Middleware.h"

#include <Poco/URI.h>
#include <pqxx/except>

namespace arena::host {

namespace {

Request to_request(Poco::Net::HTTPServerRequest& in, bool trust_proxy) {
  Request request;
  request.method = in.getMethod();
  const std::string& uri = in.getURI();
  auto question = uri.find('?');
  std::string raw_path = uri.substr(0, question);
  if (question != std::string::npos) request.query_string = uri.substr(question + 1);
  try {
    Poco::URI::decode(raw_path, request.path);
  } catch (const Poco::Exception&) {
    request.path = raw_path;
  }
  request.headers.reserve(in.size());
  for (const auto& [name, value] : in) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    request.headers.emplace_back(std::move(lower), value);
  }
  request.remote_address = in.clientAddress().host().toString();
  if (trust_proxy) {
    if (auto forwarded = request.header("x-forwarded-for"); forwarded && !forwarded->empty()) {
      auto comma = forwarded->find(',');
      std::string first(forwarded->substr(0, comma));
      first.erase(0, first.find_first_not_of(' '));
      first.erase(first.find_last_not_of(' ') + 1);
      request.remote_address = first;
    }
    request.secure = request.header("x-forwarded-proto") == std::optional<std::string_view>("https");
  }
  return request;
}

// Methods outside the usual set share one label, so clients cannot grow the series.
std::string method_label(const std::string& method) {
  static const std::vector<std::string> known = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  return std::find(known.begin(), known.end(), method) != known.end() ? method : "OTHER";
}

const std::vector<double> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1,     2.5,  5,     10};

}  // namespace

HttpPipeline::HttpPipeline(HttpSettings settings, const HttpRouter& router, std::optional<StaticFiles> static_files,
                           std::shared_ptr<Identity> identity, MetricsRegistry& metrics,
                           std::shared_ptr<spdlog::logger> logger)
    : settings_(std::move(settings)),
      router_(router),
      static_files_(std::move(static_files)),
      identity_(std::move(identity)),
      logger_(std::move(logger)),
      requests_total_(metrics.counter("arena_http_requests_total", "HTTP requests by route, method and status",
                                      {"route", "method", "status"})),
      request_seconds_(metrics.histogram("arena_http_request_duration_seconds", "HTTP request latency by route",
                                         kLatencyBuckets, {"route"})) {}

Response HttpPipeline::dispatch(Request& request, Poco::Net::HTTPServerRequest& in,
                                Poco::Net::HTTPServerResponse& out, std::string& route_label, bool& body_consumed) {
  if (auto preflight = cors_preflight(settings_, request)) {
    route_label = "preflight";
    return *preflight;
  }
  RouteMatch match = router_.match(request.method, request.path);
  if (match.outcome == RouteMatch::Outcome::MethodNotAllowed) {
    route_label = "unmatched";
    std::string allow;
    for (const auto& method : match.allowed) allow += (allow.empty() ? "" : ", ") + method;
    HttpError error(405, "method_not_allowed", request.method + " is not allowed on " + request.path,
                    {{"allowed", match.allowed}});
    error.headers().emplace_back("Allow", allow);
    throw error;
  }
  if (match.outcome == RouteMatch::Outcome::NotFound) {
    route_label = "unmatched";
    if (static_files_ && (request.method == "GET" || request.method == "HEAD")) {
      if (auto file = static_files_->serve(request)) {
        route_label = "static";
        return *file;
      }
    }
    throw errors::not_found("no route for " + request.method + " " + request.path);
  }

  const Route& route = *match.route;
  route_label = route.pattern;
  request.params = std::move(match.params);
  std::size_t limit = route.options.max_body_bytes > 0 ? route.options.max_body_bytes : settings_.max_body_bytes;
  std::optional<std::size_t> length;
  if (in.hasContentLength()) length = static_cast<std::size_t>(in.getContentLength64());
  if (in.getExpectContinue() && (!length || *length <= limit)) out.sendContinue();
  request.body = read_body(in.stream(), length, limit, body_consumed);
  authorize(identity_.get(), route, request);
  return route.handler(request);
}

void HttpPipeline::handle(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) {
  auto started = std::chrono::steady_clock::now();
  struct InFlight {
    std::atomic<int>& count;
    explicit InFlight(std::atomic<int>& c) : count(c) { ++count; }
    ~InFlight() { --count; }
  } in_flight{in_flight_};
  Request request = to_request(in, settings_.trust_proxy);
  request.request_id = request_id_for(request);
  std::string route_label = "unmatched";
  bool body_consumed = !in.hasContentLength() && !in.getChunkedTransferEncoding();
  Response response;
  try {
    if (upgrade_ && request.path == upgrade_path_) {
      route_label = upgrade_path_;
      if (upgrade_(request, in, out)) {  // the connection is no longer HTTP: nothing more to write
        requests_total_.inc({route_label, method_label(request.method), "101"});
        if (settings_.access_log) log_access(*logger_, request, 101, std::chrono::steady_clock::now() - started, 0);
        return;
      }
    }
    response = dispatch(request, in, out, route_label, body_consumed);
  } catch (const HttpError& error) {
    response = error_response(error);
  } catch (const pqxx::broken_connection& error) {
    logger_->error("request {}: database connection lost: {}", request.request_id, error.what());
    response = error_response(errors::unavailable("the database is not reachable; try again"));
  } catch (const std::exception& error) {
    logger_->error("request {} {} {}: {}", request.request_id, request.method, request.path, error.what());
    response = error_response(HttpError(500, "internal_error", "something went wrong on our side",
                                        {{"request_id", request.request_id}}));
  } catch (...) {
    logger_->error("request {}: unknown exception", request.request_id);
    response = error_response(HttpError(500, "internal_error", "something went wrong on our side",
                                        {{"request_id", request.request_id}}));
  }
  add_security_headers(settings_, request, response);
  add_cors_headers(settings_, request, response);

  try {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    out.set("X-Request-Id", request.request_id);
    for (const auto& [name, value] : response.headers) out.add(name, value);
    // Unread body bytes would be parsed as the next request: close the connection instead.
    if (!body_consumed) out.setKeepAlive(false);
    if (response.status == 204 || response.status == 304) {
      out.setContentLength(0);
      out.send();
    } else {
      if (!response.content_type.empty()) out.setContentType(response.content_type);
      out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
      if (request.method == "HEAD") {
        out.send();
      } else {
        out.sendBuffer(response.body.data(), response.body.size());
      }
    }
  } catch (const std::exception& error) {
    logger_->debug("request {}: client went away: {}", request.request_id, error.what());
  }

  auto elapsed = std::chrono::steady_clock::now() - started;
  requests_total_.inc({route_label, method_label(request.method), std::to_string(response.status)});
  request_seconds_.observe(std::chrono::duration<double>(elapsed).count(), {route_label});
  if (settings_.access_log) log_access(*logger_, request, response.status, elapsed, response.body.size());
}

}  // namespace arena::host
