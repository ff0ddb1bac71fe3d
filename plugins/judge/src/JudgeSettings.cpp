#include "JudgeSettings.h"

namespace judge {

const char* const kJudgeConfigSchema = R"json({
  "workers": {"type": "integer", "default": 2, "min": 0, "max": 64,
              "doc": "Judge worker threads in `arena serve` (0: leave judging to `arena judge-worker` processes)"},
  "languages_file": {"type": "string", "default": "config/languages.json",
                     "doc": "The languages file (ids, versions, compile and run commands); relative to the working directory"},
  "max_code_bytes": {"type": "integer", "default": 65536, "min": 1, "max": 16777216,
                     "doc": "Largest source program accepted (submissions and executions)"},
  "max_stdin_bytes": {"type": "integer", "default": 1048576, "min": 0, "max": 67108864,
                      "doc": "Largest stdin of an execution"},
  "max_tests": {"type": "integer", "default": 200, "min": 1, "max": 10000, "doc": "Most test cases per submission"},
  "max_test_data_bytes": {"type": "integer", "default": 67108864, "min": 1024,
                          "doc": "Largest total size of a submission's test inputs and expected outputs"},
  "lease_seconds": {"type": "integer", "default": 15, "min": 1, "max": 3600,
                    "doc": "A worker's hold on a job, renewed while it works; a job whose worker died is retaken after it runs out"},
  "max_attempts": {"type": "integer", "default": 3, "min": 1, "max": 100,
                   "doc": "Times a job is taken before it is given up with verdict XX (a worker died each time)"},
  "poll_interval_ms": {"type": "integer", "default": 2000, "min": 50, "max": 60000,
                       "doc": "How often idle workers look for jobs without a notification (fallback for LISTEN/NOTIFY)"},
  "piston_public": {"type": "boolean", "default": false,
                    "doc": "Let anyone call the Piston-compatible POST /api/v2/execute (rate limited per address); false: signed-in users only"},
  "limits": {"type": "object", "doc": "Limits of one run (a test or an execution); requests may lower them or raise them up to the max_ values", "keys": {
    "cpu_ms": {"type": "integer", "default": 2000, "min": 1, "doc": "Default CPU time"},
    "wall_ms": {"type": "integer", "default": 5000, "min": 1, "doc": "Default wall-clock time"},
    "memory_mb": {"type": "integer", "default": 256, "min": 1, "doc": "Default memory when the language sets none"},
    "output_kb": {"type": "integer", "default": 1024, "min": 1, "doc": "Default cap on stdout and on stderr"},
    "max_cpu_ms": {"type": "integer", "default": 10000, "min": 1, "doc": "Most CPU time a request may ask for"},
    "max_wall_ms": {"type": "integer", "default": 20000, "min": 1, "doc": "Most wall-clock time a request may ask for"},
    "max_memory_mb": {"type": "integer", "default": 1024, "min": 1, "doc": "Most memory a request may ask for"},
    "max_output_kb": {"type": "integer", "default": 8192, "min": 1, "doc": "Most output a request may ask for"}
  }},
  "execute": {"type": "object", "doc": "POST /api/execute and /api/v2/execute (synchronous runs)", "keys": {
    "per_user_burst": {"type": "number", "default": 10, "min": 1, "doc": "Executions one user may start at once"},
    "per_user_per_minute": {"type": "number", "default": 30, "min": 0.01, "doc": "...refilled at this rate"},
    "per_user_concurrency": {"type": "integer", "default": 2, "min": 1, "max": 64,
                             "doc": "Executions of one user (or, for public Piston calls, one address) running at once"},
    "max_concurrent": {"type": "integer", "default": 8, "min": 1, "max": 1024,
                       "doc": "Executions running at once in this process (503 beyond)"},
    "piston_per_ip_burst": {"type": "number", "default": 10, "min": 1,
                            "doc": "Public Piston executions one address may start at once (piston_public)"},
    "piston_per_ip_per_minute": {"type": "number", "default": 30, "min": 0.01, "doc": "...refilled at this rate"}
  }},
  "sandbox": {"type": "object", "doc": "The sandbox that runs programs (arena::sandbox::Options)", "keys": {
    "slots": {"type": "integer", "default": 8, "min": 1, "max": 256, "doc": "Runs in flight at once in this process"},
    "uid": {"type": "integer", "default": 65334, "min": 1, "max": 4294967294, "doc": "Unprivileged uid programs run as (when root)"},
    "gid": {"type": "integer", "default": 65334, "min": 1, "max": 4294967294, "doc": "Unprivileged gid programs run as (when root)"},
    "cgroup_parent": {"type": "string", "default": "",
                      "doc": "Parent of the per-run cgroups; empty: beside the process's own cgroup"}
  }},
  "cache": {"type": "object", "doc": "Compiled programs, by language, version and SHA-256 of the source", "keys": {
    "memory_mb": {"type": "integer", "default": 64, "min": 0, "max": 65536, "doc": "In-memory cache size (least recently used out)"},
    "disk_mb": {"type": "integer", "default": 512, "min": 0, "max": 1048576,
                "doc": "On-disk cache size under paths.var/judge/compile-cache (oldest out; 0: off)"}
  }}
})json";

