#pragma once

#include <functional>
#include <string>
#include <vector>

namespace arena {

/// Operator subcommands plugins add to the `arena` program (for example `arena user create`).
class Commands {
 public:
  /// Runs with the words after the command name; returns the process exit code.
  using Run = std::function<int(const std::vector<std::string>& args)>;
  virtual ~Commands() = default;
  /// Adds `arena <name> ...`; `usage` is shown by `arena --help` and on misuse.
  virtual void add(const std::string& name, const std::string& usage, Run run) = 0;
};

}  // namespace arena
