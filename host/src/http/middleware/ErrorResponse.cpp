#include "http/middleware/Middleware.h"

namespace arena::host {

Response error_response(const HttpError& error) {
  Response response = Response::json(error.to_json(), error.status());
  for (const auto& header : error.headers()) response.headers.push_back(header);
  return response;
}

}  // namespace arena::host
