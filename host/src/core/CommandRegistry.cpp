#include "core/CommandRegistry.h"

#include <array>
#include <stdexcept>

namespace arena::host {

namespace {
constexpr std::array kHostCommands = {"serve", "migrate", "seed", "config", "plugins", "help"};
}

void CommandRegistry::add(const std::string& name, const std::string& usage, Run run) {
  for (const char* taken : kHostCommands) {
    if (name == taken) throw std::logic_error("command '" + name + "' belongs to the host");
  }
  if (!entries_.emplace(name, Entry{usage, std::move(run)}).second)
    throw std::logic_error("command '" + name + "' is already added by another plugin");
}

const CommandRegistry::Entry* CommandRegistry::find(const std::string& name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace arena::host
