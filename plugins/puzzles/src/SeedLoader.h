#pragma once

#include "PuzzleStore.h"

#include <arena/Database.h>

#include <filesystem>
#include <spdlog/logger.h>
#include <string>

namespace puzzles {

/// `arena seed`: the demo puzzles, approved, authored by the "codearena" system user.
class SeedLoader {
 public:
  SeedLoader(arena::Database& database, PuzzleStore& store) : database_(database), store_(store) {}

  /// Inserts the puzzles under `dir` whose title is not taken yet; returns how many it added.
  int load(const std::filesystem::path& dir, spdlog::logger& logger);

  /// The system user's id, created when missing (no password can sign it in).
  std::string system_user();

  static constexpr const char* kSystemUsername = "codearena";

 private:
  arena::Database& database_;
  PuzzleStore& store_;
};

}  // namespace puzzles
