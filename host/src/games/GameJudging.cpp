#include "games/GameJudging.h"

#include "games/JudgeFacts.h"

#include <arena/Channels.h>
#include <arena/HttpError.h>

namespace arena::games {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxCode = 64 * 1024;

struct Accepted {
  JudgePlan plan;
  std::string puzzle_id;
};
using Outcome = std::variant<Accepted, Refusal>;

}  // namespace

void GameJudging::set_services(std::shared_ptr<JudgeService> judge, std::shared_ptr<PuzzleCatalog> catalog) {
  std::lock_guard lock(mutex_);
  judge_ = std::move(judge);
  catalog_ = std::move(catalog);
}

bool GameJudging::ready() const {
  std::lock_guard lock(mutex_);
  return judge_ && catalog_;
}

GameJudging::Request GameJudging::parse(const json& payload) {
  if (!payload.is_object()) throw ChannelError("invalid", {{"message", "the payload must be an object"}});
  Request request;
  if (!payload.contains("code") || !payload["code"].is_string())
    throw ChannelError("invalid", {{"message", "code must be a string"}});
  request.code = payload["code"].get<std::string>();
  if (request.code.size() > kMaxCode)
    throw ChannelError("invalid", {{"message", "the code is too long (64 KiB at most)"}});
  request.language =
      payload.contains("language") && payload["language"].is_string() ? payload["language"].get<std::string>() : "";
  if (request.language.empty()) throw ChannelError("invalid", {{"message", "language is required"}});
  if (payload.contains("puzzle") && !payload["puzzle"].is_null()) {
    if (!payload["puzzle"].is_number_integer())
      throw ChannelError("invalid", {{"message", "puzzle must be an integer"}});
    request.puzzle = payload["puzzle"].get<int>();
  }
  return request;
}

namespace {

Outcome accept(std::variant<JudgePlan, Refusal> result, const GameSession& session) {
  if (auto* refusal = std::get_if<Refusal>(&result)) return *refusal;
  auto plan = std::get<JudgePlan>(std::move(result));
  const auto& puzzles = session.facts().puzzles;
  std::string puzzle_id =
      plan.puzzle >= 1 && static_cast<std::size_t>(plan.puzzle) <= puzzles.size() ? puzzles[plan.puzzle - 1].id : "";
  return Accepted{std::move(plan), std::move(puzzle_id)};
}

Accepted accepted_or_throw(std::optional<Outcome> outcome, const GameLoop& loop, const std::string& game_id) {
  if (!outcome && loop.contains(game_id))
    throw ChannelError("busy", {{"message", "the game did not answer in time; try again"}});
  if (!outcome) throw ChannelError("not_found", {{"message", "this game is not running here"}});
  if (auto* refusal = std::get_if<Refusal>(&*outcome))
    throw ChannelError(refusal->reason, {{"message", refusal->message}});
  return std::get<Accepted>(std::move(*outcome));
}

// Asks the game's session (on its strand) to accept a submission or a run.
Accepted plan_in_game(GameLoop& loop, const std::string& game_id, const std::string& user_id,
                      const GameJudging::Request& request, bool run) {
  return accepted_or_throw(
      loop.call<Outcome>(game_id, run ? "run" : "submit",
                         [user_id, request, run](GameSession& session, std::int64_t now) -> Outcome {
                           auto decided =
                               run ? session.run(user_id, request.language, request.code, request.puzzle, now)
                                   : session.submit(user_id, request.language, request.code, request.puzzle, now);
                           return accept(std::move(decided), session);
                         }),
      loop, game_id);
}

}  // namespace

json GameJudging::submit(const std::string& game_id, const std::string& user_id, const json& payload) {
  auto request = parse(payload);
  std::shared_ptr<PuzzleCatalog> catalog;
  {
    std::lock_guard lock(mutex_);
    catalog = catalog_;
  }
  if (!catalog) throw ChannelError("unavailable", {{"message", "games need the judge and puzzles plugins"}});
  auto accepted = plan_in_game(loop_, game_id, user_id, request, false);
  const auto& plan = accepted.plan;
  GameSubmission submission;
  submission.puzzle_id = accepted.puzzle_id;
  submission.game_id = game_id;
  submission.user_id = user_id;
  submission.language = plan.language;
  submission.code = plan.code_to_run;
  submission.context = {{"submission_key", plan.submission_key}, {"player", user_id}, {"puzzle", plan.puzzle}};
  try {
    std::string submission_id = catalog->submit_for_game(submission);
    return {{"submission_key", plan.submission_key}, {"submission_id", submission_id}};
  } catch (const HttpError& e) {
    give_up(game_id, plan.submission_key, plan.language, e.what());
    throw ChannelError(e.status() == 422 ? "invalid" : "judge_unavailable", {{"message", e.what()}});
  } catch (const std::exception& e) {
    give_up(game_id, plan.submission_key, plan.language, e.what());
    throw ChannelError("judge_unavailable", {{"message", e.what()}});
  }
}

