#include "http/HttpServer.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <chrono>
#include <thread>

namespace arena::host {

namespace {

class PipelineHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit PipelineHandler(HttpPipeline& pipeline) : pipeline_(pipeline) {}
  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    pipeline_.handle(in, out);
  }

 private:
  HttpPipeline& pipeline_;
};

class PipelineFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit PipelineFactory(std::shared_ptr<HttpPipeline> pipeline) : pipeline_(std::move(pipeline)) {}
  // Poco takes ownership of the returned handler and deletes it after the request.
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return std::make_unique<PipelineHandler>(*pipeline_).release();
  }

 private:
  std::shared_ptr<HttpPipeline> pipeline_;
};

}  // namespace

HttpServer::HttpServer(const HttpSettings& settings, std::shared_ptr<HttpPipeline> pipeline,
                       std::shared_ptr<spdlog::logger> logger)
    : settings_(settings), pipeline_(std::move(pipeline)), logger_(std::move(logger)) {}

HttpServer::~HttpServer() { shutdown(); }

void HttpServer::start() {
  Poco::Net::SocketAddress address(settings_.host, static_cast<Poco::UInt16>(settings_.port));
  Poco::Net::ServerSocket socket(address, /*backlog=*/1024);
  port_ = socket.address().port();

  // Poco's HTTPServerParams is reference counted and owned by the server.
  Poco::AutoPtr<Poco::Net::HTTPServerParams> params(new Poco::Net::HTTPServerParams);  // NOLINT: Poco ownership
  params->setMaxThreads(settings_.threads);
  params->setMaxQueued(settings_.max_queued);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(settings_.keep_alive_timeout_s, 0));
  params->setMaxKeepAliveRequests(0);
  params->setTimeout(Poco::Timespan(settings_.request_timeout_s, 0));
  params->setServerName("arena");

  threads_ = std::make_unique<Poco::ThreadPool>(2, settings_.threads, 60, 256 * 1024);
  server_ = std::make_unique<Poco::Net::HTTPServer>(
      Poco::Net::HTTPRequestHandlerFactory::Ptr(std::make_unique<PipelineFactory>(pipeline_).release()), *threads_,
      socket, params);
  server_->start();
  logger_->info("listening on http://{}:{}", settings_.host, port_);
}

void HttpServer::shutdown() {
  if (!server_ || stopped_) return;
  stopped_ = true;
  // Stop accepting; requests under way continue. (stopAll(false) would wait for them
  // without any bound, so the bound is ours.)
  server_->stop();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(settings_.shutdown_timeout_s);
  while (pipeline_->in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (pipeline_->in_flight() > 0) {
    logger_->warn("shutdown: {} request(s) still running after {} s; closing their connections",
                  pipeline_->in_flight(), settings_.shutdown_timeout_s);
  }
  // Close every connection: idle kept-alive ones would otherwise hold their threads until
  // they time out, and requests past the deadline are cut off.
  server_->stopAll(true);
  threads_->joinAll();
  server_.reset();
  logger_->info("HTTP server stopped");
}

}  // namespace arena::host
