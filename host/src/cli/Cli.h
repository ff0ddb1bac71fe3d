#pragma once

namespace arena::host {

/// The `arena` program: parses global options and runs one subcommand. Returns the exit code.
int run_cli(int argc, char** argv);

}  // namespace arena::host
