#pragma once

#include <string>

namespace arena::test {

/// The connection string of the development cluster's arena database: ARENA_TEST_DATABASE_URL,
/// or the private cluster under var/pg that `make test` starts.
std::string base_database_url();

/// A fresh, empty PostgreSQL database for one test, dropped when this object goes away.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  /// libpq connection string of the fresh database.
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::string url_;
};

}  // namespace arena::test
