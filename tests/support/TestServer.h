#pragma once

#include "app/Host.h"
#include "support/TestDatabase.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace arena::test {

/// A scratch directory removed with its contents when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Config overrides every test host gets: a fresh database, port 0 on loopback, the test
/// plugins' directory, a scratch var/ and web root, quiet logs.
std::vector<std::string> test_host_sets(const TestDatabase& database, const TempDir& scratch,
                                        const std::vector<std::string>& plugins,
                                        const std::string& plugin_dir = ARENA_TEST_PLUGIN_DIR);

/// A real host, in this process, serving on a free loopback port with the given plugins
/// and a fresh, migrated database.
class TestServer {
 public:
  explicit TestServer(std::vector<std::string> plugins = {"probe"}, std::vector<std::string> extra_sets = {},
                      std::string plugin_dir = ARENA_TEST_PLUGIN_DIR);
  ~TestServer();

  std::uint16_t port() const { return host_->port(); }
  host::Host& host() { return *host_; }
  const TestDatabase& database() const { return database_; }
  const TempDir& scratch() const { return scratch_; }

 private:
  TestDatabase database_;
  TempDir scratch_;
  std::unique_ptr<host::Host> host_;
};

}  // namespace arena::test
