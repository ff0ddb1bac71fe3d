#pragma once

#include "games/GameLoop.h"

#include <arena/JudgeService.h>
#include <arena/PuzzleCatalog.h>

#include <spdlog/logger.h>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace arena::games {

/// Submissions and runs of live games, between GameSession and the judge:
/// submit_code -> GameSession::submit -> PuzzleCatalog::submit_for_game (stored, linked to the
/// game); run_code -> GameSession::run -> JudgeService::submit against the view's tests (not
/// stored). The judge's "submission.judged" events with a game_id come back through judged().
class GameJudging {
 public:
  GameJudging(GameLoop& loop, std::shared_ptr<spdlog::logger> logger) : loop_(loop), logger_(std::move(logger)) {}

  /// The services found at start; null when their plugin is not enabled.
  void set_services(std::shared_ptr<JudgeService> judge, std::shared_ptr<PuzzleCatalog> catalog);
  bool ready() const;

  /// A player's submit_code / run_code. Returns the reply ({submission_key, submission_id?});
  /// throws ChannelError {reason, message} for a refusal.
  nlohmann::json submit(const std::string& game_id, const std::string& user_id, const nlohmann::json& payload);
  nlohmann::json run(const std::string& game_id, const std::string& user_id, const nlohmann::json& payload);

  /// A "submission.judged" event (any: those without context.game_id are ignored).
  void judged(const nlohmann::json& payload);

  /// Fills a run_result's outputs from the judge's result kept for it (called as the game's
  /// messages are delivered).
  void complete_run_result(const std::string& game_id, nlohmann::json& payload);

  /// What submit_code and run_code carry.
  struct Request {
    std::string language;
    std::string code;
    std::optional<int> puzzle;
  };

 private:
  static Request parse(const nlohmann::json& payload);
  void give_up(const std::string& game_id, const std::string& key, const std::string& language,
               const std::string& message);

  GameLoop& loop_;
  std::shared_ptr<spdlog::logger> logger_;
  mutable std::mutex mutex_;
  std::shared_ptr<JudgeService> judge_;
  std::shared_ptr<PuzzleCatalog> catalog_;
  std::map<std::string, JudgeResult> run_results_;  // game_id + "/" + key, until delivered
};

}  // namespace arena::games
