#pragma once

#include "http/HttpPipeline.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>
#include <memory>

namespace arena::host {

/// The Poco HTTP server around an HttpPipeline, with graceful shutdown: stop accepting,
/// let in-flight requests finish within shutdown_timeout_s, then close what is left.
class HttpServer {
 public:
  HttpServer(const HttpSettings& settings, std::shared_ptr<HttpPipeline> pipeline,
             std::shared_ptr<spdlog::logger> logger);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and starts serving. Throws when the address is taken.
  void start();
  /// The bound port (useful with port 0).
  std::uint16_t port() const { return port_; }
  /// Graceful stop; safe to call twice.
  void shutdown();

 private:
  HttpSettings settings_;
  std::shared_ptr<HttpPipeline> pipeline_;
  std::shared_ptr<spdlog::logger> logger_;
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

}  // namespace arena::host
