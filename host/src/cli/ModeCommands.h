#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace arena::host {

/// `arena mode check FILE` and `arena mode simulate FILE [--players N] [--script FILE]
/// [--seed N] [--json]`: the modder's tools. They need no config, database or plugin (the
/// sandbox limits are the defaults of modes.*). Exit 0 when the file loads (and the scenario's
/// expectations hold), 1 when not, 2 for a bad command line.
int command_mode(const std::vector<std::string>& args);

/// The usage lines of `arena mode`, for `arena --help` and `arena mode --help`.
void print_mode_usage(std::ostream& out);
/// The scenario file format, for `arena mode --help`.
void print_scenario_format(std::ostream& out);

}  // namespace arena::host
