#include "config/ConfigSchema.h"

#include <sstream>

namespace arena::host {

using nlohmann::json;

namespace {

const char* kTypes[] = {"string", "integer", "number", "boolean", "array", "object"};

std::string join_path(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

bool has_type(const json& value, const std::string& type, const json& node) {
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") {
    if (!value.is_array()) return false;
    std::string items = node.value("items", "string");
    for (const auto& item : value) {
      if (!has_type(item, items, json::object())) return false;
    }
    return true;
  }
  return false;
}

void check_limits(const json& node, const json& value, const std::string& path, std::vector<std::string>& errors) {
  if (value.is_number()) {
    if (node.contains("min") && value.get<double>() < node["min"].get<double>())
      errors.push_back(path + ": must be at least " + node["min"].dump());
    if (node.contains("max") && value.get<double>() > node["max"].get<double>())
      errors.push_back(path + ": must be at most " + node["max"].dump());
  }
  if (node.contains("enum")) {
    bool found = false;
    for (const auto& allowed : node["enum"]) found = found || allowed == value;
    if (!found) errors.push_back(path + ": must be one of " + node["enum"].dump() + ", not " + value.dump());
  }
}

}  // namespace

std::vector<std::string> ConfigSchema::check_schema(const json& keys, const std::string& prefix) {
  std::vector<std::string> problems;
  if (!keys.is_object()) return {prefix + ": schema must be an object of keys"};
  for (const auto& [key, node] : keys.items()) {
    std::string path = join_path(prefix, key);
    if (!node.is_object() || !node.contains("type") || !node["type"].is_string()) {
      problems.push_back(path + ": schema entry needs a \"type\"");
      continue;
    }
    std::string type = node["type"];
    if (std::find(std::begin(kTypes), std::end(kTypes), type) == std::end(kTypes)) {
      problems.push_back(path + ": unknown type " + type);
      continue;
    }
    if (type == "object") {
      auto nested = check_schema(node.value("keys", json::object()), path);
      problems.insert(problems.end(), nested.begin(), nested.end());
    } else if (!node.contains("default")) {
      problems.push_back(path + ": schema entry needs a \"default\"");
    } else if (!has_type(node["default"], type, node)) {
      problems.push_back(path + ": default does not match type " + type);
    }
  }
  return problems;
}

void ConfigSchema::validate(const json& keys, json& value, const std::string& prefix, std::vector<std::string>& errors) {
  if (!value.is_object()) {
    errors.push_back((prefix.empty() ? std::string("config") : prefix) + ": must be an object");
    return;
  }
  for (const auto& [key, _] : value.items()) {
    if (!keys.contains(key)) errors.push_back(join_path(prefix, key) + ": unknown key");
  }
  for (const auto& [key, node] : keys.items()) {
    std::string path = join_path(prefix, key);
    std::string type = node["type"];
    if (type == "object") {
      if (!value.contains(key)) value[key] = json::object();
      validate(node.value("keys", json::object()), value[key], path, errors);
      continue;
    }
    if (!value.contains(key) || value[key].is_null()) {
      value[key] = node["default"];
      continue;
    }
    if (!has_type(value[key], type, node)) {
      std::string expected = type == "array" ? "an array of " + node.value("items", std::string("string")) + "s" : type;
      errors.push_back(path + ": expected " + expected + ", got " + value[key].dump());
      continue;
    }
    check_limits(node, value[key], path, errors);
    if (type == "array" && node.contains("enum")) {
      for (const auto& item : value[key]) check_limits(node, item, path, errors);
    }
  }
}

std::vector<ConfigKey> ConfigSchema::flatten(const json& keys, const std::string& prefix) {
  std::vector<ConfigKey> out;
  for (const auto& [key, node] : keys.items()) {
    std::string path = join_path(prefix, key);
    if (node.value("type", "") == "object") {
      // The returned pointers point into the caller's tree, so recurse into it, not a copy.
      if (!node.contains("keys")) continue;
      auto nested = flatten(node["keys"], path);
      out.insert(out.end(), nested.begin(), nested.end());
    } else {
      out.push_back({path, &node});
    }
  }
  return out;
}

std::optional<json> ConfigSchema::parse_text(const json& node, const std::string& text) {
  std::string type = node.value("type", "string");
  if (type == "string") return json(text);
  if (type == "boolean") {
    if (text == "true" || text == "1" || text == "yes" || text == "on") return json(true);
    if (text == "false" || text == "0" || text == "no" || text == "off") return json(false);
    return std::nullopt;
  }
  if (type == "integer" || type == "number") {
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_number()) return std::nullopt;
    if (type == "integer" && !parsed.is_number_integer()) return std::nullopt;
    return parsed;
  }
  if (type == "array") {
    if (!text.empty() && text.front() == '[') {
      json parsed = json::parse(text, nullptr, false);
      if (parsed.is_discarded()) return std::nullopt;
      return parsed;
    }
    json items = json::array();
    std::stringstream stream(text);
    for (std::string item; std::getline(stream, item, ',');) {
      if (item.empty()) continue;
      if (node.value("items", "string") == "integer") {
        json number = json::parse(item, nullptr, false);
        if (number.is_discarded() || !number.is_number_integer()) return std::nullopt;
        items.push_back(number);
      } else {
        items.push_back(item);
      }
    }
    return items;
  }
  return std::nullopt;
}

const json* ConfigSchema::find(const json& keys, const std::string& path) {
  const json* level = &keys;
  std::stringstream stream(path);
  std::string part;
  const json* node = nullptr;
  while (std::getline(stream, part, '.')) {
    if (level == nullptr || !level->contains(part)) return nullptr;
    node = &(*level)[part];
    level = node->value("type", "") == "object" && node->contains("keys") ? &(*node)["keys"] : nullptr;
  }
  return node != nullptr && node->value("type", "") != "object" ? node : nullptr;
}

}  // namespace arena::host