JudgeSettings JudgeSettings::from_config(const nlohmann::json& config) {
  JudgeSettings s;
  s.workers = config.at("workers");
  s.languages_file = config.at("languages_file").get<std::string>();
  s.max_code_bytes = config.at("max_code_bytes");
  s.max_stdin_bytes = config.at("max_stdin_bytes");
  s.max_tests = config.at("max_tests");
  s.max_test_data_bytes = config.at("max_test_data_bytes");
  s.lease_seconds = config.at("lease_seconds");
  s.max_attempts = config.at("max_attempts");
  s.poll_interval_ms = config.at("poll_interval_ms");
  s.piston_public = config.at("piston_public");

  const auto& limits = config.at("limits");
  s.run.cpu_ms = limits.at("cpu_ms");
  s.run.wall_ms = limits.at("wall_ms");
  s.run.memory_kb = limits.at("memory_mb").get<std::uint64_t>() * 1024;
  s.run.output_bytes = limits.at("output_kb").get<std::uint64_t>() * 1024;
  s.run.max_cpu_ms = limits.at("max_cpu_ms");
  s.run.max_wall_ms = limits.at("max_wall_ms");
  s.run.max_memory_kb = limits.at("max_memory_mb").get<std::uint64_t>() * 1024;
  s.run.max_output_bytes = limits.at("max_output_kb").get<std::uint64_t>() * 1024;
  if (s.run.cpu_ms > s.run.max_cpu_ms || s.run.wall_ms > s.run.max_wall_ms || s.run.memory_kb > s.run.max_memory_kb ||
      s.run.output_bytes > s.run.max_output_bytes)
    throw std::invalid_argument("judge.limits: a default is above its max_ ceiling");

  const auto& execute = config.at("execute");
  s.execute_per_user = {execute.at("per_user_burst"), execute.at("per_user_per_minute")};
  s.execute_per_user_concurrency = execute.at("per_user_concurrency");
  s.execute_max_concurrent = execute.at("max_concurrent");
  s.piston_per_ip = {execute.at("piston_per_ip_burst"), execute.at("piston_per_ip_per_minute")};

  const auto& sandbox = config.at("sandbox");
  s.sandbox_slots = sandbox.at("slots");
  s.sandbox_uid = sandbox.at("uid");
  s.sandbox_gid = sandbox.at("gid");
  s.sandbox_cgroup_parent = sandbox.at("cgroup_parent");

  const auto& cache = config.at("cache");
  s.cache_memory_bytes = cache.at("memory_mb").get<std::size_t>() << 20;
  s.cache_disk_bytes = cache.at("disk_mb").get<std::size_t>() << 20;
  return s;
}

}  // namespace judge
