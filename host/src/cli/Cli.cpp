#include "cli/Cli.h"

#include "app/Host.h"
#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/ModeCommands.h"

#include <arena/Version.h>

#include <csignal>
#include <iostream>
#include <pthread.h>

namespace arena::host {

namespace {

void print_usage(std::ostream& out, const CommandRegistry* plugin_commands) {
  out << "Usage: arena [--config FILE] [--set key=value]... <command> [options]\n\n"
         "CodeArena server.\n\n"
         "Commands:\n"
         "  serve              start the HTTP server (the default); SIGINT/SIGTERM stop it gracefully\n"
         "  migrate [--status] apply pending database migrations of the host and enabled plugins\n"
         "  seed               load demo data (only what is missing)\n"
         "  config [--reference]\n"
         "                     print the effective configuration with secrets masked;\n"
         "                     --reference prints every key with its default and meaning (Markdown)\n"
         "  plugins            list the plugins found in plugins.path\n";
  print_mode_usage(out);
  if (plugin_commands != nullptr) {
    for (const auto& [name, entry] : plugin_commands->all()) out << "  " << name << " " << entry.usage << "\n";
  }
  out << "\nOptions:\n"
         "  --config FILE      config file (default: $ARENA_CONFIG, else config/arena.json when present)\n"
         "  --set key=value    override one config key (repeatable); ARENA_<KEY> environment variables too\n"
         "  --help, --version\n";
}

}  // namespace

int run_cli(int argc, char** argv) {
  CommandLine line = CommandLine::parse(argc, argv);
  if (line.version) {
    std::cout << "arena " << kHostVersion << " (plugin SDK ABI " << kSdkAbiVersion << ")\n";
    return 0;
  }
  if (!line.error.empty()) {
    std::cerr << "arena: " << line.error << "\n\n";
    print_usage(std::cerr, nullptr);
    return 2;
  }
  // The modder's tools need no config, database or plugin: a broken config must not stop them.
  if (line.command == "mode") {
    if (line.help) {
      std::cout << "Usage:\n";
      print_mode_usage(std::cout);
      print_scenario_format(std::cout);
      return 0;
    }
    return command_mode(line.args);
  }
  if (line.command == "serve" && !line.help) {
    // Blocked before any thread exists, so every thread inherits the mask and only
    // command_serve's sigwait() sees SIGINT/SIGTERM.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  }
  ConfigSources sources;
  try {
    sources = ConfigSources::from_process(line.config_file, line.sets);
  } catch (const std::exception& e) {
    std::cerr << "arena: " << e.what() << "\n";
    return 78;
  }
  if (line.help || line.command == "help") {
    // Plugin commands are listed when the config and plugins load; usage is shown regardless.
    try {
      Host host(sources);
      host.setup();
      print_usage(std::cout, &host.commands());
    } catch (const std::exception& e) {
      print_usage(std::cout, nullptr);
      std::cout << "\n(plugin commands unavailable: " << e.what() << ")\n";
    }
    return 0;
  }
  try {
    if (line.command == "plugins") return command_plugins(sources);
    if (line.command == "config") return command_config(sources, line.args);

    Host host(sources);
    host.setup();
    if (line.command == "serve") return command_serve(host);
    if (line.command == "migrate") return command_migrate(host, line.args);
    if (line.command == "seed") return command_seed(host);
    if (const auto* entry = host.commands().find(line.command)) return entry->run(line.args);
    std::cerr << "arena: unknown command '" << line.command << "'\n\n";
    print_usage(std::cerr, &host.commands());
    return 2;
  } catch (const ConfigError& e) {
    std::cerr << "arena: " << e.what() << "\n";
    return 78;  // EX_CONFIG
  } catch (const PluginError& e) {
    std::cerr << "arena: " << e.what() << "\n";
    return 78;
  } catch (const MigrationError& e) {
    std::cerr << "arena: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "arena: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace arena::host
