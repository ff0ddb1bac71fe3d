#pragma once

#include <nlohmann/json.hpp>

namespace arena::host {

/// The schema of the host's own config sections (server, database, plugins, web, log,
/// metrics, paths, env). Plugins add theirs under their own name.
const nlohmann::json& host_config_schema();

}  // namespace arena::host
