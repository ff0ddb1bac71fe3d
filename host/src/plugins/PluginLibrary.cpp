#include "plugins/PluginLibrary.h"

#include "config/ConfigSchema.h"

#include <dlfcn.h>

namespace arena::host {

std::filesystem::path plugin_file(const std::filesystem::path& dir, const std::string& name) {
  return dir / ("libarena_" + name + ".so");
}

std::filesystem::path plugin_dir_for(const std::string& configured) {
  if (!configured.empty()) return std::filesystem::absolute(configured);
  std::error_code error;
  auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  return (error ? std::filesystem::current_path() : self.parent_path().parent_path()) / "plugins";
}

std::shared_ptr<PluginLibrary> PluginLibrary::open(const std::filesystem::path& file) {
  std::string label = file.filename().string();
  if (!std::filesystem::exists(file)) throw PluginError(label + ": file not found: " + file.string());
  // RTLD_LOCAL keeps plugins from seeing each other's symbols: they meet only through the SDK.
  void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) throw PluginError(label + ": cannot be loaded: " + ::dlerror());

  struct Constructible : PluginLibrary {};
  std::shared_ptr<PluginLibrary> library = std::make_shared<Constructible>();
  library->file_ = file;
  library->handle_ = handle;
  using DescriptorFn = const PluginDescriptor* (*)();
  auto describe = reinterpret_cast<DescriptorFn>(::dlsym(handle, "arena_plugin_descriptor"));
  library->create_ = reinterpret_cast<Plugin* (*)()>(::dlsym(handle, "arena_plugin_create"));
  if (describe == nullptr || library->create_ == nullptr)
    throw PluginError(label + ": not a CodeArena plugin (arena_plugin_descriptor/arena_plugin_create missing)");
  library->descriptor_ = describe();
  const PluginDescriptor* d = library->descriptor_;
  if (d == nullptr) throw PluginError(label + ": returned no descriptor");
  // The ABI version is the one field we may read before trusting the rest of the layout.
  library->name_ = label.substr(9, label.size() > 12 ? label.size() - 12 : 0);
  if (d->abi_version != kSdkAbiVersion) return library;
  if (d->name == nullptr || d->version == nullptr || d->migrations == nullptr)
    throw PluginError(label + ": descriptor lacks a name, version or migrations");
  library->name_ = d->name;
  library->version_ = d->version;
  library->description_ = d->description != nullptr ? d->description : "";
  for (const char* const* dep = d->dependencies; dep != nullptr && *dep != nullptr; ++dep)
    library->dependencies_.emplace_back(*dep);
  std::string schema_text = d->config_schema != nullptr ? d->config_schema : "{}";
  library->schema_ = nlohmann::json::parse(schema_text.empty() ? "{}" : schema_text, nullptr, false);
  if (library->schema_.is_discarded())
    throw PluginError(std::string("plugin '") + d->name + "': its config schema is not valid JSON");
  auto problems = ConfigSchema::check_schema(library->schema_, d->name);
  if (!problems.empty())
    throw PluginError(std::string("plugin '") + d->name + "': bad config schema: " + problems.front());
  return library;
}

std::unique_ptr<Plugin> PluginLibrary::create() const {
  std::unique_ptr<Plugin> plugin(create_());
  if (!plugin) throw PluginError("plugin '" + name() + "': its constructor failed");
  return plugin;
}

// The library is deliberately never dlclose()d: std::function targets, vtables and static
// objects of the plugin may be referenced until the very end of the process, and unloading
// buys nothing for a server that loads its plugins once.

}  // namespace arena::host
