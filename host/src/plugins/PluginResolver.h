#pragma once

#include "plugins/PluginLibrary.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace arena::host {

/// What `arena plugins` shows for each file found in the plugin directory.
struct PluginListing {
  std::filesystem::path file;
  std::shared_ptr<PluginLibrary> library;  ///< null when the file could not be opened
  std::string error;                       ///< why it cannot be used ("" when it can)
  bool enabled = false;
};

/// Lists every libarena_*.so in `dir`, marking those in `enabled`.
std::vector<PluginListing> list_plugins(const std::filesystem::path& dir, const std::vector<std::string>& enabled);

/// Opens exactly the `enabled` plugins from `dir` and returns them in dependency order
/// (dependencies first, otherwise the order given). Throws PluginError naming the plugin and
/// the reason for: a missing file, a file that is not a plugin, a descriptor whose name
/// differs from the file's, an ABI mismatch, a dependency that is not enabled, a cycle.
std::vector<std::shared_ptr<PluginLibrary>> resolve_plugins(const std::filesystem::path& dir,
                                                            const std::vector<std::string>& enabled);

}  // namespace arena::host
