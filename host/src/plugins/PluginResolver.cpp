#include "plugins/PluginResolver.h"

#include <algorithm>
#include <map>
#include <set>

namespace arena::host {

namespace {

void check_abi(const PluginLibrary& library, const std::string& expected_name) {
  if (library.abi_version() != kSdkAbiVersion) {
    throw PluginError("plugin '" + expected_name + "' (" + library.file().string() + ") was built for SDK ABI " +
                      std::to_string(library.abi_version()) + " but this host has ABI " +
                      std::to_string(kSdkAbiVersion) + ": rebuild the plugin against this host's SDK");
  }
  if (library.name() != expected_name) {
    throw PluginError("plugin file " + library.file().string() + " calls itself '" + library.name() +
                      "', expected '" + expected_name + "'");
  }
}

}  // namespace

std::vector<PluginListing> list_plugins(const std::filesystem::path& dir, const std::vector<std::string>& enabled) {
  std::vector<PluginListing> listings;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    std::string filename = entry.path().filename().string();
    if (!filename.starts_with("libarena_") || !filename.ends_with(".so")) continue;
    std::string name = filename.substr(9, filename.size() - 12);
    PluginListing listing{entry.path(), nullptr, "", std::find(enabled.begin(), enabled.end(), name) != enabled.end()};
    try {
      listing.library = PluginLibrary::open(entry.path());
      check_abi(*listing.library, name);
    } catch (const std::exception& e) {
      listing.error = e.what();
    }
    listings.push_back(std::move(listing));
  }
  std::sort(listings.begin(), listings.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
  return listings;
}

std::vector<std::shared_ptr<PluginLibrary>> resolve_plugins(const std::filesystem::path& dir,
                                                            const std::vector<std::string>& enabled) {
  std::map<std::string, std::shared_ptr<PluginLibrary>> by_name;
  std::vector<std::string> order_given;
  for (const auto& name : enabled) {
    if (by_name.count(name) != 0) continue;
    std::shared_ptr<PluginLibrary> library;
    try {
      library = PluginLibrary::open(plugin_file(dir, name));
    } catch (const PluginError& e) {
      throw PluginError("plugin '" + name + "': " + e.what());
    }
    check_abi(*library, name);
    by_name.emplace(name, std::move(library));
    order_given.push_back(name);
  }
  for (const auto& [name, library] : by_name) {
    for (const auto& dep : library->dependencies()) {
      if (by_name.count(dep) == 0)
        throw PluginError("plugin '" + name + "' requires plugin '" + dep + "', which is not enabled (plugins.enabled)");
    }
  }

  // Depth-first topological sort; the path being visited names the cycle when there is one.
  std::vector<std::shared_ptr<PluginLibrary>> ordered;
  std::set<std::string> done;
  std::vector<std::string> path;
  auto visit = [&](auto&& self, const std::string& name) -> void {
    if (done.count(name) != 0) return;
    if (auto it = std::find(path.begin(), path.end(), name); it != path.end()) {
      std::string cycle;
      for (; it != path.end(); ++it) cycle += "'" + *it + "' -> ";
      throw PluginError("plugins form a dependency cycle: " + cycle + "'" + name + "'");
    }
    path.push_back(name);
    for (const auto& dep : by_name.at(name)->dependencies()) self(self, dep);
    path.pop_back();
    done.insert(name);
    ordered.push_back(by_name.at(name));
  };
  for (const auto& name : order_given) visit(visit, name);
  return ordered;
}

}  // namespace arena::host
