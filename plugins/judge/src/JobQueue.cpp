#include "JobQueue.h"

#include "JobCodec.h"
#include "Text.h"

namespace judge {

using nlohmann::json;

namespace {

std::string dumped(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// NOTIFY payloads must stay under 8000 bytes.
constexpr std::size_t kMaxNotifyPayload = 7900;

}  // namespace

std::string JobQueue::enqueue(const arena::JudgeSubmission& submission) {
  return database_.transact([&](pqxx::work& tx) {
    auto id = tx.exec_params1(
                    "INSERT INTO judge_jobs (language, source, tests, options, context, owner_id) "
                    "VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, NULLIF($6, '')::uuid) RETURNING id::text",
                    submission.language, submission.code, dumped(tests_to_json(submission.tests)),
                    dumped(options_to_json(submission)), dumped(submission.context), submission.owner_id)[0]
                  .as<std::string>();
    tx.exec_params("SELECT pg_notify($1, $2)", kJobsChannel, id);
    return id;
  });
}

std::optional<ClaimedJob> JobQueue::claim(const std::string& worker) {
  return database_.transact([&](pqxx::work& tx) -> std::optional<ClaimedJob> {
    // SKIP LOCKED: concurrent workers each get a different row instead of waiting on one.
    auto rows = tx.exec_params(
        "UPDATE judge_jobs SET status = 'running', attempts = attempts + 1, lease_owner = $1, "
        "  lease_token = gen_random_uuid(), lease_until = now() + make_interval(secs => $2), "
        "  started_at = coalesce(started_at, now()), progress = '[]'::jsonb "
        "WHERE id = (SELECT id FROM judge_jobs "
        "            WHERE status <> 'done' AND (status = 'queued' OR lease_until < now()) "
        "            ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) "
        "RETURNING id::text, lease_token::text, attempts, language, source, tests::text, options::text, "
        "  context::text, coalesce(owner_id::text, '')",
        worker, lease_seconds_);
    if (rows.empty()) return std::nullopt;
    const auto& row = rows[0];
    ClaimedJob job;
    job.id = row[0].as<std::string>();
    job.lease_token = row[1].as<std::string>();
    job.attempts = row[2].as<int>();
    job.submission.language = row[3].as<std::string>();
    job.submission.code = row[4].as<std::string>();
    job.submission.tests = tests_from_json(json::parse(row[5].as<std::string>()));
    options_from_json(json::parse(row[6].as<std::string>()), job.submission);
    job.submission.context = json::parse(row[7].as<std::string>());
    job.submission.owner_id = row[8].as<std::string>();
    return job;
  });
}

bool JobQueue::renew(const ClaimedJob& job) {
  return database_.transact([&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "UPDATE judge_jobs SET lease_until = now() + make_interval(secs => $3) "
        "WHERE id = $1::uuid AND lease_token = $2::uuid AND status = 'running' RETURNING 1",
        job.id, job.lease_token, lease_seconds_);
    return !rows.empty();
  });
}

bool JobQueue::record_progress(const ClaimedJob& job, const arena::JudgeTestResult& test, std::size_t total,
                               const json& context) {
  json brief = test;
  brief.erase("output");
  brief.erase("message");
  json payload = {{"job_id", job.id}, {"test", brief}, {"done", test.index + 1}, {"total", total}};
  std::string with_context = payload.dump();
  payload["context"] = context;
  if (std::string full = dumped(payload); full.size() <= kMaxNotifyPayload) with_context = full;
  return database_.transact([&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "WITH held AS ("
        "  UPDATE judge_jobs SET progress = progress || jsonb_build_array($3::jsonb), "
        "    lease_until = now() + make_interval(secs => $4) "
        "  WHERE id = $1::uuid AND lease_token = $2::uuid AND status = 'running' RETURNING id) "
        "SELECT pg_notify($5, $6) FROM held",
        job.id, job.lease_token, dumped(json(test)), lease_seconds_, kProgressChannel, with_context);
    return !rows.empty();
  });
}

