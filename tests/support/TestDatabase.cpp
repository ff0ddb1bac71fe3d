#include "support/TestDatabase.h"

#include <atomic>
#include <cstdlib>
#include <pqxx/pqxx>
#include <random>
#include <unistd.h>

namespace arena::test {

std::string base_database_url() {
  if (const char* url = std::getenv("ARENA_TEST_DATABASE_URL"); url != nullptr && *url != '\0') return url;
  return std::string("host=") + ARENA_SOURCE_DIR + "/var/pg/run port=5432 dbname=arena user=arena";
}

namespace {
std::string unique_name() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return "arena_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(random() % 1000000);
}
}  // namespace

TestDatabase::TestDatabase() : name_(unique_name()) {
  pqxx::connection admin{base_database_url()};
  pqxx::nontransaction tx{admin};
  tx.exec("CREATE DATABASE " + tx.quote_name(name_) + " TEMPLATE template0 ENCODING 'UTF8'");
  // libpq lets a later keyword override an earlier one.
  url_ = base_database_url() + " dbname=" + name_;
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection admin{base_database_url()};
    pqxx::nontransaction tx{admin};
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (...) {
    // A leftover test database is harmless; never throw from a destructor.
  }
}

}  // namespace arena::test
