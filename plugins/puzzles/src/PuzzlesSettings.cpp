#include "PuzzlesSettings.h"

namespace puzzles {

const char* const kPuzzlesConfigSchema = R"json({
  "seeds_dir": {"type": "string", "default": "plugins/puzzles/seeds",
                "doc": "Where `arena seed` reads the demo puzzles (one folder each); relative to the working directory"},
  "max_code_bytes": {"type": "integer", "default": 65536, "min": 1, "max": 16777216,
                     "doc": "Largest submitted, run or reference program"},
  "max_statement_bytes": {"type": "integer", "default": 65536, "min": 100, "max": 1048576,
                          "doc": "Largest puzzle statement (Markdown)"},
  "max_validators": {"type": "integer", "default": 100, "min": 1, "max": 1000, "doc": "Most test cases per puzzle"},
  "max_test_bytes": {"type": "integer", "default": 4194304, "min": 1024, "max": 67108864,
                     "doc": "Largest total size of a puzzle's validators and examples"},
  "max_comment_bytes": {"type": "integer", "default": 10000, "min": 1, "max": 100000,
                        "doc": "Largest comment (Markdown)"},
  "max_page_size": {"type": "integer", "default": 100, "min": 1, "max": 1000,
                    "doc": "Largest page_size of the lists"},
  "list_cache": {"type": "object", "doc": "In-memory cache of GET /api/puzzle pages, emptied on every write", "keys": {
    "entries": {"type": "integer", "default": 1024, "min": 0, "max": 1000000, "doc": "Pages kept (0: no cache)"},
    "ttl_ms": {"type": "integer", "default": 5000, "min": 0, "max": 3600000,
               "doc": "Longest a page is served from memory (bounds staleness when other hosts write)"}
  }},
  "submissions": {"type": "object", "doc": "POST /api/submission, per user (the judge's queue is shared)", "keys": {
    "per_user_burst": {"type": "number", "default": 20, "min": 1, "doc": "Submissions one user may make at once"},
    "per_user_per_minute": {"type": "number", "default": 30, "min": 0.01, "doc": "...refilled at this rate"}
  }},
  "review_timeout_s": {"type": "integer", "default": 120, "min": 1, "max": 3600,
                       "doc": "How long submit-for-review waits for the judge to run the reference solution"}
})json";

PuzzlesSettings PuzzlesSettings::from_config(const nlohmann::json& config) {
  PuzzlesSettings s;
  s.seeds_dir = config.at("seeds_dir").get<std::string>();
  s.max_code_bytes = config.at("max_code_bytes");
  s.max_statement_bytes = config.at("max_statement_bytes");
  s.max_validators = config.at("max_validators");
  s.max_test_bytes = config.at("max_test_bytes");
  s.max_comment_bytes = config.at("max_comment_bytes");
  s.max_page_size = config.at("max_page_size");
  s.list_cache_entries = config.at("list_cache").at("entries");
  s.list_cache_ttl_ms = config.at("list_cache").at("ttl_ms");
  s.review_timeout_s = config.at("review_timeout_s");
  s.submit_burst = config.at("submissions").at("per_user_burst");
  s.submit_per_minute = config.at("submissions").at("per_user_per_minute");
  return s;
}

}  // namespace puzzles
