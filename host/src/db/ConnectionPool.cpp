#include "db/ConnectionPool.h"

#include <poll.h>
#include <regex>

namespace arena::host {

std::string redact_conninfo(const std::string& url) {
  // URI form: postgresql://user:secret@host/db ; keyword form: password=secret
  static const std::regex uri_password(R"((postgres(?:ql)?://[^:/@]*):[^@]*@)");
  static const std::regex keyword_password(R"(password\s*=\s*('[^']*'|\S+))");
  std::string redacted = std::regex_replace(url, uri_password, "$1:***@");
  return std::regex_replace(redacted, keyword_password, "password=***");
}

namespace {

// Settings libpq applies to every connection. A URI takes them as query parameters, a
// keyword string as more keywords.
std::string with_settings(const std::string& url, const PoolOptions& options) {
  std::string timeout = "statement_timeout=" + std::to_string(options.statement_timeout.count());
  bool is_uri = url.starts_with("postgres://") || url.starts_with("postgresql://");
  if (is_uri) {
    char separator = url.find('?') == std::string::npos ? '?' : '&';
    return url + separator + "connect_timeout=" + std::to_string(options.connect_timeout_s) +
           "&application_name=" + options.application_name + "&options=-c%20" + timeout;
  }
  return url + " connect_timeout=" + std::to_string(options.connect_timeout_s) +
         " application_name=" + options.application_name + " options='-c " + timeout + "'";
}

// An idle pooled connection has nothing to say: nobody LISTENs on it and no query is
// running. If its socket is readable, the server has spoken anyway, which in practice means
// "terminating connection" before closing (restart, pg_terminate_backend, idle timeout).
// One poll() per lend tells, without a round trip.
bool still_alive(pqxx::connection& connection) {
  if (!connection.is_open()) return false;
  pollfd fd{connection.sock(), POLLIN, 0};
  if (fd.fd < 0) return false;
  return ::poll(&fd, 1, 0) == 0;
}

}  // namespace

ConnectionPool::ConnectionPool(PoolOptions options, std::shared_ptr<spdlog::logger> logger)
    : options_(std::move(options)), conninfo_(with_settings(options_.url, options_)), logger_(std::move(logger)) {
  stats_.size = options_.size;
}

ConnectionPool::~ConnectionPool() { close(); }

std::unique_ptr<pqxx::connection> ConnectionPool::connect() {
  try {
    return std::make_unique<pqxx::connection>(conninfo_);
  } catch (const std::exception& e) {
    // libpq's message names host and database, never the password.
    std::string reason = e.what();
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    logger_->warn("cannot connect to the database ({}): {}", redact_conninfo(options_.url), reason);
    throw errors::unavailable("the database is not reachable: " + reason);
  }
}

std::unique_ptr<pqxx::connection> ConnectionPool::open_dedicated() { return connect(); }

ConnectionLease ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  ++stats_.waiting;
  bool ready = available_.wait_for(lock, options_.acquire_timeout, [this] {
    return closed_ || !idle_.empty() || stats_.open < options_.size;
  });
  --stats_.waiting;
  if (closed_) throw errors::unavailable("the database pool is closed");
  if (!ready) {
    ++stats_.timeouts_total;
    throw errors::unavailable("no database connection became free within " +
                              std::to_string(options_.acquire_timeout.count()) + " ms");
  }
  // Reserve the slot first so the connect below happens outside the lock.
  ++stats_.in_use;
  std::unique_ptr<pqxx::connection> connection;
  if (!idle_.empty()) {
    connection = std::move(idle_.back());
    idle_.pop_back();
  } else {
    ++stats_.open;
  }
  lock.unlock();

  if (connection && !still_alive(*connection)) {
    logger_->info("a pooled database connection was lost; reconnecting");
    connection.reset();
    std::lock_guard relock(mutex_);
    ++stats_.reconnects_total;
  }
  if (!connection) {
    try {
      connection = connect();
    } catch (...) {
      std::lock_guard relock(mutex_);
      --stats_.in_use;
      --stats_.open;
      available_.notify_one();
      throw;
    }
  }
  std::lock_guard relock(mutex_);
  ++stats_.acquired_total;
  return ConnectionLease(this, std::move(connection));
}

void ConnectionPool::give_back(std::unique_ptr<pqxx::connection> connection, bool broken) noexcept {
  // A connection left inside a transaction or in a bad state is not worth saving.
  bool reusable = !broken && connection && connection->is_open();
  std::unique_ptr<pqxx::connection> discard;
  {
    std::lock_guard lock(mutex_);
    --stats_.in_use;
    if (reusable && !closed_) {
      idle_.push_back(std::move(connection));
    } else {
      --stats_.open;
      if (broken) ++stats_.broken_total;
      discard = std::move(connection);
    }
  }
  available_.notify_one();
  // `discard` closes here, outside the lock.
}

PoolStats ConnectionPool::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void ConnectionPool::close() {
  std::vector<std::unique_ptr<pqxx::connection>> idle;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    stats_.open -= idle_.size();
    idle.swap(idle_);
  }
  available_.notify_all();
}

}  // namespace arena::host
