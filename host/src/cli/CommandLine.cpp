#include "cli/CommandLine.h"

namespace arena::host {

CommandLine CommandLine::parse(int argc, char** argv) {
  CommandLine line;
  bool have_command = false;
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    auto value = [&](const std::string& option) -> std::optional<std::string> {
      if (word.starts_with(option + "=")) return word.substr(option.size() + 1);
      if (word == option) {
        if (i + 1 >= argc) {
          line.error = option + " needs a value";
          return std::nullopt;
        }
        return std::string(argv[++i]);
      }
      return std::nullopt;
    };
    // Global options are accepted before and after the command word; everything else after
    // the command belongs to it.
    if (word == "--help" || word == "-h") {
      line.help = true;
    } else if (word == "--version" || word == "-V") {
      line.version = true;
    } else if (word.starts_with("--config")) {
      if (auto v = value("--config")) line.config_file = *v;
    } else if (word.starts_with("--set")) {
      if (auto v = value("--set")) line.sets.push_back(*v);
    } else if (!have_command && !word.starts_with("-")) {
      line.command = word;
      have_command = true;
    } else if (have_command) {
      line.args.push_back(word);
    } else {
      line.error = "unknown option " + word;
    }
    if (!line.error.empty()) break;
  }
  return line;
}

}  // namespace arena::host
