#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace arena::test {

/// What a test HTTP call got back.
struct HttpResult {
  int status = 0;
  std::multimap<std::string, std::string> headers;  ///< names lower-cased
  std::string body;

  /// The body as JSON (null when it is not JSON).
  nlohmann::json json() const;
  /// The first header by (lower-case) name, or "".
  std::string header(const std::string& name) const;
};

/// One request over a new loopback connection.
HttpResult http(const std::string& method, std::uint16_t port, const std::string& path, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {});

}  // namespace arena::test
