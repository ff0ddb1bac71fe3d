#include "db/MigrationRunner.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <chrono>
#include <map>

namespace arena::host {

namespace {

// An arbitrary constant that names "the migration lock" among advisory locks.
constexpr long long kMigrationLockKey = 0x6172656e61L;  // "arena"

constexpr const char* kCreateTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  owner      text        NOT NULL,
  version    integer     NOT NULL,
  file       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, version)
))sql";

using Applied = std::map<std::pair<std::string, int>, std::string>;  // (owner, version) -> checksum

Applied read_applied(pqxx::connection& connection) {
  Applied applied;
  pqxx::nontransaction tx{connection};
  auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists[0].as<bool>()) return applied;
  for (const auto& row : tx.exec("SELECT owner, version, checksum FROM schema_migrations")) {
    applied[{row[0].as<std::string>(), row[1].as<int>()}] = row[2].as<std::string>();
  }
  return applied;
}

void check_order(const MigrationSet& set) {
  for (std::size_t i = 1; i < set.list.count; ++i) {
    if (set.list.items[i].version <= set.list.items[i - 1].version)
      throw MigrationError(set.owner, set.list.items[i].file, "versions must be unique and ascending");
  }
}

// Session advisory lock held for the duration of one apply().
class MigrationLock {
 public:
  explicit MigrationLock(pqxx::connection& connection) : connection_(connection) {
    pqxx::nontransaction(connection_).exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ")");
  }
  ~MigrationLock() {
    try {
      pqxx::nontransaction(connection_).exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")");
    } catch (...) {
      // The lock goes with the session if the connection is gone.
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  pqxx::connection& connection_;
};

}  // namespace

MigrationError::MigrationError(std::string owner, std::string file, const std::string& reason)
    : std::runtime_error("migration " + owner + "/" + file + " failed: " + reason),
      owner_(std::move(owner)),
      file_(std::move(file)) {}

std::string migration_checksum(const std::string& sql) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(sql);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

MigrationRunner::MigrationRunner(Database& database, std::shared_ptr<spdlog::logger> logger)
    : database_(database), logger_(std::move(logger)) {}

std::vector<MigrationState> MigrationRunner::apply(const std::vector<MigrationSet>& sets) {
  for (const auto& set : sets) check_order(set);
  return database_.run([&](pqxx::connection& connection) {
    // Lock first: two processes creating the table at once would collide.
    MigrationLock lock(connection);
    pqxx::nontransaction(connection).exec(kCreateTable);
    // Read after taking the lock: another process may have just applied some.
    Applied applied = read_applied(connection);
    std::vector<MigrationState> done;
    for (const auto& set : sets) {
      for (std::size_t i = 0; i < set.list.count; ++i) {
        const MigrationSource& migration = set.list.items[i];
        std::string checksum = migration_checksum(migration.sql);
        if (auto it = applied.find({set.owner, migration.version}); it != applied.end()) {
          if (it->second != checksum)
            throw MigrationError(set.owner, migration.file,
                                 "it was applied with different content; never edit an applied migration, add a new one");
          continue;
        }
        auto started = std::chrono::steady_clock::now();
        try {
          pqxx::work tx{connection};
          tx.exec(migration.sql);
          tx.exec_params("INSERT INTO schema_migrations (owner, version, file, checksum) VALUES ($1, $2, $3, $4)",
                         set.owner, migration.version, migration.file, checksum);
          tx.commit();
        } catch (const pqxx::broken_connection&) {
          throw;
        } catch (const std::exception& e) {
          std::string reason = e.what();
          while (!reason.empty() && reason.back() == '\n') reason.pop_back();
          throw MigrationError(set.owner, migration.file, reason);
        }
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        logger_->info("migration {}/{} applied in {:.1f} ms", set.owner, migration.file, ms);
        done.push_back({set.owner, migration.version, migration.file, true});
      }
    }
    return done;
  });
}

std::vector<MigrationState> MigrationRunner::status(const std::vector<MigrationSet>& sets) {
  Applied applied = database_.run([](pqxx::connection& connection) { return read_applied(connection); });
  std::vector<MigrationState> states;
  for (const auto& set : sets) {
    for (std::size_t i = 0; i < set.list.count; ++i) {
      const auto& migration = set.list.items[i];
      states.push_back({set.owner, migration.version, migration.file,
                        applied.count({set.owner, migration.version}) != 0});
    }
  }
  return states;
}

}  // namespace arena::host
