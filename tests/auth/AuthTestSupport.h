#pragma once

// A real host with the auth plugin (and the probe plugin's role-protected routes, without
// its stand-in identity), plus a client that keeps cookies like a browser.
#include "support/HttpClient.h"
#include "support/TestServer.h"

#include <map>
#include <string>

namespace auth_test {

/// Every test user's password.
inline constexpr const char* kPassword = "correct horse battery staple";
inline constexpr const char* kSecret = "test-secret-that-is-long-enough-for-hs256!";

inline std::vector<std::string> auth_sets(std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {"probe.provide_identity=false", std::string("auth.jwt_secret=") + kSecret,
                                   // Cheap hashes keep the suite fast; production uses the defaults.
                                   "auth.argon2.ops_limit=1", "auth.argon2.mem_limit_kib=8192",
                                   // Every test client is 127.0.0.1; the rate-limit test sets its own.
                                   "auth.rate_limits.register_per_ip_burst=100000",
                                   "auth.rate_limits.login_per_ip_burst=100000",
                                   "auth.rate_limits.login_per_identifier_burst=100000"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return sets;
}

/// A signed-in user as a browser would hold it.
struct Session {
  std::string access_token;
  std::map<std::string, std::string> cookies;
  nlohmann::json user;

  std::string cookie_header() const {
    std::string text;
    for (const auto& [name, value] : cookies) text += (text.empty() ? "" : "; ") + name + "=" + value;
    return text;
  }
  std::map<std::string, std::string> bearer() const { return {{"Authorization", "Bearer " + access_token}}; }
};

/// Reads Set-Cookie headers into a name -> value map (expired cookies are removed).
inline void absorb_cookies(const arena::test::HttpResult& result, std::map<std::string, std::string>& jar) {
  auto range = result.headers.equal_range("set-cookie");
  for (auto it = range.first; it != range.second; ++it) {
    const std::string& line = it->second;
    auto eq = line.find('=');
    auto semi = line.find(';');
    std::string name = line.substr(0, eq);
    std::string value = line.substr(eq + 1, semi - eq - 1);
    if (line.find("Max-Age=0") != std::string::npos)
      jar.erase(name);
    else
      jar[name] = value;
  }
}

inline Session session_from(const arena::test::HttpResult& result) {
  Session session;
  session.access_token = result.json().value("access_token", "");
  session.user = result.json().value("user", nlohmann::json());
  absorb_cookies(result, session.cookies);
  return session;
}

inline nlohmann::json registration(const std::string& name) {
  return {{"username", name}, {"email", name + "@example.com"}, {"password", kPassword}};
}

inline Session register_user(std::uint16_t port, const std::string& name) {
  auto result = arena::test::http("POST", port, "/api/register", registration(name).dump());
  if (result.status != 201) throw std::runtime_error("register failed: " + result.body);
  return session_from(result);
}

}  // namespace auth_test
