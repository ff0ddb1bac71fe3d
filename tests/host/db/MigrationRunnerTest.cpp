#include "db/ConnectionPool.h"
#include "db/MigrationRunner.h"
#include "support/TestDatabase.h"

#include <future>
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

using arena::MigrationList;
using arena::MigrationSource;
using arena::host::ConnectionPool;
using arena::host::MigrationError;
using arena::host::MigrationRunner;
using arena::host::MigrationSet;

namespace {

std::shared_ptr<spdlog::logger> quiet() { return std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>()); }

const MigrationSource kShop[] = {
    {1, "0001_items.sql", "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);"},
    {2, "0002_price.sql", "ALTER TABLE items ADD COLUMN price int NOT NULL DEFAULT 0;"},
};
const MigrationSource kAudit[] = {
    {1, "0001_log.sql", "CREATE TABLE audit (id serial PRIMARY KEY, item int);"},
};
const MigrationSource kBroken[] = {
    {1, "0001_ok.sql", "CREATE TABLE fine (id int);"},
    {2, "0002_broken.sql", "CREATE TABLE half_done (id int); CREATE TABLE oops (id int"},
};

MigrationSet set(const std::string& owner, const MigrationSource* items, std::size_t count) {
  return {owner, MigrationList{items, count}};
}

class MigrationRunnerTest : public ::testing::Test {
 protected:
  MigrationRunnerTest() : pool_(options(), quiet()), runner_(pool_, quiet()) {}
  arena::host::PoolOptions options() {
    arena::host::PoolOptions o;
    o.url = database_.url();
    o.size = 4;
    return o;
  }
  bool table_exists(const std::string& name) {
    return pool_.run([&](pqxx::connection& c) {
      return pqxx::nontransaction(c).exec_params1("SELECT to_regclass($1) IS NOT NULL", name)[0].as<bool>();
    });
  }
  int recorded() {
    return pool_.run([](pqxx::connection& c) {
      return pqxx::nontransaction(c).exec1("SELECT count(*) FROM schema_migrations")[0].as<int>();
    });
  }

  arena::test::TestDatabase database_;
  ConnectionPool pool_;
  MigrationRunner runner_;
};

}  // namespace

TEST_F(MigrationRunnerTest, AppliesEachMigrationOnceInOrder) {
  auto first = runner_.apply({set("shop", kShop, 2), set("audit", kAudit, 1)});
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].file, "0001_items.sql");
  EXPECT_EQ(first[1].file, "0002_price.sql");
  EXPECT_EQ(first[2].owner, "audit");
  EXPECT_TRUE(table_exists("items"));
  EXPECT_TRUE(table_exists("audit"));
  EXPECT_TRUE(runner_.apply({set("shop", kShop, 2), set("audit", kAudit, 1)}).empty());
  EXPECT_EQ(recorded(), 3);
}

TEST_F(MigrationRunnerTest, ReportsStatus) {
  runner_.apply({set("shop", kShop, 1)});
  auto states = runner_.status({set("shop", kShop, 2)});
  ASSERT_EQ(states.size(), 2u);
  EXPECT_TRUE(states[0].applied);
  EXPECT_FALSE(states[1].applied);
}

TEST_F(MigrationRunnerTest, FailingMigrationLeavesNoTraceAndNamesFileAndError) {
  try {
    runner_.apply({set("broken", kBroken, 2)});
    FAIL() << "a syntax error should stop the migration";
  } catch (const MigrationError& e) {
    std::string message = e.what();
    EXPECT_EQ(e.owner(), "broken");
    EXPECT_EQ(e.file(), "0002_broken.sql");
    EXPECT_NE(message.find("0002_broken.sql"), std::string::npos) << message;
    EXPECT_NE(message.find("syntax error"), std::string::npos) << message;
  }
  EXPECT_TRUE(table_exists("fine"));         // the first file committed on its own
  EXPECT_FALSE(table_exists("half_done"));   // the failing file rolled back entirely
  EXPECT_EQ(recorded(), 1);
}

TEST_F(MigrationRunnerTest, RefusesAnEditedAppliedMigration) {
  runner_.apply({set("shop", kShop, 1)});
  const MigrationSource edited[] = {{1, "0001_items.sql", "CREATE TABLE items (id bigserial PRIMARY KEY);"}};
  try {
    runner_.apply({set("shop", edited, 1)});
    FAIL() << "an edited migration should be refused";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("different content"), std::string::npos) << e.what();
  }
}

TEST_F(MigrationRunnerTest, RefusesUnorderedVersions) {
  const MigrationSource unordered[] = {{2, "0002_b.sql", "SELECT 1;"}, {1, "0001_a.sql", "SELECT 1;"}};
  EXPECT_THROW(runner_.apply({set("x", unordered, 2)}), MigrationError);
  EXPECT_FALSE(table_exists("schema_migrations") && recorded() > 0);
}

TEST_F(MigrationRunnerTest, ConcurrentRunnersApplyEachFileExactlyOnce) {
  ConnectionPool other_pool(options(), quiet());
  MigrationRunner other(other_pool, quiet());
  auto sets = std::vector<MigrationSet>{set("shop", kShop, 2), set("audit", kAudit, 1)};
  auto a = std::async(std::launch::async, [&] { return runner_.apply(sets).size(); });
  auto b = std::async(std::launch::async, [&] { return other.apply(sets).size(); });
  EXPECT_EQ(a.get() + b.get(), 3u);
  EXPECT_EQ(recorded(), 3);
}
