#include "db/ConnectionPool.h"
#include "support/TestDatabase.h"

#include <arena/HttpError.h>

#include <future>
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <thread>

using arena::host::ConnectionPool;
using arena::host::PoolOptions;

namespace {

std::shared_ptr<spdlog::logger> quiet() { return std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>()); }

PoolOptions options_for(const arena::test::TestDatabase& database, std::size_t size, int acquire_ms = 300) {
  PoolOptions options;
  options.url = database.url();
  options.size = size;
  options.acquire_timeout = std::chrono::milliseconds(acquire_ms);
  return options;
}

// Asks the server, so the connection is really used.
int backend_pid(ConnectionPool& pool) {
  return pool.run([](pqxx::connection& c) { return pqxx::nontransaction(c).exec1("SELECT pg_backend_pid()")[0].as<int>(); });
}

}  // namespace

TEST(ConnectionPoolTest, RunsQueries) {
  arena::test::TestDatabase database;
  ConnectionPool pool(options_for(database, 2), quiet());
  int value = pool.transact([](pqxx::work& tx) { return tx.exec1("SELECT 40 + 2")[0].as<int>(); });
  EXPECT_EQ(value, 42);
  EXPECT_EQ(pool.stats().acquired_total, 1u);
  EXPECT_EQ(pool.stats().in_use, 0u);
  EXPECT_EQ(pool.stats().open, 1u);
}

TEST(ConnectionPoolTest, IsBoundedAndTimesOutWith503) {
  arena::test::TestDatabase database;
  ConnectionPool pool(options_for(database, 2), quiet());
  auto first = pool.acquire();
  auto second = pool.acquire();
  EXPECT_EQ(pool.stats().in_use, 2u);
  auto started = std::chrono::steady_clock::now();
  try {
    auto third = pool.acquire();
    FAIL() << "a third connection was lent from a pool of two";
  } catch (const arena::HttpError& e) {
    EXPECT_EQ(e.status(), 503);
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(250));
  EXPECT_EQ(pool.stats().timeouts_total, 1u);
  EXPECT_EQ(pool.stats().open, 2u);
}

TEST(ConnectionPoolTest, ReleasedLeaseWakesAWaiter) {
  arena::test::TestDatabase database;
  ConnectionPool pool(options_for(database, 1, 5000), quiet());
  auto held = std::make_unique<arena::ConnectionLease>(pool.acquire());
  int pid = (**held).backendpid();
  auto waiter = std::async(std::launch::async, [&] { return backend_pid(pool); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(waiter.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  held.reset();
  EXPECT_EQ(waiter.get(), pid);  // the same connection, reused
}

TEST(ConnectionPoolTest, ManyThreadsShareAFewConnections) {
  arena::test::TestDatabase database;
  ConnectionPool pool(options_for(database, 3, 10000), quiet());
  pool.transact([](pqxx::work& tx) { tx.exec("CREATE TABLE hits (n int)"); });
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&pool, t] {
      for (int i = 0; i < 20; ++i) pool.transact([&](pqxx::work& tx) { tx.exec_params("INSERT INTO hits VALUES ($1)", t); });
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(pool.transact([](pqxx::work& tx) { return tx.exec1("SELECT count(*) FROM hits")[0].as<int>(); }), 160);
  EXPECT_LE(pool.stats().open, 3u);
}

TEST(ConnectionPoolTest, ReconnectsAfterTheBackendIsKilled) {
  arena::test::TestDatabase database;
  ConnectionPool pool(options_for(database, 1), quiet());
  int pid = backend_pid(pool);
  pqxx::connection admin{database.url()};
  pqxx::nontransaction(admin).exec("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int new_pid = backend_pid(pool);  // no error: the dead idle connection was replaced
  EXPECT_NE(new_pid, pid);
  EXPECT_EQ(pool.stats().reconnects_total, 1u);
  EXPECT_EQ(pool.stats().open, 1u);
}

TEST(ConnectionPoolTest, ConnectionLostMidUseIs503AndNotReused) {
  arena::test::TestDatabase database;
  ConnectionPool pool(options_for(database, 1), quiet());
  int first_pid = 0;
  try {
    pool.run([&](pqxx::connection& c) {
      first_pid = c.backendpid();
      pqxx::connection admin{database.url()};
      pqxx::nontransaction(admin).exec("SELECT pg_terminate_backend(" + std::to_string(first_pid) + ")");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      pqxx::nontransaction(c).exec("SELECT 1");
      return 0;
    });
    FAIL() << "using a killed connection should fail";
  } catch (const arena::HttpError& e) {
    EXPECT_EQ(e.status(), 503);
  }
  EXPECT_EQ(pool.stats().broken_total, 1u);
  EXPECT_NE(backend_pid(pool), first_pid);
}

TEST(ConnectionPoolTest, StatementTimeoutApplies) {
  arena::test::TestDatabase database;
  auto options = options_for(database, 1);
  options.statement_timeout = std::chrono::milliseconds(200);
  ConnectionPool pool(options, quiet());
  EXPECT_THROW(pool.transact([](pqxx::work& tx) { tx.exec("SELECT pg_sleep(2)"); }), pqxx::sql_error);
  // The connection is still usable afterwards.
  EXPECT_EQ(pool.transact([](pqxx::work& tx) { return tx.exec1("SELECT 1")[0].as<int>(); }), 1);
}

TEST(ConnectionPoolTest, UnreachableDatabaseIs503WithoutThePassword) {
  PoolOptions options;
  options.url = "postgresql://arena:hunter2@127.0.0.1:1/arena";
  options.connect_timeout_s = 1;
  ConnectionPool pool(options, quiet());
  try {
    pool.acquire();
    FAIL() << "connecting to port 1 should fail";
  } catch (const arena::HttpError& e) {
    EXPECT_EQ(e.status(), 503);
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
  EXPECT_EQ(pool.stats().open, 0u);
  EXPECT_EQ(pool.stats().in_use, 0u);
}

TEST(ConnectionPoolTest, RedactsPasswords) {
  EXPECT_EQ(arena::host::redact_conninfo("postgresql://u:secret@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(arena::host::redact_conninfo("host=h password=secret dbname=d"), "host=h password=*** dbname=d");
}

TEST(ConnectionPoolTest, ClosedPoolRefuses) {
  arena::test::TestDatabase database;
  ConnectionPool pool(options_for(database, 1), quiet());
  backend_pid(pool);
  pool.close();
  EXPECT_THROW(pool.acquire(), arena::HttpError);
  EXPECT_EQ(pool.stats().open, 0u);
}
