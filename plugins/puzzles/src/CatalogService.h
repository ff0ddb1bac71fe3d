#pragma once

#include "PuzzleStore.h"

#include <arena/PuzzleCatalog.h>

namespace puzzles {

/// The SDK's PuzzleCatalog, for the game loop: random approved puzzles and whole puzzles by id.
class CatalogService final : public arena::PuzzleCatalog {
 public:
  explicit CatalogService(PuzzleStore& store) : store_(store) {}

  std::optional<std::string> random_approved(const arena::PuzzlePick& pick) override;
  std::optional<arena::GamePuzzle> game_puzzle(const std::string& id) override;

 private:
  PuzzleStore& store_;
};

}  // namespace puzzles