std::optional<double> JobQueue::finish(const ClaimedJob& job, const arena::JudgeResult& result) {
  return database_.transact([&](pqxx::work& tx) -> std::optional<double> {
    auto rows = tx.exec_params(
        "WITH done AS ("
        "  UPDATE judge_jobs SET status = 'done', result = $3::jsonb, finished_at = now(), lease_until = NULL, "
        "    progress = '[]'::jsonb "
        "  WHERE id = $1::uuid AND lease_token = $2::uuid AND status = 'running' "
        "  RETURNING id, extract(epoch FROM finished_at - created_at)::float8 AS latency) "
        "SELECT latency, pg_notify($4, id::text) FROM done",
        job.id, job.lease_token, dumped(json(result)), kFinishedChannel);
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<double>();
  });
}

void JobQueue::release(const ClaimedJob& job) {
  database_.transact([&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "UPDATE judge_jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), lease_owner = NULL, "
        "  lease_token = NULL, lease_until = NULL, progress = '[]'::jsonb "
        "WHERE id = $1::uuid AND lease_token = $2::uuid AND status = 'running' RETURNING 1",
        job.id, job.lease_token);
    if (!rows.empty()) tx.exec_params("SELECT pg_notify($1, $2)", kJobsChannel, job.id);
  });
}

std::optional<arena::JudgeResult> JobQueue::result(const std::string& job_id) {
  if (!is_uuid(job_id)) return std::nullopt;
  return database_.transact([&](pqxx::work& tx) -> std::optional<arena::JudgeResult> {
    auto rows = tx.exec_params(
        "SELECT status, language, result::text, progress::text, context::text, attempts, jsonb_array_length(tests) "
        "FROM judge_jobs WHERE id = $1::uuid",
        job_id);
    if (rows.empty()) return std::nullopt;
    const auto& row = rows[0];
    arena::JudgeResult result;
    std::string status = row[0].as<std::string>();
    if (status == "done" && !row[2].is_null()) {
      result = json::parse(row[2].as<std::string>()).get<arena::JudgeResult>();
    } else {
      result.tests = json::parse(row[3].as<std::string>()).get<std::vector<arena::JudgeTestResult>>();
      for (const auto& test : result.tests) result.passed += test.verdict == arena::verdicts::OK ? 1 : 0;
    }
    result.job_id = job_id;
    result.status = status;
    result.language = row[1].as<std::string>();
    result.context = json::parse(row[4].as<std::string>());
    result.attempts = row[5].as<std::uint32_t>();
    result.total = row[6].as<std::size_t>();
    return result;
  });
}

json JobQueue::context(const std::string& job_id) {
  if (!is_uuid(job_id)) return json::object();
  return database_.transact([&](pqxx::work& tx) {
    auto rows = tx.exec_params("SELECT context::text FROM judge_jobs WHERE id = $1::uuid", job_id);
    return rows.empty() ? json::object() : json::parse(rows[0][0].as<std::string>());
  });
}

std::vector<std::string> JobQueue::finished_since(double since_epoch_seconds) {
  return database_.transact([&](pqxx::work& tx) {
    std::vector<std::string> ids;
    auto rows = tx.exec_params(
        "SELECT id::text FROM judge_jobs WHERE status = 'done' AND finished_at >= to_timestamp($1) "
        "ORDER BY finished_at LIMIT 10000",
        since_epoch_seconds);
    for (const auto& row : rows) ids.push_back(row[0].as<std::string>());
    return ids;
  });
}

QueueDepth JobQueue::depth() {
  return database_.transact([&](pqxx::work& tx) {
    QueueDepth depth;
    auto rows = tx.exec("SELECT status, count(*) FROM judge_jobs WHERE status <> 'done' GROUP BY status");
    for (const auto& row : rows) {
      if (row[0].as<std::string>() == "queued") depth.queued = row[1].as<long>();
      if (row[0].as<std::string>() == "running") depth.running = row[1].as<long>();
    }
    return depth;
  });
}

}  // namespace judge
