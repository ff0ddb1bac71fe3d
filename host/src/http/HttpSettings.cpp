#include "http/HttpSettings.h"

namespace arena::host {

HttpSettings HttpSettings::from_config(const nlohmann::json& config) {
  const auto& server = config.at("server");
  HttpSettings s;
  s.host = server.at("host");
  s.port = server.at("port");
  s.threads = server.at("threads");
  s.max_queued = server.at("max_queued");
  s.max_body_bytes = server.at("max_body_bytes");
  s.keep_alive_timeout_s = server.at("keep_alive_timeout_s");
  s.request_timeout_s = server.at("request_timeout_s");
  s.shutdown_timeout_s = server.at("shutdown_timeout_s");
  s.cors_origins = server.at("cors_origins").get<std::vector<std::string>>();
  s.trust_proxy = server.at("trust_proxy");
  s.content_security_policy = server.at("content_security_policy");
  s.access_log = config.at("log").at("access");
  s.metrics_allow = config.at("metrics").at("allow").get<std::vector<std::string>>();
  return s;
}

}  // namespace arena::host
