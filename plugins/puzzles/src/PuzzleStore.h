#pragma once

#include "Puzzle.h"

#include <arena/Database.h>

#include <optional>
#include <string>
#include <vector>

namespace puzzles {

/// A catalogue query: GET /api/puzzle's filters, sort and page.
struct ListQuery {
  std::vector<std::string> difficulties;
  std::vector<std::string> tags;  ///< every one must be present
  std::string solved_in;          ///< a language the puzzle was solved in, or ""
  std::string search;             ///< words matched against titles (trigram index), or ""
  std::string sort = "newest";    ///< newest, oldest, title, popular, solve_rate, difficulty
  int page = 1;
  int page_size = 20;

  /// A canonical text of the query, the list cache's key.
  std::string key() const;
};

/// Every SQL statement about puzzles and their validators, examples, starters and metrics.
class PuzzleStore {
 public:
  explicit PuzzleStore(arena::Database& database) : database_(database) {}

  /// Inserts a puzzle in `visibility` (DRAFT for authors, APPROVED for the seed) and returns its id.
  std::string create(const std::string& author_id, const PuzzleDraft& draft, const std::string& visibility = "DRAFT");
  /// The puzzle with its tests, examples, starters and metrics; nullopt when there is none.
  std::optional<Puzzle> find(const std::string& id);
  /// Replaces the content of a puzzle (fields, validators, examples, starters).
  void save(const std::string& id, const PuzzleDraft& draft);
  /// Sets the state; `feedback` replaces the moderation feedback when given; `approved_by` when approving.
  void set_visibility(const std::string& id, const std::string& visibility, const std::optional<std::string>& feedback,
                      const std::string& approved_by = "");
  /// Deletes a puzzle nobody submitted to; returns false (and deletes nothing) when it has submissions.
  bool remove_if_unused(const std::string& id);

  /// A page of approved puzzles: {"puzzles": [...], "page", "page_size", "total", "pages"}.
  nlohmann::json list(const ListQuery& query);
  /// Puzzles of one author: every state when `all_states`, else approved only.
  nlohmann::json by_author(const std::string& author_id, bool all_states, int page, int page_size);
  /// The moderators' queue: puzzles in REVIEW, longest waiting first (same page shape).
  nlohmann::json in_review(int page, int page_size);
  /// A user's solved and attempted puzzle counts: {"solved", "attempted", "authored"}.
  nlohmann::json user_stats(const std::string& user_id);
  /// The id of a user by username, or nullopt.
  std::optional<std::string> user_id_of(const std::string& username);

  /// Whether an approved puzzle with this title exists (any author, without regard to case).
  bool title_exists(const std::string& title);
  /// The id of a random approved puzzle (optionally of a difficulty and with a starter).
  std::optional<std::string> random_approved(const std::string& difficulty, const std::string& starter_language);

 private:
  arena::Database& database_;
};

}  // namespace puzzles
