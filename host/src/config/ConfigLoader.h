#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace arena::host {

/// Start-up stops on a bad config; this carries every problem found, each naming its key.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// Where configuration comes from, lowest precedence first: schema defaults, the JSON file,
/// ARENA_* environment variables, then --set key=value.
struct ConfigSources {
  std::optional<std::filesystem::path> file;       ///< read when set; a missing file is an error
  std::map<std::string, std::string> environment;  ///< the process environment (only ARENA_* matter)
  std::vector<std::string> sets;                   ///< "key=value" from the command line

  /// The process's own sources: --config or ARENA_CONFIG, else config/arena.json when present.
  static ConfigSources from_process(std::optional<std::filesystem::path> file, std::vector<std::string> sets);
};

/// Layers the sources and validates the result against a schema.
class ConfigLoader {
 public:
  explicit ConfigLoader(ConfigSources sources);

  /// The effective config for `schema` (an object of sections). With `lenient`, sections
  /// and --set keys the schema does not know are ignored: the host uses that to read
  /// `plugins.*` before it knows the plugins' schemas. Throws ConfigError.
  /// Top-level sections named in `ignored` are dropped before validation (the host passes
  /// sections of plugins that are installed but not enabled).
  nlohmann::json load(const nlohmann::json& schema, bool lenient = false,
                      const std::vector<std::string>& ignored = {}) const;

  /// The config file's tree as read, before layering.
  const nlohmann::json& file_tree() const { return file_tree_; }

  /// The environment variable that sets a dotted key: server.port -> ARENA_SERVER_PORT.
  static std::string environment_name(const std::string& key);

 private:
  ConfigSources sources_;
  nlohmann::json file_tree_;
};

/// A copy of `config` with every non-empty secret replaced by "********".
nlohmann::json mask_secrets(const nlohmann::json& config, const nlohmann::json& schema);

/// Fills empty secrets marked "generate_in_development": in development from (or into)
/// <var>/secrets/<key>, created once with 0600; in production an empty one is an error.
void fill_generated_secrets(nlohmann::json& config, const nlohmann::json& schema, const std::filesystem::path& var_dir);

}  // namespace arena::host
