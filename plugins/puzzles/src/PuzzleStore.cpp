#include "PuzzleStore.h"

#include <arena/HttpError.h>

#include <map>
#include <sstream>

namespace puzzles {

namespace {

#define TS(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  if (text.empty()) return parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

std::string join(const std::vector<std::string>& parts, char separator) {
  std::string text;
  for (const auto& part : parts) {
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

// Columns of a list row, read by summary().
constexpr const char* kSummaryColumns =
    "p.id::text, p.title, p.difficulty, array_to_string(p.tags, ','), p.visibility, p.author_id::text, "
    "u.username::text, coalesce(m.attempts, 0), coalesce(m.successes, 0), coalesce(m.success_time_ms, 0), " TS(
        "p.created_at") ", " TS("p.updated_at");

Puzzle summary(const pqxx::row& row) {
  Puzzle p;
  p.id = row[0].as<std::string>();
  p.draft.title = row[1].as<std::string>();
  p.draft.difficulty = row[2].as<std::string>();
  p.draft.tags = split(row[3].as<std::string>(), ',');
  p.visibility = row[4].as<std::string>();
  p.author_id = row[5].as<std::string>();
  p.author_username = row[6].as<std::string>();
  p.attempts = row[7].as<long>();
  p.successes = row[8].as<long>();
  p.average_time_ms = p.successes > 0 ? row[9].as<long>() / p.successes : 0;
  p.created_at = row[10].as<std::string>();
  p.updated_at = row[11].as<std::string>();
  return p;
}

// ORDER BY clauses by sort name: the only SQL text a request chooses, from this fixed list.
const std::map<std::string, std::string>& sorts() {
  static const std::map<std::string, std::string> all = {
      {"newest", "p.created_at DESC, p.id"},
      {"oldest", "p.created_at, p.id"},
      {"title", "lower(p.title), p.id"},
      {"popular", "coalesce(m.attempts, 0) DESC, p.created_at DESC, p.id"},
      {"solve_rate", "coalesce(m.successes::float8 / nullif(m.attempts, 0), 0) DESC, p.created_at DESC, p.id"},
      {"difficulty",
       "array_position(ARRAY['BEGINNER','EASY','INTERMEDIATE','ADVANCED','HARD','EXPERT'], p.difficulty), "
       "p.created_at DESC, p.id"}};
  return all;
}

// An ILIKE pattern matching `words` anywhere, with LIKE's wildcards escaped.
std::string contains_pattern(const std::string& words) {
  std::string pattern = "%";
  for (char c : words) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

void write_children(pqxx::work& tx, const std::string& id, const PuzzleDraft& d) {
  tx.exec_params("DELETE FROM puzzle_validators WHERE puzzle_id = $1::uuid", id);
  tx.exec_params("DELETE FROM puzzle_examples WHERE puzzle_id = $1::uuid", id);
  tx.exec_params("DELETE FROM puzzle_starters WHERE puzzle_id = $1::uuid", id);
  for (std::size_t i = 0; i < d.validators.size(); ++i) {
    const auto& v = d.validators[i];
    tx.exec_params(
        "INSERT INTO puzzle_validators (puzzle_id, position, input, output, is_public) "
        "VALUES ($1::uuid, $2, $3, $4, $5)",
        id, static_cast<int>(i), v.input, v.output, !v.hidden);
  }
  for (std::size_t i = 0; i < d.examples.size(); ++i) {
    const auto& e = d.examples[i];
    tx.exec_params(
        "INSERT INTO puzzle_examples (puzzle_id, position, input, output, explanation) "
        "VALUES ($1::uuid, $2, $3, $4, $5)",
        id, static_cast<int>(i), e.input, e.output, e.explanation);
  }
  for (const auto& s : d.starters) {
    tx.exec_params("INSERT INTO puzzle_starters (puzzle_id, language, code) VALUES ($1::uuid, $2, $3)", id, s.language,
                   s.code);
  }
}

}  // namespace

std::string ListQuery::key() const {
  return join(difficulties, ',') + '|' + join(tags, ',') + '|' + solved_in + '|' + search + '|' + sort + '|' +
         std::to_string(page) + '|' + std::to_string(page_size);
}

std::string PuzzleStore::create(const std::string& author_id, const PuzzleDraft& d, const std::string& visibility) {
  return database_.transact([&](pqxx::work& tx) {
    auto id =
        tx.exec_params1(
              "INSERT INTO puzzles (author_id, title, statement, constraints, difficulty, visibility, tags, "
              "solution_language, solution_code) "
              "VALUES ($1::uuid, $2, $3, $4, $5, $6, coalesce(string_to_array(nullif($7, ''), ','), '{}'), $8, $9) "
              "RETURNING id::text",
              author_id, d.title, d.statement, d.constraints, d.difficulty, visibility, join(d.tags, ','),
              d.solution_language, d.solution_code)[0]
            .as<std::string>();
    tx.exec_params("INSERT INTO puzzle_metrics (puzzle_id) VALUES ($1::uuid)", id);
    write_children(tx, id, d);
    return id;
  });
}

std::optional<Puzzle> PuzzleStore::find(const std::string& id) {
  return database_.run([&](pqxx::connection& c) -> std::optional<Puzzle> {
    pqxx::read_transaction tx{c};
    auto rows = tx.exec_params(std::string("SELECT ") + kSummaryColumns +
                                   ", p.statement, p.constraints, p.solution_language, p.solution_code, "
                                   "p.moderation_feedback "
                                   "FROM puzzles p JOIN users u ON u.id = p.author_id "
                                   "LEFT JOIN puzzle_metrics m ON m.puzzle_id = p.id WHERE p.id = $1::uuid",
                               id);
    if (rows.empty()) return std::nullopt;
    Puzzle p = summary(rows[0]);
    p.draft.statement = rows[0][12].as<std::string>();
    p.draft.constraints = rows[0][13].as<std::string>();
    p.draft.solution_language = rows[0][14].as<std::string>();
    p.draft.solution_code = rows[0][15].as<std::string>();
    p.moderation_feedback = rows[0][16].as<std::string>();
    for (const auto& row : tx.exec_params(
             "SELECT input, output, is_public FROM puzzle_validators WHERE puzzle_id = $1::uuid ORDER BY position", id))
      p.draft.validators.push_back({row[0].as<std::string>(), row[1].as<std::string>(), !row[2].as<bool>()});
    for (const auto& row : tx.exec_params(
             "SELECT input, output, explanation FROM puzzle_examples WHERE puzzle_id = $1::uuid ORDER BY position", id))
      p.draft.examples.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
    for (const auto& row :
         tx.exec_params("SELECT language, code FROM puzzle_starters WHERE puzzle_id = $1::uuid ORDER BY language", id))
      p.draft.starters.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
    return p;
  });
}

void PuzzleStore::save(const std::string& id, const PuzzleDraft& d) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params(
        "UPDATE puzzles SET title = $2, statement = $3, constraints = $4, difficulty = $5, "
        "tags = coalesce(string_to_array(nullif($6, ''), ','), '{}'), solution_language = $7, solution_code = $8, "
        "updated_at = now() WHERE id = $1::uuid",
        id, d.title, d.statement, d.constraints, d.difficulty, join(d.tags, ','), d.solution_language, d.solution_code);
    write_children(tx, id, d);
  });
}

void PuzzleStore::set_visibility(const std::string& id, const std::string& visibility,
                                 const std::optional<std::string>& feedback, const std::string& approved_by) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params(
        "UPDATE puzzles SET visibility = $2, moderation_feedback = CASE WHEN $3 THEN $4 ELSE moderation_feedback END, "
        "approved_by = CASE WHEN $2 = 'APPROVED' THEN nullif($5, '')::uuid ELSE approved_by END, updated_at = now() "
        "WHERE id = $1::uuid",
        id, visibility, feedback.has_value(), feedback.value_or(""), approved_by);
  });
}

