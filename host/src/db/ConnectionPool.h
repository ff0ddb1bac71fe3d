#pragma once

#include <arena/Database.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <spdlog/logger.h>
#include <string>
#include <vector>

namespace arena::host {

/// How the pool connects and how many connections it may hold.
struct PoolOptions {
  std::string url;  ///< libpq connection string or URI
  std::size_t size = 8;
  std::chrono::milliseconds acquire_timeout{5000};
  std::chrono::milliseconds statement_timeout{15000};  ///< 0: no limit
  int connect_timeout_s = 5;
  std::string application_name = "arena";
};

/// A snapshot of the pool's use, for /metrics.
struct PoolStats {
  std::size_t size = 0;     ///< the most connections it may open
  std::size_t open = 0;     ///< connections that exist now (idle + in use)
  std::size_t in_use = 0;   ///< lent out
  std::size_t waiting = 0;  ///< callers waiting for one
  std::uint64_t acquired_total = 0;
  std::uint64_t timeouts_total = 0;
  std::uint64_t reconnects_total = 0;  ///< dead idle connections replaced
  std::uint64_t broken_total = 0;      ///< connections discarded after a failure
};

/// A bounded libpqxx connection pool. Connections open lazily; at most `size` exist. A
/// caller waits up to acquire_timeout for one, then gets HttpError 503. An idle connection
/// whose server went away (restart, pg_terminate_backend) is noticed when it is lent and
/// replaced, so the pool heals after the database restarts.
class ConnectionPool final : public Database {
 public:
  ConnectionPool(PoolOptions options, std::shared_ptr<spdlog::logger> logger);
  ~ConnectionPool() override;

  ConnectionLease acquire() override;
  std::unique_ptr<pqxx::connection> open_dedicated() override;
  PoolStats stats() const;
  /// Closes idle connections; later acquire() calls fail with 503. Leases still out are
  /// closed when they come back.
  void close();

 protected:
  void give_back(std::unique_ptr<pqxx::connection> connection, bool broken) noexcept override;

 private:
  std::unique_ptr<pqxx::connection> connect();

  PoolOptions options_;
  std::string conninfo_;
  std::shared_ptr<spdlog::logger> logger_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  PoolStats stats_;
  bool closed_ = false;
};

/// The connection string with any password removed, for messages and logs.
std::string redact_conninfo(const std::string& url);

}  // namespace arena::host
