#pragma once

#include "Puzzle.h"

#include <filesystem>
#include <string>
#include <vector>

namespace puzzles {

/// A demo puzzle read from its folder.
struct SeedPuzzle {
  std::string folder;  ///< the folder's name, e.g. "01-sum-of-two"
  PuzzleDraft draft;
};

/// Reads every puzzle folder under `dir` (sorted by name): puzzle.json {title, difficulty, tags,
/// constraints, solution: {language, file}, starter?: {language, file}, examples: [{input,
/// output, explanation}], validators: [{input, output, public}]}, statement.md and the files
/// it names. Throws std::runtime_error naming the folder and the problem.
std::vector<SeedPuzzle> read_seed_puzzles(const std::filesystem::path& dir);

/// Reads one puzzle folder (see read_seed_puzzles).
SeedPuzzle read_seed_puzzle(const std::filesystem::path& folder);

}  // namespace puzzles
