#pragma once

#include <arena/Commands.h>

#include <map>
#include <optional>

namespace arena::host {

/// Operator subcommands added by plugins.
class CommandRegistry final : public Commands {
 public:
  struct Entry {
    std::string usage;
    Run run;
  };
  /// Throws std::logic_error when the name is taken (by the host or another plugin).
  void add(const std::string& name, const std::string& usage, Run run) override;
  const Entry* find(const std::string& name) const;
  const std::map<std::string, Entry>& all() const { return entries_; }
  void clear() { entries_.clear(); }

 private:
  std::map<std::string, Entry> entries_;
};

}  // namespace arena::host
