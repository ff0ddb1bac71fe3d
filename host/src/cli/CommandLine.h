#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace arena::host {

/// The parsed command line: global options, the command, and the words after it.
struct CommandLine {
  std::optional<std::filesystem::path> config_file;
  std::vector<std::string> sets;
  bool help = false;
  bool version = false;
  std::string command = "serve";
  std::vector<std::string> args;  ///< words after the command (its own options included)
  std::string error;              ///< set when the words do not parse

  static CommandLine parse(int argc, char** argv);
};

}  // namespace arena::host
