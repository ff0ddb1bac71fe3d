#pragma once

#include "app/Host.h"

#include <string>
#include <vector>

namespace arena::host {

/// `arena serve`: start, wait for SIGINT/SIGTERM, stop gracefully.
int command_serve(Host& host);
/// `arena migrate [--status]`.
int command_migrate(Host& host, const std::vector<std::string>& args);
/// `arena seed`.
int command_seed(Host& host);
/// `arena config [--reference]`: needs no database and creates no plugin.
int command_config(const ConfigSources& sources, const std::vector<std::string>& args);
/// `arena plugins`: lists what plugins.path holds.
int command_plugins(const ConfigSources& sources);

}  // namespace arena::host
