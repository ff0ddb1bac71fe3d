// arena-sandbox: runs one program in the sandbox, for operators and debugging.
//   arena-sandbox --check
//   arena-sandbox [--cpu-ms N] [--memory-kb N] [--file NAME=HOSTPATH] [--json] -- /usr/bin/python3 main.py

#include <arena/sandbox/Sandbox.h>

#include <sys/stat.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

using arena::sandbox::Limits;
using arena::sandbox::RunSpec;

constexpr const char* kUsage = R"(usage: arena-sandbox [options] -- PROGRAM [ARGS...]
       arena-sandbox --check
Runs PROGRAM (an absolute path inside the sandbox) in a fresh sandbox and reports how it ended.
  --check              print what this machine lets the sandbox set up, then exit
  --cpu-ms N           CPU time limit (default 2000)
  --wall-ms N          wall-clock limit (default 5000)
  --memory-kb N        memory limit (default 262144)
  --processes N        processes and threads (default 64)
  --output-bytes N     stdout and stderr cap each (default 1048576)
  --file-bytes N       largest file the program may write (default 16777216)
  --open-files N       open file limit (default 64)
  --workdir-kb N       size of the writable /box (default 65536)
  --mount PATH         also show host PATH read-only (repeatable)
  --env NAME=VALUE     extra environment (repeatable)
  --file NAME=HOSTPATH copy a host file into /box as NAME (repeatable)
  --collect NAME       hand /box/NAME back after the run (repeatable), written to --out DIR
  --out DIR            where collected files go (default: current directory)
  --stdin FILE         the program's standard input ('-' for this program's own)
  --json               print the result as JSON instead of the program's output and a summary
Exit status: 0 when the program ran OK, 1 for any other verdict, 2 for usage or internal errors.
)";

std::string slurp(std::istream& in) {
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

nlohmann::json capabilities_json(const arena::sandbox::Capabilities& c) {
  return {{"privileged", c.privileged},
          {"user_namespace", c.user_namespace},
          {"network_namespace", c.network_namespace},
          {"cgroup_version", c.cgroup_version},
          {"cgroup_memory", c.cgroup_memory},
          {"cgroup_pids", c.cgroup_pids},
          {"cgroup_cpu", c.cgroup_cpu},
          {"seccomp", c.seccomp},
          {"warnings", c.warnings}};
}

}  // namespace

int main(int argc, char** argv) {
  RunSpec spec;
  std::string out_dir = ".";
  bool json = false, check = false;
  int i = 1;
  try {
    auto value = [&](const std::string& flag) -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
      return argv[++i];
    };
    auto number = [&](const std::string& flag) { return std::stoull(value(flag)); };
    for (; i < argc; ++i) {
      const std::string arg = argv[i];
      Limits& l = spec.limits;
      if (arg == "--") {
        ++i;
        break;
      } else if (arg == "--help" || arg == "-h") {
        std::cout << kUsage;
        return 0;
      } else if (arg == "--check")
        check = true;
      else if (arg == "--json")
        json = true;
      else if (arg == "--cpu-ms")
        l.cpu_ms = static_cast<std::uint32_t>(number(arg));
      else if (arg == "--wall-ms")
        l.wall_ms = static_cast<std::uint32_t>(number(arg));
      else if (arg == "--memory-kb")
        l.memory_kb = number(arg);
      else if (arg == "--processes")
        l.processes = static_cast<std::uint32_t>(number(arg));
      else if (arg == "--output-bytes")
        l.output_bytes = number(arg);
      else if (arg == "--file-bytes")
        l.file_bytes = number(arg);
      else if (arg == "--open-files")
        l.open_files = static_cast<std::uint32_t>(number(arg));
      else if (arg == "--workdir-kb")
        l.workdir_kb = number(arg);
      else if (arg == "--mount")
        spec.mounts.push_back(value(arg));
      else if (arg == "--env")
        spec.env.push_back(value(arg));
      else if (arg == "--collect")
        spec.collect.push_back(value(arg));
      else if (arg == "--out")
        out_dir = value(arg);
      else if (arg == "--stdin") {
        const std::string path = value(arg);
        if (path == "-") {
          spec.stdin_data = slurp(std::cin);
        } else {
          std::ifstream in(path, std::ios::binary);
          if (!in) throw std::invalid_argument("cannot read " + path);
          spec.stdin_data = slurp(in);
        }
      } else if (arg == "--file") {
        const std::string v = value(arg);
        const auto eq = v.find('=');
        if (eq == std::string::npos) throw std::invalid_argument("--file wants NAME=HOSTPATH");
        const std::string host = v.substr(eq + 1);
        std::ifstream in(host, std::ios::binary);
        if (!in) throw std::invalid_argument("cannot read " + host);
        struct stat st {};
        stat(host.c_str(), &st);
        spec.files.push_back({v.substr(0, eq), slurp(in), (st.st_mode & 0111) != 0});
      } else
        throw std::invalid_argument("unknown option " + arg);
    }
  } catch (const std::exception& e) {
    std::cerr << "arena-sandbox: " << e.what() << "\n" << kUsage;
    return 2;
  }
  for (; i < argc; ++i) spec.argv.emplace_back(argv[i]);

  arena::sandbox::Sandbox sandbox;
  if (check) {
    std::cout << capabilities_json(sandbox.capabilities()).dump(2) << "\n";
    return 0;
  }
  if (spec.argv.empty()) {
    std::cerr << "arena-sandbox: no program given\n" << kUsage;
    return 2;
  }
  const auto result = sandbox.run(spec);
  for (const auto& file : result.collected) {
    std::ofstream out(out_dir + "/" + file.name, std::ios::binary | std::ios::trunc);
    out << file.content;
  }
  if (json) {
    std::cout << nlohmann::json{{"verdict", to_string(result.verdict)},
                                {"exit_code", result.exit_code},
                                {"signal", result.signal},
                                {"cpu_ms", result.cpu_ms},
                                {"wall_ms", result.wall_ms},
                                {"memory_kb", result.memory_kb},
                                {"stdout", result.stdout_data},
                                {"stderr", result.stderr_data},
                                {"stdout_truncated", result.stdout_truncated},
                                {"stderr_truncated", result.stderr_truncated},
                                {"message", result.message}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << result.stdout_data;
    std::cerr << result.stderr_data;
    std::cerr << "[arena-sandbox] " << to_string(result.verdict) << " exit=" << result.exit_code
              << " signal=" << result.signal << " cpu=" << result.cpu_ms << "ms wall=" << result.wall_ms
              << "ms memory=" << result.memory_kb << "KB" << (result.message.empty() ? "" : " (" + result.message + ")")
              << "\n";
  }
  if (result.verdict == arena::sandbox::Verdict::XX) return 2;
  return result.verdict == arena::sandbox::Verdict::OK ? 0 : 1;
}
