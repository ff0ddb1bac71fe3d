#include "SubmissionStore.h"

namespace puzzles {

namespace {

#define TS(column) "coalesce(to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"

constexpr const char* kColumns =
    "s.id::text, s.user_id::text, u.username::text, s.puzzle_id::text, s.language, coalesce(s.job_id::text, ''), "
    "s.status, coalesce(s.verdict, ''), s.results::text, s.passed, s.total, coalesce(s.time_ms, 0), "
    "coalesce(s.memory_kb, 0), s.code_length, " TS("s.created_at") ", " TS("s.judged_at");

SubmissionRecord to_record(const pqxx::row& row) {
  SubmissionRecord s;
  s.id = row[0].as<std::string>();
  s.user_id = row[1].as<std::string>();
  s.username = row[2].as<std::string>();
  s.puzzle_id = row[3].as<std::string>();
  s.language = row[4].as<std::string>();
  s.job_id = row[5].as<std::string>();
  s.status = row[6].as<std::string>();
  s.verdict = row[7].as<std::string>();
  s.results = nlohmann::json::parse(row[8].as<std::string>());
  s.passed = row[9].as<long>();
  s.total = row[10].as<long>();
  s.time_ms = row[11].as<long>();
  s.memory_kb = row[12].as<long>();
  s.code_length = row[13].as<long>();
  s.created_at = row[14].as<std::string>();
  s.judged_at = row[15].as<std::string>();
  return s;
}

}  // namespace

nlohmann::json stored_results(const arena::JudgeResult& result) {
  auto tests = nlohmann::json::array();
  for (const auto& t : result.tests) {
    nlohmann::json test = {{"index", t.index},   {"verdict", t.verdict}, {"hidden", t.hidden},
                           {"cpu_ms", t.cpu_ms}, {"wall_ms", t.wall_ms}, {"memory_kb", t.memory_kb}};
    if (!t.hidden) {
      test["output"] = t.output;
      test["message"] = t.message;
    }
    tests.push_back(test);
  }
  return tests;
}

nlohmann::json submission_json(const SubmissionRecord& s, bool with_code) {
  auto tests = nlohmann::json::array();
  for (const auto& t : s.results) {
    bool passed = t.value("verdict", "") == "OK";
    if (t.value("hidden", true)) {
      tests.push_back({{"index", t.value("index", 0)}, {"hidden", true}, {"passed", passed}});
    } else {
      auto shown = t;
      shown["passed"] = passed;
      tests.push_back(shown);
    }
  }
  nlohmann::json body = {{"id", s.id},
                         {"puzzle_id", s.puzzle_id},
                         {"user", {{"id", s.user_id}, {"username", s.username}}},
                         {"language", s.language},
                         {"status", s.status},
                         {"verdict", s.verdict.empty() ? nlohmann::json() : nlohmann::json(s.verdict)},
                         {"passed", s.passed},
                         {"total", s.total},
                         {"time_ms", s.time_ms},
                         {"memory_kb", s.memory_kb},
                         {"code_length", s.code_length},
                         {"tests", tests},
                         {"created_at", s.created_at},
                         {"judged_at", s.judged_at.empty() ? nlohmann::json() : nlohmann::json(s.judged_at)}};
  if (with_code) {
    body["code"] = s.code;
    body["compile_output"] = s.compile_output;
  }
  return body;
}

std::string SubmissionStore::create(const std::string& user_id, const std::string& puzzle_id,
                                    const std::string& language, const std::string& code, std::size_t total,
                                    const std::string& game_id) {
  std::optional<std::string> game;
  if (!game_id.empty()) game = game_id;
  return database_.transact([&](pqxx::work& tx) {
    return tx
        .exec_params1(
            "INSERT INTO submissions (user_id, puzzle_id, language, code, code_length, total, game_id) "
            "VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7::uuid) RETURNING id::text",
            user_id, puzzle_id, language, code, static_cast<long>(code.size()), static_cast<long>(total), game)[0]
        .as<std::string>();
  });
}

void SubmissionStore::set_job(const std::string& id, const std::string& job_id) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params("UPDATE submissions SET job_id = $2::uuid WHERE id = $1::uuid", id, job_id);
  });
}

void SubmissionStore::remove(const std::string& id) {
  database_.transact([&](pqxx::work& tx) { tx.exec_params("DELETE FROM submissions WHERE id = $1::uuid", id); });
}

std::optional<SubmissionRecord> SubmissionStore::find(const std::string& id) {
  return database_.run([&](pqxx::connection& c) -> std::optional<SubmissionRecord> {
    pqxx::nontransaction tx{c};
    auto rows = tx.exec_params(std::string("SELECT ") + kColumns +
                                   ", s.code, s.compile_output FROM submissions s JOIN users u ON u.id = s.user_id "
                                   "WHERE s.id = $1::uuid",
                               id);
    if (rows.empty()) return std::nullopt;
    auto record = to_record(rows[0]);
    record.code = rows[0][16].as<std::string>();
    record.compile_output = rows[0][17].as<std::string>();
    return record;
  });
}

