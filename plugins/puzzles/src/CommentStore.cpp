#include "CommentStore.h"

#include <algorithm>
#include <functional>
#include <map>

namespace puzzles {

namespace {

#define TS(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

constexpr const char* kColumns =
    "c.id::text, coalesce(c.parent_id::text, ''), c.author_id::text, u.username::text, c.body, c.score, "
    "c.deleted_at IS NOT NULL, " TS("c.created_at") ", " TS("c.updated_at") ", coalesce(v.value, 0)";

nlohmann::json to_json(const pqxx::row& row) {
  bool deleted = row[6].as<bool>();
  return {{"id", row[0].as<std::string>()},
          {"parent_id", row[1].as<std::string>().empty() ? nlohmann::json() : nlohmann::json(row[1].as<std::string>())},
          {"author", deleted ? nlohmann::json()
                             : nlohmann::json{{"id", row[2].as<std::string>()}, {"username", row[3].as<std::string>()}}},
          {"body", deleted ? nlohmann::json() : nlohmann::json(row[4].as<std::string>())},
          {"markdown_fields", {"body"}},
          {"score", row[5].as<long>()},
          {"deleted", deleted},
          {"created_at", row[7].as<std::string>()},
          {"updated_at", row[8].as<std::string>()},
          {"my_vote", row[9].as<int>()},
          {"replies", nlohmann::json::array()}};
}

}  // namespace

nlohmann::json CommentStore::one(pqxx::transaction_base& tx, const std::string& id, const std::string& viewer_id) {
  auto row = tx.exec_params1(std::string("SELECT ") + kColumns +
                                 " FROM comments c JOIN users u ON u.id = c.author_id "
                                 "LEFT JOIN comment_votes v ON v.comment_id = c.id AND v.user_id = nullif($2, '')::uuid "
                                 "WHERE c.id = $1::uuid",
                             id, viewer_id);
  return to_json(row);
}

nlohmann::json CommentStore::add(const std::string& author_id, const std::string& puzzle_id,
                                 const std::string& parent_id, const std::string& body) {
  return database_.transact([&](pqxx::work& tx) {
    auto id = tx.exec_params1(
                    "INSERT INTO comments (puzzle_id, submission_id, parent_id, author_id, body) "
                    "SELECT CASE WHEN $2 = '' THEN p.puzzle_id ELSE $2::uuid END, "
                    "       CASE WHEN $2 = '' THEN p.submission_id END, nullif($3, '')::uuid, $1::uuid, $4 "
                    "FROM (SELECT 1) one LEFT JOIN comments p ON p.id = nullif($3, '')::uuid RETURNING id::text",
                    author_id, puzzle_id, parent_id, body)[0]
                  .as<std::string>();
    return one(tx, id, author_id);
  });
}

std::optional<CommentRecord> CommentStore::find(const std::string& id) {
  return database_.run([&](pqxx::connection& c) -> std::optional<CommentRecord> {
    pqxx::nontransaction tx{c};
    auto rows = tx.exec_params(
        "SELECT id::text, coalesce(puzzle_id::text, ''), coalesce(parent_id::text, ''), author_id::text, "
        "deleted_at IS NOT NULL FROM comments WHERE id = $1::uuid",
        id);
    if (rows.empty()) return std::nullopt;
    return CommentRecord{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(), rows[0][2].as<std::string>(),
                         rows[0][3].as<std::string>(), rows[0][4].as<bool>()};
  });
}

nlohmann::json CommentStore::edit(const std::string& id, const std::string& body) {
  return database_.transact([&](pqxx::work& tx) {
    auto row = tx.exec_params1("UPDATE comments SET body = $2, updated_at = now() WHERE id = $1::uuid "
                               "RETURNING author_id::text",
                               id, body);
    return one(tx, id, row[0].as<std::string>());
  });
}

void CommentStore::remove(const std::string& id) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params("UPDATE comments SET deleted_at = coalesce(deleted_at, now()), body = '' WHERE id = $1::uuid", id);
  });
}

nlohmann::json CommentStore::vote(const std::string& comment_id, const std::string& user_id, int value) {
  return database_.transact([&](pqxx::work& tx) {
    // The comment row's lock serialises votes on it, so the score stays the sum of the votes.
    tx.exec_params("SELECT 1 FROM comments WHERE id = $1::uuid FOR UPDATE", comment_id);
    if (value == 0) {
      tx.exec_params("DELETE FROM comment_votes WHERE comment_id = $1::uuid AND user_id = $2::uuid", comment_id, user_id);
    } else {
      tx.exec_params(
          "INSERT INTO comment_votes (comment_id, user_id, value) VALUES ($1::uuid, $2::uuid, $3) "
          "ON CONFLICT (comment_id, user_id) DO UPDATE SET value = excluded.value, created_at = now()",
          comment_id, user_id, value);
    }
    auto row = tx.exec_params1(
        "UPDATE comments SET score = (SELECT coalesce(sum(value), 0) FROM comment_votes WHERE comment_id = $1::uuid) "
        "WHERE id = $1::uuid RETURNING score",
        comment_id);
    return nlohmann::json{{"score", row[0].as<long>()}, {"vote", value}};
  });
}

nlohmann::json CommentStore::thread(const std::string& puzzle_id, const std::string& sort,
                                    const std::string& viewer_id) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    auto rows = tx.exec_params(std::string("SELECT ") + kColumns +
                                   " FROM comments c JOIN users u ON u.id = c.author_id "
                                   "LEFT JOIN comment_votes v ON v.comment_id = c.id AND v.user_id = nullif($2, '')::uuid "
                                   "WHERE c.puzzle_id = $1::uuid ORDER BY c.created_at, c.id",
                               puzzle_id, viewer_id);
    std::map<std::string, std::vector<nlohmann::json>> children;  // parent id ("" = top) -> comments
    for (const auto& row : rows) {
      auto comment = to_json(row);
      std::string parent = comment["parent_id"].is_null() ? "" : comment["parent_id"].get<std::string>();
      children[parent].push_back(std::move(comment));
    }
    auto order = [&](std::vector<nlohmann::json>& level) {
      if (sort == "score")
        std::stable_sort(level.begin(), level.end(),
                         [](const auto& a, const auto& b) { return a["score"].template get<long>() > b["score"].template get<long>(); });
      else if (sort == "new")
        std::reverse(level.begin(), level.end());
    };
    // Replies nest; a thread deeper than 64 levels is cut there (the UI cannot show more).
    std::function<nlohmann::json(const std::string&, int)> build = [&](const std::string& parent, int depth) {
      auto level = children[parent];
      order(level);
      auto out = nlohmann::json::array();
      for (auto& comment : level) {
        if (depth < 64) comment["replies"] = build(comment["id"].get<std::string>(), depth + 1);
        out.push_back(std::move(comment));
      }
      return out;
    };
    return nlohmann::json{{"comments", build("", 0)}, {"total", rows.size()}, {"sort", sort}};
  });
}

}  // namespace puzzles
