#include "CatalogService.h"

#include "Validation.h"

#include <arena/HttpError.h>

namespace puzzles {

std::optional<std::string> CatalogService::random_approved(const arena::PuzzlePick& pick) {
  return store_.random_approved(pick.difficulty, pick.starter_language);
}

std::optional<arena::GamePuzzle> CatalogService::game_puzzle(const std::string& id) {
  if (!is_uuid(id)) return std::nullopt;
  auto puzzle = store_.find(id);
  if (!puzzle) return std::nullopt;
  arena::GamePuzzle game;
  game.id = puzzle->id;
  game.title = puzzle->draft.title;
  game.statement = puzzle->draft.statement;
  game.constraints = puzzle->draft.constraints;
  game.difficulty = puzzle->draft.difficulty;
  game.tags = puzzle->draft.tags;
  game.author_id = puzzle->author_id;
  game.visibility = puzzle->visibility;
  game.validators = puzzle->draft.validators;
  game.examples = puzzle->draft.examples;
  game.starters = puzzle->draft.starters;
  game.solution_language = puzzle->draft.solution_language;
  game.solution_code = puzzle->draft.solution_code;
  return game;
}

std::string CatalogService::submit_for_game(const arena::GameSubmission& submission) {
  auto puzzle = is_uuid(submission.puzzle_id) ? store_.find(submission.puzzle_id) : std::nullopt;
  if (!puzzle) throw arena::errors::not_found("no puzzle with this id");
  return solving_.submit(submission.user_id, *puzzle, submission.language, submission.code, submission.game_id,
                         submission.context);
}

}  // namespace puzzles
