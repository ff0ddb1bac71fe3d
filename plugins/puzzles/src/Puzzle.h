#pragma once

#include <arena/PuzzleCatalog.h>
#include <arena/Request.h>
#include <arena/Role.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace puzzles {

/// What an author writes: everything of a puzzle but its state.
struct PuzzleDraft {
  std::string title;
  std::string statement;  ///< Markdown
  std::string constraints;  ///< Markdown
  std::string difficulty;
  std::vector<std::string> tags;
  std::string solution_language;
  std::string solution_code;
  std::vector<arena::PuzzleTestCase> validators;
  std::vector<arena::PuzzleExample> examples;
  std::vector<arena::PuzzleStarter> starters;
};

/// A stored puzzle with its state.
struct Puzzle {
  std::string id;
  std::string author_id;
  std::string author_username;
  std::string visibility;
  std::string moderation_feedback;
  std::string created_at;
  std::string updated_at;
  PuzzleDraft draft;
  long attempts = 0;
  long successes = 0;
  long average_time_ms = 0;
};

/// Who is asking: anonymous, or a user with a role.
struct Viewer {
  std::string user_id;  ///< "" when anonymous
  arena::Role role = arena::Role::Public;

  static Viewer of(const arena::Request& request);
  bool signed_in() const { return !user_id.empty(); }
  bool moderator() const { return arena::role_allows(role, arena::Role::Moderator); }
  /// The author or a moderator: may see hidden validators and the solution, and edit.
  bool manages(const Puzzle& puzzle) const { return signed_in() && (puzzle.author_id == user_id || moderator()); }
  /// Approved puzzles for everyone, the others for those who manage them.
  bool sees(const Puzzle& puzzle) const { return puzzle.visibility == "APPROVED" || manages(puzzle); }
};

/// The fields the API marks as Markdown (stored as written; the server renders none).
inline const nlohmann::json kPuzzleMarkdownFields = {"statement", "constraints", "examples[].explanation"};

/// The puzzle as `viewer` may see it: hidden validators, the solution and the moderation
/// feedback only for those who manage it; public validators for everyone.
nlohmann::json puzzle_json(const Puzzle& puzzle, const Viewer& viewer);

/// A puzzle in a list: no statement or tests.
nlohmann::json puzzle_summary_json(const Puzzle& puzzle);

/// Parses a create (all fields, `base` empty) or update (`base` the stored draft: absent
/// fields keep their value) body; 422 naming every invalid field.
struct PuzzlesSettings;
PuzzleDraft parse_draft(const nlohmann::json& body, const PuzzleDraft* base, const PuzzlesSettings& settings,
                        const std::vector<std::string>& languages);

}  // namespace puzzles
