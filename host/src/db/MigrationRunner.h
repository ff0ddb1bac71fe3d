#pragma once

#include <arena/Database.h>
#include <arena/Migration.h>

#include <memory>
#include <spdlog/logger.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace arena::host {

/// One owner's migrations: "host" or a plugin's name.
struct MigrationSet {
  std::string owner;
  MigrationList list;
};

/// Whether one migration is applied.
struct MigrationState {
  std::string owner;
  int version = 0;
  std::string file;
  bool applied = false;
};

/// A migration that failed or cannot be trusted; names the owner, file and reason.
class MigrationError : public std::runtime_error {
 public:
  MigrationError(std::string owner, std::string file, const std::string& reason);
  const std::string& owner() const { return owner_; }
  const std::string& file() const { return file_; }

 private:
  std::string owner_, file_;
};

/// Applies numbered SQL migrations, each in its own transaction together with its row in
/// schema_migrations(owner, version, file, checksum, applied_at). A session advisory lock
/// keeps two processes from migrating at once. An applied migration whose text changed is
/// refused rather than re-run or ignored.
class MigrationRunner {
 public:
  MigrationRunner(Database& database, std::shared_ptr<spdlog::logger> logger);
  /// Applies what is pending, set by set in the order given; returns what it applied.
  /// Throws MigrationError; the failing file leaves no trace.
  std::vector<MigrationState> apply(const std::vector<MigrationSet>& sets);
  /// Every migration of the sets with whether it is applied.
  std::vector<MigrationState> status(const std::vector<MigrationSet>& sets);

 private:
  Database& database_;
  std::shared_ptr<spdlog::logger> logger_;
};

/// The checksum recorded for a migration's SQL text (hex SHA-256).
std::string migration_checksum(const std::string& sql);

}  // namespace arena::host