json GameJudging::run(const std::string& game_id, const std::string& user_id, const json& payload) {
  auto request = parse(payload);
  std::shared_ptr<JudgeService> judge;
  {
    std::lock_guard lock(mutex_);
    judge = judge_;
  }
  if (!judge) throw ChannelError("unavailable", {{"message", "games need the judge plugin"}});
  auto accepted = plan_in_game(loop_, game_id, user_id, request, true);
  const auto& plan = accepted.plan;
  if (plan.run_tests.empty()) {
    give_up(game_id, plan.submission_key, plan.language, "nothing to run against");
    throw ChannelError("nothing_to_run", {{"message", "your view has no tests to run against"}});
  }
  JudgeSubmission submission;
  submission.language = plan.language;
  submission.code = plan.code_to_run;
  for (const auto& [input, output] : plan.run_tests) submission.tests.push_back({input, output, false});
  submission.context = {
      {"game_id", game_id}, {"submission_key", plan.submission_key}, {"kind", "run"}, {"player", user_id}};
  submission.owner_id = user_id;
  try {
    judge->submit(submission);
  } catch (const HttpError& e) {
    give_up(game_id, plan.submission_key, plan.language, e.what());
    throw ChannelError(e.status() == 422 ? "invalid" : "judge_unavailable", {{"message", e.what()}});
  } catch (const std::exception& e) {
    give_up(game_id, plan.submission_key, plan.language, e.what());
    throw ChannelError("judge_unavailable", {{"message", e.what()}});
  }
  return {{"submission_key", plan.submission_key}};
}

// The judge refused the job: the session must not wait for a verdict that never comes.
void GameJudging::give_up(const std::string& game_id, const std::string& key, const std::string& language,
                          const std::string& message) {
  auto facts = failed_submission(language, message);
  loop_.post(game_id, "judged",
             [key, facts](GameSession& session, std::int64_t now) { session.judged(key, facts, now); });
}

void GameJudging::judged(const json& payload) {
  const auto& context = payload.contains("context") ? payload["context"] : json();
  if (!context.is_object() || !context.contains("game_id") || !context.contains("submission_key")) return;
  std::string game_id = context.value("game_id", ""), key = context.value("submission_key", "");
  if (game_id.empty() || key.empty()) return;
  JudgeResult result;
  try {
    result = payload.get<JudgeResult>();
  } catch (const std::exception& e) {
    logger_->warn("game {}: unreadable judge result for {}: {}", game_id, key, e.what());
    return;
  }
  if (context.value("kind", "") == "run") {
    std::lock_guard lock(mutex_);
    // Results whose run_result never went out (the game ended first) must not pile up.
    if (run_results_.size() >= 10000) run_results_.clear();
    run_results_[game_id + "/" + key] = result;
  }
  auto facts = submission_facts(result);
  bool posted = loop_.post(game_id, "judged", [key, facts = std::move(facts)](GameSession& session, std::int64_t now) {
    session.judged(key, facts, now);
  });
  if (!posted) {
    std::lock_guard lock(mutex_);
    run_results_.erase(game_id + "/" + key);
  }
}

void GameJudging::complete_run_result(const std::string& game_id, json& payload) {
  if (!payload.is_object() || !payload.contains("submission_key") || !payload["submission_key"].is_string()) return;
  std::string id = game_id + "/" + payload["submission_key"].get<std::string>();
  std::lock_guard lock(mutex_);
  auto it = run_results_.find(id);
  if (it == run_results_.end()) return;
  fill_run_outputs(payload, it->second);
  run_results_.erase(it);
}

}  // namespace arena::games
