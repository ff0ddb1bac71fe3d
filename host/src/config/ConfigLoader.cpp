#include "config/ConfigLoader.h"

#include "config/ConfigSchema.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sodium.h>
#include <sstream>
#include <sys/stat.h>

extern char** environ;

namespace arena::host {

using nlohmann::json;

namespace {

std::string join_problems(const std::vector<std::string>& problems) {
  std::string text = "invalid configuration:";
  for (const auto& p : problems) text += "\n  - " + p;
  return text;
}

json read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ConfigError({"cannot read config file " + file.string()});
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    json tree = json::parse(buffer.str(), nullptr, true, /*ignore_comments=*/true);
    if (!tree.is_object()) throw ConfigError({file.string() + ": the top level must be a JSON object"});
    return tree;
  } catch (const json::parse_error& e) {
    throw ConfigError({file.string() + ": not valid JSON: " + e.what()});
  }
}

// Sets a dotted path in a tree, creating objects on the way.
void put(json& tree, const std::string& path, json value) {
  json* level = &tree;
  std::stringstream stream(path);
  std::string part;
  std::vector<std::string> parts;
  while (std::getline(stream, part, '.')) parts.push_back(part);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!level->contains(parts[i]) || !(*level)[parts[i]].is_object()) (*level)[parts[i]] = json::object();
    level = &(*level)[parts[i]];
  }
  (*level)[parts.back()] = std::move(value);
}

}  // namespace

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

ConfigSources ConfigSources::from_process(std::optional<std::filesystem::path> file, std::vector<std::string> sets) {
  ConfigSources sources;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    if (!text.starts_with("ARENA_")) continue;
    auto eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    sources.environment.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  if (!file) {
    auto it = sources.environment.find("ARENA_CONFIG");
    if (it != sources.environment.end() && !it->second.empty()) {
      file = it->second;
    } else if (std::filesystem::exists("config/arena.json")) {
      file = "config/arena.json";
    }
  }
  sources.file = std::move(file);
  sources.sets = std::move(sets);
  return sources;
}

ConfigLoader::ConfigLoader(ConfigSources sources) : sources_(std::move(sources)), file_tree_(json::object()) {
  if (sources_.file) file_tree_ = read_file(*sources_.file);
}

std::string ConfigLoader::environment_name(const std::string& key) {
  std::string name = "ARENA_";
  for (char c : key) name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

json ConfigLoader::load(const json& schema, bool lenient, const std::vector<std::string>& ignored) const {
  std::vector<std::string> problems;
  json tree = file_tree_;
  for (const auto& section : ignored) tree.erase(section);
  if (lenient) {
    for (auto it = tree.begin(); it != tree.end();) {
      it = schema.contains(it.key()) ? std::next(it) : tree.erase(it);
    }
  }

  for (const auto& key : ConfigSchema::flatten(schema)) {
    auto env = sources_.environment.find(environment_name(key.path));
    if (env == sources_.environment.end()) continue;
    auto value = ConfigSchema::parse_text(*key.node, env->second);
    if (!value) {
      problems.push_back(key.path + ": environment variable " + env->first + " is not a valid " +
                         key.node->value("type", std::string("value")) + ": '" + env->second + "'");
      continue;
    }
    put(tree, key.path, *value);
  }

  for (const auto& assignment : sources_.sets) {
    auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
      problems.push_back("--set " + assignment + ": expected key=value");
      continue;
    }
    std::string path = assignment.substr(0, eq);
    const json* node = ConfigSchema::find(schema, path);
    if (node == nullptr) {
      if (!lenient) problems.push_back(path + ": unknown key (from --set)");
      continue;
    }
    auto value = ConfigSchema::parse_text(*node, assignment.substr(eq + 1));
    if (!value) {
      problems.push_back(path + ": --set value is not a valid " + node->value("type", std::string("value")) + ": '" +
                         assignment.substr(eq + 1) + "'");
      continue;
    }
    put(tree, path, *value);
  }

  ConfigSchema::validate(schema, tree, "", problems);
  if (!problems.empty()) throw ConfigError(problems);
  return tree;
}

json::json_pointer pointer_to(const std::string& dotted) {
  std::string text = "/" + dotted;
  std::replace(text.begin(), text.end(), '.', '/');
  return json::json_pointer(text);
}

json mask_secrets(const json& config, const json& schema) {
  json masked = config;
  for (const auto& key : ConfigSchema::flatten(schema)) {
    auto pointer = pointer_to(key.path);
    if (!key.node->value("secret", false) || !masked.contains(pointer)) continue;
    const json& value = masked[pointer];
    if (value.is_string() && !value.get<std::string>().empty()) masked[pointer] = "********";
  }
  return masked;
}

namespace {

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  hex.pop_back();
  return hex;
}

std::string read_or_create_secret(const std::filesystem::path& file) {
  if (std::ifstream in(file); in) {
    std::string value;
    std::getline(in, value);
    if (!value.empty()) return value;
  }
  std::filesystem::create_directories(file.parent_path());
  std::string value = random_hex(32);
  // Written to a private temporary name first, so a crash never leaves a half-written secret.
  auto temporary = file;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out) throw ConfigError({"cannot write generated secret " + file.string()});
    ::chmod(temporary.c_str(), 0600);
    out << value << "\n";
  }
  std::filesystem::rename(temporary, file);
  return value;
}

}  // namespace

void fill_generated_secrets(json& config, const json& schema, const std::filesystem::path& var_dir) {
  if (sodium_init() < 0) throw ConfigError({"libsodium failed to initialise"});
  bool development = config.value("env", std::string("development")) == "development";
  std::vector<std::string> problems;
  for (const auto& key : ConfigSchema::flatten(schema)) {
    if (!key.node->value("generate_in_development", false)) continue;
    auto pointer = pointer_to(key.path);
    if (!config.contains(pointer) || !config[pointer].get<std::string>().empty()) continue;
    if (!development) {
      problems.push_back(key.path + ": required when env is production (set it in the config file or " +
                         ConfigLoader::environment_name(key.path) + ")");
      continue;
    }
    config[pointer] = read_or_create_secret(var_dir / "secrets" / key.path);
  }
  if (!problems.empty()) throw ConfigError(problems);
}

}  // namespace arena::host
