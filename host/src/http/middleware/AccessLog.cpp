#include "http/middleware/Middleware.h"

namespace arena::host {

void log_access(spdlog::logger& logger, const Request& request, int status, std::chrono::nanoseconds duration,
                std::size_t bytes) {
  double ms = std::chrono::duration<double, std::milli>(duration).count();
  logger.info("{} {} {} {} {}B {:.2f}ms id={} user={}", request.remote_address, request.method, request.path, status,
              bytes, ms, request.request_id, request.principal ? request.principal->username : "-");
}

}  // namespace arena::host
