#include "config/ConfigReference.h"

#include "config/ConfigLoader.h"
#include "config/ConfigSchema.h"

namespace arena::host {

namespace {

std::string cell(std::string text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

void section(std::string& out, const std::string& prefix, const nlohmann::json& node) {
  out += prefix.empty() ? std::string("## Top level\n\n") : "## `" + prefix + "`\n\n";
  if (node.contains("doc")) out += node["doc"].get<std::string>() + "\n\n";
  out += "| key | type | default | environment | meaning |\n|---|---|---|---|---|\n";
  static const nlohmann::json no_keys = nlohmann::json::object();
  // flatten() points into the tree it is given: hand it the schema itself, not a copy.
  const nlohmann::json& keys = node.contains("keys") ? node.at("keys") : no_keys;
  for (const auto& key : ConfigSchema::flatten(keys, prefix)) {
    const auto& leaf = *key.node;
    std::string type = leaf.value("type", "");
    if (type == "array") type += " of " + leaf.value("items", std::string("string"));
    if (leaf.contains("enum")) type += ": " + leaf["enum"].dump();
    if (leaf.contains("min")) type += ", ≥ " + leaf["min"].dump();
    if (leaf.contains("max")) type += ", ≤ " + leaf["max"].dump();
    std::string doc = leaf.value("doc", "");
    if (leaf.value("secret", false)) doc += " (secret: masked by `arena config`)";
    if (leaf.value("generate_in_development", false)) doc += " (generated under paths.var in development; required in production)";
    out += "| `" + key.path + "` | " + cell(type) + " | `" + cell(leaf["default"].dump()) + "` | `" +
           ConfigLoader::environment_name(key.path) + "` | " + cell(doc) + " |\n";
  }
  out += "\n";
}

}  // namespace

std::string config_reference(const nlohmann::json& schema) {
  std::string out;
  std::vector<std::pair<std::string, nlohmann::json>> top_level_leaves;
  for (const auto& [name, node] : schema.items()) {
    if (node.value("type", "") == "object") {
      section(out, name, node);
    } else {
      top_level_leaves.emplace_back(name, node);
    }
  }
  if (top_level_leaves.empty()) return out;
  nlohmann::json wrapper = {{"type", "object"}, {"doc", "Top-level keys"}, {"keys", nlohmann::json::object()}};
  for (const auto& [name, node] : top_level_leaves) wrapper["keys"][name] = node;
  std::string top;
  section(top, "", wrapper);
  return top + out;
}

}  // namespace arena::host
