#include "cli/Cli.h"

int main(int argc, char** argv) { return arena::host::run_cli(argc, argv); }
