#include "support/TestServer.h"

#include <random>

namespace arena::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device random;
  path_ = fs::temp_directory_path() / ("arena-test-" + std::to_string(random()) + std::to_string(random()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::vector<std::string> test_host_sets(const TestDatabase& database, const TempDir& scratch,
                                        const std::vector<std::string>& plugins, const std::string& plugin_dir) {
  std::string enabled = "[";
  for (const auto& name : plugins) enabled += (enabled.size() > 1 ? ",\"" : "\"") + name + "\"";
  enabled += "]";
  fs::create_directories(scratch.path() / "web");
  return {"database.url=" + database.url(),
          "server.host=127.0.0.1",
          "server.port=0",
          "server.threads=16",
          "plugins.path=" + plugin_dir,
          "plugins.enabled=" + enabled,
          "web.root=" + (scratch.path() / "web").string(),
          "paths.var=" + (scratch.path() / "var").string(),
          "log.level=warn",
          "log.access=false"};
}

TestServer::TestServer(std::vector<std::string> plugins, std::vector<std::string> extra_sets, std::string plugin_dir) {
  host::ConfigSources sources;
  sources.sets = test_host_sets(database_, scratch_, plugins, plugin_dir);
  sources.sets.insert(sources.sets.end(), extra_sets.begin(), extra_sets.end());
  host_ = std::make_unique<host::Host>(sources);
  host_->setup();
  host_->migrate();
  host_->start();
}

TestServer::~TestServer() { host_.reset(); }

}  // namespace arena::test
