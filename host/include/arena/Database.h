#pragma once

#include <arena/HttpError.h>

#include <memory>
#include <pqxx/pqxx>
#include <utility>

namespace arena {

class Database;

/// A pooled connection, borrowed for the lifetime of this object (move-only).
/// Give it back promptly: the pool is small and bounded.
class ConnectionLease {
 public:
  ConnectionLease(Database* owner, std::unique_ptr<pqxx::connection> connection)
      : owner_(owner), connection_(std::move(connection)) {}
  ConnectionLease(ConnectionLease&& other) noexcept
      : owner_(std::exchange(other.owner_, nullptr)), connection_(std::move(other.connection_)), broken_(other.broken_) {}
  ConnectionLease& operator=(ConnectionLease&&) = delete;
  ConnectionLease(const ConnectionLease&) = delete;
  ConnectionLease& operator=(const ConnectionLease&) = delete;
  ~ConnectionLease();

  pqxx::connection& operator*() { return *connection_; }
  pqxx::connection* operator->() { return connection_.get(); }
  /// Tells the pool not to reuse this connection (it saw the connection break).
  void mark_broken() { broken_ = true; }

 private:
  Database* owner_;
  std::unique_ptr<pqxx::connection> connection_;
  bool broken_ = false;
};

/// The PostgreSQL connection pool (libpqxx). Bounded; reconnects after the server restarts.
class Database {
 public:
  virtual ~Database() = default;

  /// Borrows a connection. Throws HttpError 503 when none frees up within the acquire
  /// timeout or the database cannot be reached.
  virtual ConnectionLease acquire() = 0;

  /// Opens a connection outside the pool, for long-lived uses such as LISTEN.
  virtual std::unique_ptr<pqxx::connection> open_dedicated() = 0;

  /// Runs `work(connection)` on a borrowed connection. A lost connection is discarded and
  /// reported as HttpError 503, so the next call gets a fresh one.
  template <class Work>
  decltype(auto) run(Work&& work) {
    auto lease = acquire();
    try {
      return work(*lease);
    } catch (const pqxx::broken_connection&) {
      lease.mark_broken();
      throw errors::unavailable("the database connection was lost; try again");
    }
  }

  /// Runs `work(transaction)` in a read-write transaction and commits it.
  template <class Work>
  decltype(auto) transact(Work&& work) {
    return run([&](pqxx::connection& c) -> decltype(auto) {
      pqxx::work tx{c};
      if constexpr (std::is_void_v<decltype(work(tx))>) {
        work(tx);
        tx.commit();
      } else {
        auto result = work(tx);
        tx.commit();
        return result;
      }
    });
  }

 protected:
  friend class ConnectionLease;
  /// Takes a connection back from a lease.
  virtual void give_back(std::unique_ptr<pqxx::connection> connection, bool broken) noexcept = 0;
};

inline ConnectionLease::~ConnectionLease() {
  if (owner_ != nullptr && connection_) owner_->give_back(std::move(connection_), broken_);
}

}  // namespace arena