nlohmann::json SubmissionStore::list(const std::string& puzzle_id, const std::string& user_id, int page,
                                     int page_size) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    std::string where =
        " WHERE ($1 = '' OR s.puzzle_id = nullif($1, '')::uuid) AND ($2 = '' OR s.user_id = nullif($2, '')::uuid) ";
    auto rows =
        tx.exec_params(std::string("SELECT ") + kColumns + " FROM submissions s JOIN users u ON u.id = s.user_id" +
                           where + "ORDER BY s.created_at DESC, s.id LIMIT $3 OFFSET $4",
                       puzzle_id, user_id, page_size, static_cast<long>(page - 1) * page_size);
    long total = tx.exec_params1("SELECT count(*) FROM submissions s" + where, puzzle_id, user_id)[0].as<long>();
    auto submissions = nlohmann::json::array();
    for (const auto& row : rows) {
      auto s = to_record(row);
      s.results = nlohmann::json::array();  // a list stays small: open one for its tests
      auto body = submission_json(s, false);
      body.erase("tests");
      submissions.push_back(body);
    }
    return nlohmann::json{{"submissions", submissions},
                          {"page", page},
                          {"page_size", page_size},
                          {"total", total},
                          {"pages", (total + page_size - 1) / page_size}};
  });
}

bool SubmissionStore::record_judged(const std::string& submission_id, const arena::JudgeResult& r) {
  bool ok = r.verdict == arena::verdicts::OK;
  return database_.transact([&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "UPDATE submissions SET status = 'done', verdict = $2, results = $3::jsonb, passed = $4, total = $5, "
        "time_ms = $6, memory_kb = $7, judged_at = now(), job_id = coalesce(job_id, nullif($8, '')::uuid), "
        "compile_output = $9 "
        "WHERE id = $1::uuid AND status <> 'done' RETURNING user_id::text, puzzle_id::text, language",
        submission_id, r.verdict, stored_results(r).dump(), static_cast<long>(r.passed), static_cast<long>(r.total),
        static_cast<long>(r.cpu_ms), static_cast<long>(r.memory_kb), r.job_id, r.compile_output);
    if (rows.empty()) return false;
    std::string user = rows[0][0].as<std::string>();
    std::string puzzle = rows[0][1].as<std::string>();
    std::string language = rows[0][2].as<std::string>();
    // The user's progress first: whether this is their first success decides the solver count.
    auto before = tx.exec_params(
        "SELECT solved FROM puzzle_progress WHERE user_id = $1::uuid AND puzzle_id = $2::uuid FOR UPDATE", user,
        puzzle);
    bool first_solve = ok && (before.empty() || !before[0][0].as<bool>());
    tx.exec_params(
        "INSERT INTO puzzle_progress (user_id, puzzle_id, attempts, solved, best_time_ms) "
        "VALUES ($1::uuid, $2::uuid, 1, $3, CASE WHEN $3 THEN $4::bigint END) "
        "ON CONFLICT (user_id, puzzle_id) DO UPDATE SET attempts = puzzle_progress.attempts + 1, "
        "solved = puzzle_progress.solved OR $3, "
        "best_time_ms = CASE WHEN $3 THEN least(coalesce(puzzle_progress.best_time_ms, $4::bigint), $4::bigint) "
        "ELSE puzzle_progress.best_time_ms END",
        user, puzzle, ok, static_cast<long>(r.cpu_ms));
    tx.exec_params(
        "INSERT INTO puzzle_metrics (puzzle_id, attempts, successes, success_time_ms, solvers) "
        "VALUES ($1::uuid, 1, $2, $3, $4) "
        "ON CONFLICT (puzzle_id) DO UPDATE SET attempts = puzzle_metrics.attempts + 1, "
        "successes = puzzle_metrics.successes + $2, success_time_ms = puzzle_metrics.success_time_ms + $3, "
        "solvers = puzzle_metrics.solvers + $4, updated_at = now()",
        puzzle, ok ? 1 : 0, ok ? static_cast<long>(r.cpu_ms) : 0L, first_solve ? 1 : 0);
    if (ok) {
      tx.exec_params(
          "INSERT INTO puzzle_language_solves (puzzle_id, language, successes) VALUES ($1::uuid, $2, 1) "
          "ON CONFLICT (language, puzzle_id) DO UPDATE SET successes = puzzle_language_solves.successes + 1",
          puzzle, language);
    }
    return true;
  });
}

}  // namespace puzzles
