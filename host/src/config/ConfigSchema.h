#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace arena::host {

/// One leaf key of a config schema, flattened: "server.port" with its schema node.
struct ConfigKey {
  std::string path;
  const nlohmann::json* node;
};

/// Validation and defaults for config trees described by a small schema language:
///   {"port": {"type": "integer", "default": 8080, "min": 1, "max": 65535, "doc": "..."},
///    "cors":  {"type": "object", "doc": "...", "keys": {...}},
///    "level": {"type": "string", "enum": ["debug", "info"], "default": "info"},
///    "origins": {"type": "array", "items": "string", "default": []},
///    "secret": {"type": "string", "default": "", "secret": true, "generate_in_development": true}}
/// Types: string, integer, number, boolean, array (of strings or integers), object.
class ConfigSchema {
 public:
  /// Checks that a schema is itself well-formed; returns the problems found.
  static std::vector<std::string> check_schema(const nlohmann::json& keys, const std::string& prefix = "");

  /// Validates `value` (an object) against `keys`, filling defaults in place. Unknown keys,
  /// wrong types and out-of-range values are reported as "path: problem".
  static void validate(const nlohmann::json& keys, nlohmann::json& value, const std::string& prefix,
                       std::vector<std::string>& errors);

  /// Every leaf key below `keys`, dotted from `prefix`.
  static std::vector<ConfigKey> flatten(const nlohmann::json& keys, const std::string& prefix = "");

  /// Parses text from an environment variable or --set for a leaf: numbers, booleans,
  /// arrays as JSON or comma-separated. nullopt when it does not fit the type.
  static std::optional<nlohmann::json> parse_text(const nlohmann::json& node, const std::string& text);

  /// The leaf node at a dotted path, or nullptr.
  static const nlohmann::json* find(const nlohmann::json& keys, const std::string& path);
};

}  // namespace arena::host
