#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace puzzles {

/// The puzzles plugin's config section, parsed once.
struct PuzzlesSettings {
  std::string seeds_dir = "plugins/puzzles/seeds";
  std::size_t max_code_bytes = 65536;
  std::size_t max_statement_bytes = 65536;
  std::size_t max_validators = 100;
  std::size_t max_test_bytes = 4 << 20;  ///< all validators and examples of a puzzle together
  std::size_t max_comment_bytes = 10000;
  int max_page_size = 100;
  std::size_t list_cache_entries = 1024;
  int list_cache_ttl_ms = 5000;
  int review_timeout_s = 120;
  double submit_burst = 20;
  double submit_per_minute = 30;

  static PuzzlesSettings from_config(const nlohmann::json& config);
};

/// The JSON schema of the `puzzles` config section.
extern const char* const kPuzzlesConfigSchema;

}  // namespace puzzles
