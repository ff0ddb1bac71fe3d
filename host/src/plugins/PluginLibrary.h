#pragma once

#include <arena/Plugin.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace arena::host {

/// One opened plugin file: its descriptor, read and checked, and the factory to create it.
/// The library stays mapped for the life of the process (see the destructor's note).
class PluginLibrary {
 public:
  /// Opens `file` and reads its descriptor. Throws PluginError for a file that is not a
  /// CodeArena plugin or whose descriptor is malformed. Does not check the ABI version.
  static std::shared_ptr<PluginLibrary> open(const std::filesystem::path& file);

  const std::filesystem::path& file() const { return file_; }
  unsigned abi_version() const { return descriptor_->abi_version; }
  /// For a plugin of another ABI, only abi_version() is trustworthy: the name comes from the
  /// file name and version/description are "?".
  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const std::string& description() const { return description_; }
  const std::vector<std::string>& dependencies() const { return dependencies_; }
  /// The plugin's config schema (an object of keys; empty object when none).
  const nlohmann::json& config_schema() const { return schema_; }
  MigrationList migrations() const { return descriptor_->migrations(); }
  /// Creates the plugin object. Throws PluginError if the plugin's constructor failed.
  std::unique_ptr<Plugin> create() const;

 protected:
  PluginLibrary() = default;

 private:
  std::filesystem::path file_;
  void* handle_ = nullptr;
  const PluginDescriptor* descriptor_ = nullptr;
  Plugin* (*create_)() = nullptr;
  std::string name_, version_ = "?", description_ = "?";
  std::vector<std::string> dependencies_;
  nlohmann::json schema_;
};

/// Why a plugin could not be used; the message names the plugin and the reason.
class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The file a plugin named `name` lives in: <dir>/libarena_<name>.so
std::filesystem::path plugin_file(const std::filesystem::path& dir, const std::string& name);

/// The plugin directory for a `plugins.path` value: empty means ../plugins next to the
/// running executable (so a build tree, an install prefix and a sanitizer build each find
/// their own plugins).
std::filesystem::path plugin_dir_for(const std::string& configured);

}  // namespace arena::host
