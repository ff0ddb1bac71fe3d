#include "http/middleware/Middleware.h"

namespace arena::host {

namespace {
HttpError too_large(std::size_t limit) {
  return HttpError(413, "payload_too_large", "the request body is larger than " + std::to_string(limit) + " bytes",
                   {{"limit", limit}});
}
}  // namespace

std::string read_body(std::istream& in, std::optional<std::size_t> content_length, std::size_t limit,
                      bool& consumed) {
  consumed = false;
  if (content_length && *content_length > limit) {
    // Reading (and dropping) a moderately oversized body lets the client see the 413
    // instead of a reset connection; beyond that, the connection is closed unread.
    if (*content_length <= kMaxDrainBytes) {
      in.ignore(static_cast<std::streamsize>(*content_length));
      consumed = true;
    }
    throw too_large(limit);
  }
  std::string body;
  if (content_length) body.reserve(*content_length);
  char buffer[16384];
  while (in) {
    in.read(buffer, sizeof buffer);
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    if (body.size() + static_cast<std::size_t>(got) > limit) throw too_large(limit);
    body.append(buffer, static_cast<std::size_t>(got));
  }
  consumed = true;
  return body;
}

}  // namespace arena::host