bool PuzzleStore::remove_if_unused(const std::string& id) {
  return database_.transact([&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "DELETE FROM puzzles WHERE id = $1::uuid AND NOT EXISTS (SELECT 1 FROM submissions WHERE puzzle_id = $1::uuid) "
        "RETURNING id",
        id);
    return !rows.empty();
  });
}

nlohmann::json PuzzleStore::list(const ListQuery& q) {
  const std::string& order = sorts().at(q.sort);
  std::string search = q.search.empty() ? "" : contains_pattern(q.search);
  std::string where =
      " WHERE p.visibility = 'APPROVED' "
      "AND ($1 = '' OR p.difficulty = ANY (string_to_array($1, ','))) "
      "AND ($2 = '' OR p.tags @> string_to_array($2, ',')) "
      "AND ($3 = '' OR EXISTS (SELECT 1 FROM puzzle_language_solves s WHERE s.puzzle_id = p.id AND s.language = $3)) "
      "AND ($4 = '' OR p.title ILIKE $4) ";
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    // The page's ids first, from puzzles and metrics alone; only those 20 rows are then joined
    // with their authors and rendered (a tenth of the time of sorting fully rendered rows).
    auto rows = tx.exec_params(std::string("SELECT ") + kSummaryColumns +
                                   " FROM puzzles p JOIN users u ON u.id = p.author_id "
                                   "LEFT JOIN puzzle_metrics m ON m.puzzle_id = p.id "
                                   "WHERE p.id IN (SELECT p.id FROM puzzles p LEFT JOIN puzzle_metrics m "
                                   "ON m.puzzle_id = p.id" +
                                   where + "ORDER BY " + order + " LIMIT $5 OFFSET $6) ORDER BY " + order,
                               join(q.difficulties, ','), join(q.tags, ','), q.solved_in, search, q.page_size,
                               static_cast<long>(q.page - 1) * q.page_size);
    long total = tx.exec_params1("SELECT count(*) FROM puzzles p" + where, join(q.difficulties, ','), join(q.tags, ','),
                                 q.solved_in, search)[0]
                     .as<long>();
    auto puzzles = nlohmann::json::array();
    for (const auto& row : rows) puzzles.push_back(puzzle_summary_json(summary(row)));
    return nlohmann::json{{"puzzles", puzzles},
                          {"page", q.page},
                          {"page_size", q.page_size},
                          {"total", total},
                          {"pages", (total + q.page_size - 1) / q.page_size},
                          {"sort", q.sort}};
  });
}

