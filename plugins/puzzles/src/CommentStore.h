#pragma once

#include <arena/Database.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace puzzles {

/// One row of comments.
struct CommentRecord {
  std::string id;
  std::string puzzle_id;  ///< "" for a comment on a submission
  std::string parent_id;  ///< "" for a top-level comment
  std::string author_id;
  bool deleted = false;
};

/// Every SQL statement about comments and their votes.
class CommentStore {
 public:
  explicit CommentStore(arena::Database& database) : database_(database) {}

  /// Adds a comment on a puzzle, or a reply (`parent_id`) in the parent's thread; returns its JSON.
  nlohmann::json add(const std::string& author_id, const std::string& puzzle_id, const std::string& parent_id,
                     const std::string& body);
  std::optional<CommentRecord> find(const std::string& id);
  /// Replaces the body; returns the comment's JSON.
  nlohmann::json edit(const std::string& id, const std::string& body);
  /// Soft delete: the comment keeps its place in the thread (replies stay), without its body.
  void remove(const std::string& id);
  /// Sets the user's vote (1, -1, or 0 to take it back) and returns {"score", "vote"}.
  nlohmann::json vote(const std::string& comment_id, const std::string& user_id, int value);
  /// A puzzle's comments as a tree of replies, each level sorted by "score" or "new" / "old";
  /// `viewer_id` ("" = anonymous) gets its own vote on each comment.
  nlohmann::json thread(const std::string& puzzle_id, const std::string& sort, const std::string& viewer_id);

 private:
  nlohmann::json one(pqxx::transaction_base& tx, const std::string& id, const std::string& viewer_id);
  arena::Database& database_;
};

}  // namespace puzzles
