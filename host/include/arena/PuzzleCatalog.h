#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace arena {

/// One test case of a puzzle: the program reads `input` and should print `output`. Hidden
/// cases are for judging only: never show their input or output to players.
struct PuzzleTestCase {
  std::string input;
  std::string output;
  bool hidden = false;
};

/// A worked example shown in the statement (always public).
struct PuzzleExample {
  std::string input;
  std::string output;
  std::string explanation;  ///< Markdown, may be empty
};

/// Starter code in one language (what a DEBUG game hands the players to fix).
struct PuzzleStarter {
  std::string language;
  std::string code;
};

/// Everything a game needs about one puzzle.
struct GamePuzzle {
  std::string id;
  std::string title;
  std::string statement;    ///< Markdown, as the author wrote it
  std::string constraints;  ///< Markdown
  std::string difficulty;   ///< BEGINNER, EASY, INTERMEDIATE, ADVANCED, HARD or EXPERT
  std::vector<std::string> tags;
  std::string author_id;
  std::string visibility;                  ///< APPROVED for puzzles picked at random; any state when asked by id
  std::vector<PuzzleTestCase> validators;  ///< in order; judge a player's code against all of them
  std::vector<PuzzleExample> examples;
  std::vector<PuzzleStarter> starters;
  std::string solution_language;  ///< the author's reference solution (TYPERACER shows it)
  std::string solution_code;
};

/// A submission made in a game: stored like a single-player one, linked to the game.
struct GameSubmission {
  std::string puzzle_id;
  std::string game_id;
  std::string user_id;
  std::string language;
  std::string code;  ///< what is judged and stored (a BACKWARDS game passes the reversed source)
  /// Merged into the judge job's context, which the judge's events echo; the catalogue adds
  /// "origin", "submission_id", "puzzle_id", "game_id" and "user_id".
  nlohmann::json context = nlohmann::json::object();
};

/// What a random pick must satisfy; empty fields do not filter.
struct PuzzlePick {
  std::string difficulty;        ///< one of the difficulties, or "" for any
  std::string starter_language;  ///< the puzzle must have starter code in this language ("" for any)
};

/// Service "puzzles": the catalogue of puzzles the game loop plays. Provided by the puzzles
/// plugin. Methods are thread-safe and read the database.
class PuzzleCatalog {
 public:
  static constexpr const char* kServiceName = "puzzles";
  virtual ~PuzzleCatalog() = default;

  /// The id of a random APPROVED puzzle that satisfies `pick`, or nullopt when none does.
  virtual std::optional<std::string> random_approved(const PuzzlePick& pick) = 0;

  /// The puzzle with its validators (hidden ones included, flagged), examples and starters, or
  /// nullopt when there is no puzzle with this id (or `id` is not a UUID).
  virtual std::optional<GamePuzzle> game_puzzle(const std::string& id) = 0;

  /// Stores a game's submission (counted in the player's attempts and solves like any other)
  /// and queues it with every validator of the puzzle; returns the submission id. The result
  /// arrives as the judge's "submission.judged" event with the context described above.
  /// Throws HttpError 422 for an unknown or unavailable language or oversize code, 404 for an
  /// unknown puzzle, 503 when the judge is not running.
  virtual std::string submit_for_game(const GameSubmission& submission) = 0;
};

}  // namespace arena
