#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace arena {

/// An error a handler wants the caller to see. The host renders it as
/// {"error": {"type", "message", "status", "details"}} with the given status.
/// Throw it from a route handler; anything else thrown becomes a 500 internal_error.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string type, const std::string& message, nlohmann::json details = nlohmann::json::object())
      : std::runtime_error(message), status_(status), type_(std::move(type)), details_(std::move(details)) {}

  int status() const { return status_; }
  const std::string& type() const { return type_; }
  const nlohmann::json& details() const { return details_; }

  /// Extra response headers (for example Retry-After or Allow).
  std::vector<std::pair<std::string, std::string>>& headers() { return headers_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

  /// The JSON body of this error.
  nlohmann::json to_json() const {
    return {{"error", {{"type", type_}, {"message", what()}, {"status", status_}, {"details", details_}}}};
  }

 private:
  int status_;
  std::string type_;
  nlohmann::json details_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

/// Shorthands for the common errors, so every plugin names them the same way.
namespace errors {
/// 400: the request cannot be parsed (bad JSON, bad query parameter).
inline HttpError bad_request(const std::string& message, nlohmann::json details = nlohmann::json::object()) {
  return {400, "bad_request", message, std::move(details)};
}
/// 422: well-formed but invalid; `details` maps field names to what is wrong with them.
inline HttpError validation(const std::string& message, nlohmann::json details = nlohmann::json::object()) {
  return {422, "validation_error", message, std::move(details)};
}
/// 401: no or bad credentials.
inline HttpError unauthorized(const std::string& message = "authentication required") {
  return {401, "unauthorized", message};
}
/// 403: signed in, but not allowed.
inline HttpError forbidden(const std::string& message = "not allowed", nlohmann::json details = nlohmann::json::object()) {
  return {403, "forbidden", message, std::move(details)};
}
/// 404: no such resource (or one the caller may not know about).
inline HttpError not_found(const std::string& message = "not found") { return {404, "not_found", message}; }
/// 409: conflicts with existing state (a duplicate name, say).
inline HttpError conflict(const std::string& message, nlohmann::json details = nlohmann::json::object()) {
  return {409, "conflict", message, std::move(details)};
}
/// 429: slow down; sets Retry-After.
inline HttpError too_many_requests(int retry_after_seconds) {
  HttpError e{429, "rate_limited", "too many requests, retry later", {{"retry_after", retry_after_seconds}}};
  e.headers().emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return e;
}
/// 503: a dependency (database, judge) is not available right now.
inline HttpError unavailable(const std::string& message) { return {503, "service_unavailable", message}; }
}  // namespace errors

}  // namespace arena
