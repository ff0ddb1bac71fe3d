#pragma once

#include <arena/RateLimiter.h>

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace judge {

/// A token bucket's shape: `burst` requests at once, refilled at `per_minute`.
using arena::RateLimit;

/// Defaults and ceilings of one run (a test or an execution).
struct RunDefaults {
  std::uint32_t cpu_ms = 2000;
  std::uint32_t wall_ms = 5000;
  std::uint64_t memory_kb = 256 * 1024;
  std::uint64_t output_bytes = 1 << 20;
  std::uint32_t max_cpu_ms = 10000;
  std::uint32_t max_wall_ms = 20000;
  std::uint64_t max_memory_kb = 1024 * 1024;
  std::uint64_t max_output_bytes = 8 << 20;
};

/// The judge plugin's config section, parsed once.
struct JudgeSettings {
  int workers = 2;
  std::filesystem::path languages_file = "config/languages.json";
  std::size_t max_code_bytes = 64 * 1024;
  std::size_t max_stdin_bytes = 1 << 20;
  std::size_t max_tests = 200;
  std::size_t max_test_data_bytes = 64 << 20;
  int lease_seconds = 15;
  int max_attempts = 3;
  int poll_interval_ms = 2000;
  RunDefaults run;
  // POST /api/execute and /api/v2/execute
  RateLimit execute_per_user{10, 30};
  int execute_per_user_concurrency = 2;
  int execute_max_concurrent = 8;
  bool piston_public = false;
  RateLimit piston_per_ip{10, 30};
  // arena::sandbox::Options
  unsigned sandbox_slots = 8;
  unsigned sandbox_uid = 65334;
  unsigned sandbox_gid = 65334;
  std::string sandbox_cgroup_parent;
  // compile cache
  std::size_t cache_memory_bytes = 64 << 20;
  std::size_t cache_disk_bytes = 512 << 20;

  static JudgeSettings from_config(const nlohmann::json& config);
};

/// The JSON schema of the `judge` config section.
extern const char* const kJudgeConfigSchema;

}  // namespace judge
