#include <arena/HttpError.h>
#include <arena/Request.h>

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <algorithm>
#include <cctype>

namespace arena {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string url_decode(std::string_view text) {
  std::string plus_as_space(text);
  std::replace(plus_as_space.begin(), plus_as_space.end(), '+', ' ');
  std::string decoded;
  try {
    Poco::URI::decode(plus_as_space, decoded);
  } catch (const Poco::Exception&) {
    throw errors::bad_request("malformed percent-encoding in the query string");
  }
  return decoded;
}

// Calls `visit(name, value)` for each key=value pair of a query string.
template <class Visit>
void for_each_query_pair(std::string_view query, Visit&& visit) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string name = url_decode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1));
    if (!visit(name, value)) return;
  }
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::query(std::string_view name) const {
  std::optional<std::string> found;
  for_each_query_pair(query_string, [&](const std::string& key, const std::string& value) {
    if (key != name) return true;
    found = value;
    return false;
  });
  return found;
}

std::vector<std::string> Request::query_all(std::string_view name) const {
  std::vector<std::string> values;
  for_each_query_pair(query_string, [&](const std::string& key, const std::string& value) {
    if (key == name) values.push_back(value);
    return true;
  });
  return values;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (!iequals(key, "cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      auto semi = rest.find(';');
      std::string_view item = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      auto eq = item.find('=');
      if (eq != std::string_view::npos && item.substr(0, eq) == name) return std::string(item.substr(eq + 1));
    }
  }
  return std::nullopt;
}

const std::string& Request::param(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end()) throw errors::not_found("missing path parameter: " + name);
  return it->second;
}

nlohmann::json Request::json() const {
  nlohmann::json value = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) throw errors::bad_request("the request body is not valid JSON");
  if (!value.is_object()) throw errors::bad_request("the request body must be a JSON object");
  return value;
}

const Principal& Request::user() const {
  if (!principal) throw errors::unauthorized();
  return *principal;
}

Response Response::json(const nlohmann::json& value, int status) {
  Response response;
  response.status = status;
  response.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::no_content() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

Response& Response::header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

}  // namespace arena
