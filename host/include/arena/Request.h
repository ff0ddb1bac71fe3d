#pragma once

#include <arena/Principal.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arena {

/// An HTTP request as route handlers see it: fully read, size-checked, with path parameters
/// and the caller's identity already resolved.
struct Request {
  std::string method;        ///< "GET", "POST", ...
  std::string path;          ///< decoded path without the query string
  std::string query_string;  ///< raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased
  std::string body;
  std::map<std::string, std::string> params;  ///< path parameters, e.g. ":id" -> params["id"]
  std::optional<Principal> principal;         ///< set when the caller presented valid credentials
  std::string request_id;                     ///< echoed as X-Request-Id
  std::string remote_address;                 ///< client IP
  bool secure = false;                        ///< served over TLS (directly or per a trusted proxy)

  /// The first header with this name (case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const;
  /// A query parameter, URL-decoded; the first one when repeated.
  std::optional<std::string> query(std::string_view name) const;
  /// Every value of a repeated query parameter, URL-decoded.
  std::vector<std::string> query_all(std::string_view name) const;
  /// A cookie value, if the request carries it.
  std::optional<std::string> cookie(std::string_view name) const;
  /// A path parameter; throws HttpError 404 if the route has none by that name.
  const std::string& param(const std::string& name) const;
  /// The body parsed as a JSON object; throws HttpError 400 when it is not one.
  nlohmann::json json() const;
  /// The signed-in caller; throws HttpError 401 when there is none.
  const Principal& user() const;
};

/// What a handler returns. Defaults to 200 with a JSON body.
struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  /// A JSON response.
  static Response json(const nlohmann::json& value, int status = 200);
  /// 204 No Content.
  static Response no_content();
  /// Adds a response header; returns *this for chaining.
  Response& header(std::string name, std::string value);
};

}  // namespace arena
