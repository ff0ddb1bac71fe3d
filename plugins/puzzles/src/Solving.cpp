#include "Solving.h"

#include <arena/HttpError.h>

#include <chrono>
#include <thread>

namespace puzzles {

namespace {

constexpr const char* kOrigin = "puzzles";

std::string normalized(const std::string& text) {
  std::string lines;
  std::string line;
  auto flush = [&] {
    auto end = line.find_last_not_of(" \t");
    lines += end == std::string::npos ? "" : line.substr(0, end + 1);
    lines += '\n';
    line.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      flush();
    } else if (c == '\n') {
      flush();
    } else {
      line += c;
    }
  }
  if (!line.empty()) flush();
  while (!lines.empty() && lines.back() == '\n') lines.pop_back();
  return lines;
}

}  // namespace

bool same_output(const std::string& actual, const std::string& expected) {
  return normalized(actual) == normalized(expected);
}

std::string Solving::language_id(const std::string& name, const std::string& field) const {
  auto id = languages_.resolve(name);
  if (!id) throw arena::errors::validation("the language is unknown", {{field, "is not a known language"}});
  if (!languages_.available(*id))
    throw arena::errors::validation("the language is not available", {{field, "is not available on this server"}});
  return *id;
}

void Solving::check_code(const std::string& code) const {
  if (code.size() > settings_.max_code_bytes)
    throw arena::errors::validation(
        "the code is too long", {{"code", "must be at most " + std::to_string(settings_.max_code_bytes) + " bytes"}});
}

std::string Solving::submit(const std::string& user_id, const Puzzle& puzzle, const std::string& language,
                            const std::string& code, const std::string& game_id, const nlohmann::json& context) {
  check_code(code);
  std::string id = language_id(language);
  if (puzzle.draft.validators.empty())
    throw arena::errors::conflict("this puzzle has no test cases yet", {{"puzzle_id", puzzle.id}});
  // Stored first: the judge's event may arrive before submit() returns.
  std::string submission_id =
      submissions_.create(user_id, puzzle.id, id, code, puzzle.draft.validators.size(), game_id);
  arena::JudgeSubmission s;
  s.language = id;
  s.code = code;
  for (const auto& v : puzzle.draft.validators) s.tests.push_back({v.input, v.output, v.hidden});
  s.context = context.is_object() ? context : nlohmann::json::object();
  s.context["origin"] = kOrigin;
  s.context["submission_id"] = submission_id;
  s.context["puzzle_id"] = puzzle.id;
  s.context["user_id"] = user_id;
  if (!game_id.empty()) s.context["game_id"] = game_id;
  s.owner_id = user_id;
  try {
    submissions_.set_job(submission_id, judge_->submit(s));
  } catch (...) {
    submissions_.remove(submission_id);
    throw;
  }
  return submission_id;
}

nlohmann::json Solving::run_examples(const Puzzle& puzzle, const std::string& language, const std::string& code) {
  check_code(code);
  std::string id = language_id(language);
  std::vector<std::pair<std::string, std::string>> cases;
  for (const auto& e : puzzle.draft.examples) cases.emplace_back(e.input, e.output);
  if (cases.empty()) {
    for (const auto& v : puzzle.draft.validators) {
      if (!v.hidden) cases.emplace_back(v.input, v.output);
    }
  }
  auto tests = nlohmann::json::array();
  std::size_t passed = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    arena::ExecuteRequest request;
    request.language = id;
    request.code = code;
    request.stdin_data = cases[i].first;
    auto result = judge_->execute(request);
    nlohmann::json test = {{"index", i}, {"input", cases[i].first}, {"expected", cases[i].second}};
    if (!result.run) {
      const auto& compile = *result.compile;
      test.update({{"verdict", compile.verdict},
                   {"output", ""},
                   {"message", compile.stderr_data + compile.stdout_data},
                   {"passed", false}});
      tests.push_back(test);
      break;  // a failed compile fails every example alike
    }
    const auto& run = *result.run;
    std::string verdict = run.verdict;
    if (verdict == arena::verdicts::OK && !same_output(run.stdout_data, cases[i].second)) verdict = arena::verdicts::WA;
    bool ok = verdict == arena::verdicts::OK;
    passed += ok ? 1 : 0;
    test.update({{"verdict", verdict},
                 {"output", run.stdout_data},
                 {"stderr", run.stderr_data},
                 {"message", run.message},
                 {"cpu_ms", run.cpu_ms},
                 {"wall_ms", run.wall_ms},
                 {"memory_kb", run.memory_kb},
                 {"passed", ok}});
    tests.push_back(test);
  }
  return {{"language", id}, {"passed", passed}, {"total", cases.size()}, {"tests", tests}};
}

arena::JudgeResult Solving::judge_reference(const Puzzle& puzzle) {
  arena::JudgeSubmission s;
  s.language = language_id(puzzle.draft.solution_language, "solution.language");
  s.code = puzzle.draft.solution_code;
  for (const auto& v : puzzle.draft.validators) s.tests.push_back({v.input, v.output, false});
  s.context = {{"origin", "puzzles-review"}, {"puzzle_id", puzzle.id}};
  std::string job = judge_->submit(s);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(settings_.review_timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    auto result = judge_->result(job);
    if (result && result->status == "done") return *result;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw arena::errors::unavailable("the judge did not run the reference solution in time; try again later");
}

void Solving::on_judged(const nlohmann::json& payload) {
  const auto& context = payload.value("context", nlohmann::json::object());
  if (!context.is_object() || context.value("origin", "") != kOrigin) return;
  auto result = payload.get<arena::JudgeResult>();
  std::string submission_id = context.value("submission_id", "");
  if (submission_id.empty()) return;
  if (submissions_.record_judged(submission_id, result)) cache_.clear();  // the metrics changed
}

std::optional<arena::JudgeResult> Solving::progress(const std::string& job_id) {
  if (job_id.empty()) return std::nullopt;
  return judge_->result(job_id);
}

}  // namespace puzzles
