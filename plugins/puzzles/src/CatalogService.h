#pragma once

#include "PuzzleStore.h"
#include "Solving.h"

#include <arena/PuzzleCatalog.h>

namespace puzzles {

/// The SDK's PuzzleCatalog, for the game loop: random approved puzzles and whole puzzles by id.
class CatalogService final : public arena::PuzzleCatalog {
 public:
  CatalogService(PuzzleStore& store, Solving& solving) : store_(store), solving_(solving) {}

  std::optional<std::string> random_approved(const arena::PuzzlePick& pick) override;
  std::optional<arena::GamePuzzle> game_puzzle(const std::string& id) override;
  std::string submit_for_game(const arena::GameSubmission& submission) override;

 private:
  PuzzleStore& store_;
  Solving& solving_;
};

}  // namespace puzzles
