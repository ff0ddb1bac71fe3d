#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace arena::host {

/// The operator's reference of every key in `schema` as Markdown: one table per section with
/// the key, its type, default, environment variable and meaning. docs/configuration.md is
/// this output for the host and the plugins in the tree.
std::string config_reference(const nlohmann::json& schema);

}  // namespace arena::host
