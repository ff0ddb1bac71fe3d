#pragma once

#include "core/MetricsRegistry.h"
#include "http/HttpSettings.h"
#include "http/Router.h"
#include "http/StaticFiles.h"

#include <arena/Identity.h>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <spdlog/logger.h>

namespace arena::host {

/// Turns one Poco request into an arena::Request, runs it through the middleware and the
/// matched route (or the static files), and writes the response. Shared by all server threads.
class HttpPipeline {
 public:
  HttpPipeline(HttpSettings settings, const HttpRouter& router, std::optional<StaticFiles> static_files,
               std::shared_ptr<Identity> identity, MetricsRegistry& metrics, std::shared_ptr<spdlog::logger> logger);

  /// Serves one request on a server thread. Never throws.
  void handle(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out);

  /// Takes over a connection (a WebSocket upgrade): returns true when it answered and took
  /// the socket; throws HttpError to refuse with an ordinary error response.
  using UpgradeHandler =
      std::function<bool(Request&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;
  /// Routes requests for `path` to `handler` before the router (set before the server starts).
  void set_upgrade(std::string path, UpgradeHandler handler) {
    upgrade_path_ = std::move(path);
    upgrade_ = std::move(handler);
  }

  /// Requests being handled right now (for graceful shutdown).
  int in_flight() const { return in_flight_.load(); }

 private:
  Response dispatch(Request& request, Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out,
                    std::string& route_label, bool& body_consumed);

  HttpSettings settings_;
  const HttpRouter& router_;
  std::optional<StaticFiles> static_files_;
  std::shared_ptr<Identity> identity_;
  std::shared_ptr<spdlog::logger> logger_;
  Counter& requests_total_;
  Histogram& request_seconds_;
  std::atomic<int> in_flight_{0};
  std::string upgrade_path_;
  UpgradeHandler upgrade_;
};

}  // namespace arena::host
