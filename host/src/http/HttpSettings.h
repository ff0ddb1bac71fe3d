#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace arena::host {

/// The HTTP server's settings, read once from the `server` config section.
struct HttpSettings {
  std::string host = "0.0.0.0";
  int port = 8080;
  int threads = 128;
  int max_queued = 1024;
  std::size_t max_body_bytes = 1 << 20;
  int keep_alive_timeout_s = 15;
  int request_timeout_s = 30;
  int shutdown_timeout_s = 10;
  std::vector<std::string> cors_origins;
  bool trust_proxy = false;
  std::string content_security_policy;
  bool access_log = true;
  std::vector<std::string> metrics_allow;

  /// From the effective config (sections server, log, metrics).
  static HttpSettings from_config(const nlohmann::json& config);
};

}  // namespace arena::host