nlohmann::json PuzzleStore::by_author(const std::string& author_id, bool all_states, int page, int page_size) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    std::string where = " WHERE p.author_id = $1::uuid AND ($2 OR p.visibility = 'APPROVED') ";
    auto rows = tx.exec_params(std::string("SELECT ") + kSummaryColumns +
                                   " FROM puzzles p JOIN users u ON u.id = p.author_id "
                                   "LEFT JOIN puzzle_metrics m ON m.puzzle_id = p.id" +
                                   where + "ORDER BY p.created_at DESC, p.id LIMIT $3 OFFSET $4",
                               author_id, all_states, page_size, static_cast<long>(page - 1) * page_size);
    long total = tx.exec_params1("SELECT count(*) FROM puzzles p" + where, author_id, all_states)[0].as<long>();
    auto puzzles = nlohmann::json::array();
    for (const auto& row : rows) puzzles.push_back(puzzle_summary_json(summary(row)));
    return nlohmann::json{{"puzzles", puzzles},
                          {"page", page},
                          {"page_size", page_size},
                          {"total", total},
                          {"pages", (total + page_size - 1) / page_size}};
  });
}

nlohmann::json PuzzleStore::in_review(int page, int page_size) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    auto rows = tx.exec_params(std::string("SELECT ") + kSummaryColumns +
                                   " FROM puzzles p JOIN users u ON u.id = p.author_id "
                                   "LEFT JOIN puzzle_metrics m ON m.puzzle_id = p.id WHERE p.visibility = 'REVIEW' "
                                   "ORDER BY p.updated_at, p.id LIMIT $1 OFFSET $2",
                               page_size, static_cast<long>(page - 1) * page_size);
    long total = tx.exec("SELECT count(*) FROM puzzles WHERE visibility = 'REVIEW'")[0][0].as<long>();
    auto puzzles = nlohmann::json::array();
    for (const auto& row : rows) puzzles.push_back(puzzle_summary_json(summary(row)));
    return nlohmann::json{{"puzzles", puzzles},
                          {"page", page},
                          {"page_size", page_size},
                          {"total", total},
                          {"pages", (total + page_size - 1) / page_size}};
  });
}

nlohmann::json PuzzleStore::user_stats(const std::string& user_id) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    auto row = tx.exec_params1(
        "SELECT (SELECT count(*) FROM puzzle_progress WHERE user_id = $1::uuid AND solved), "
        "       (SELECT count(*) FROM puzzle_progress WHERE user_id = $1::uuid), "
        "       (SELECT count(*) FROM puzzles WHERE author_id = $1::uuid AND visibility = 'APPROVED')",
        user_id);
    return nlohmann::json{
        {"solved", row[0].as<long>()}, {"attempted", row[1].as<long>()}, {"authored", row[2].as<long>()}};
  });
}

std::optional<std::string> PuzzleStore::user_id_of(const std::string& username) {
  return database_.run([&](pqxx::connection& c) -> std::optional<std::string> {
    pqxx::nontransaction tx{c};
    auto rows = tx.exec_params("SELECT id::text FROM users WHERE username = $1::citext", username);
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<std::string>();
  });
}

bool PuzzleStore::title_exists(const std::string& title) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return !tx.exec_params("SELECT 1 FROM puzzles WHERE lower(title) = lower($1) LIMIT 1", title).empty();
  });
}

std::optional<std::string> PuzzleStore::random_approved(const std::string& difficulty,
                                                        const std::string& starter_language) {
  return database_.run([&](pqxx::connection& c) -> std::optional<std::string> {
    pqxx::nontransaction tx{c};
    auto rows = tx.exec_params(
        "SELECT p.id::text FROM puzzles p WHERE p.visibility = 'APPROVED' AND ($1 = '' OR p.difficulty = $1) "
        "AND ($2 = '' OR EXISTS (SELECT 1 FROM puzzle_starters s WHERE s.puzzle_id = p.id AND s.language = $2)) "
        "ORDER BY random() LIMIT 1",
        difficulty, starter_language);
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<std::string>();
  });
}

}  // namespace puzzles
