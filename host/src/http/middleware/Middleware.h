#pragma once

// The small steps every request passes through, in order: request id, CORS preflight,
// body limit, authorization, handler, error rendering, security and CORS headers, access
// log. Each lives in its own file; HttpPipeline composes them.

#include "http/HttpSettings.h"
#include "http/Router.h"

#include <arena/HttpError.h>
#include <arena/Identity.h>
#include <arena/Request.h>
#include <arena/Router.h>

#include <chrono>
#include <istream>
#include <optional>
#include <spdlog/logger.h>

namespace arena::host {

/// The caller's X-Request-Id when it is a sane token, else a new random one.
std::string request_id_for(const Request& request);

/// Whether `origin` may call the API from a browser.
bool cors_allowed(const HttpSettings& settings, std::string_view origin);
/// The 204 answer to a CORS preflight, or nullopt when the request is not one.
std::optional<Response> cors_preflight(const HttpSettings& settings, const Request& request);
/// Adds Access-Control-* headers for an allowed Origin.
void add_cors_headers(const HttpSettings& settings, const Request& request, Response& response);

/// Adds the security headers every response carries.
void add_security_headers(const HttpSettings& settings, const Request& request, Response& response);

/// Oversized bodies up to this size are read and dropped so the client sees the 413.
inline constexpr std::size_t kMaxDrainBytes = 16 << 20;

/// Reads at most `limit` bytes of body; throws HttpError 413 beyond (by Content-Length
/// before reading, or while reading a chunked body). `consumed` tells whether the whole
/// body left the stream, i.e. whether the connection can serve another request.
std::string read_body(std::istream& in, std::optional<std::size_t> content_length, std::size_t limit,
                      bool& consumed);

/// Resolves the caller with the Identity service (when a plugin provides one) and enforces
/// the route's least role and bans: throws HttpError 401/403.
void authorize(Identity* identity, const Route& route, Request& request);

/// The JSON error response for an HttpError.
Response error_response(const HttpError& error);

/// One access-log line.
void log_access(spdlog::logger& logger, const Request& request, int status, std::chrono::nanoseconds duration,
                std::size_t bytes);

}  // namespace arena::host
