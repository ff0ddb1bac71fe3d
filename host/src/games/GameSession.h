#pragma once

#include "modes/GameRuntime.h"
#include "modes/ModeTypes.h"

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <spdlog/logger.h>
#include <string>
#include <variant>
#include <vector>

namespace arena::games {

/// Where a game is. Countdown and Playing and Overtime are all the database state "running".
enum class Phase {
  Countdown,  ///< created, players see the view without the puzzle; starts at starts_at
  Playing,    ///< submissions accepted until ends_at
  Overtime,   ///< time is up: no new submissions; in-flight ones are still judged (grace)
  Finished,
  Aborted,
};
const char* phase_name(Phase phase);

/// Something to deliver on the topic game:<id>: to everyone (player empty) or one player.
struct Outgoing {
  std::string player;
  std::string event;
  nlohmann::json payload;
};

/// What the game loop should judge for a submission or a run the mode accepted.
struct JudgePlan {
  std::string submission_key;  ///< unique within the game; echo it back to judged()
  std::string player;
  std::string language;
  std::string code_to_run;     ///< what the mode returned (BACKWARDS: the reversed source)
  std::string code_as_written;
  int puzzle = 1;              ///< 1-based index into facts().puzzles
  /// For a run: the tests of the player's view ({input, output} pairs) to run against;
  /// empty for a submission (judge against every validator of the puzzle).
  std::vector<std::pair<std::string, std::string>> run_tests;
  std::int64_t submitted_at = 0;  ///< game clock, ms
};

/// Why a submission, run or event was refused: `reason` is a short code ("not_playing",
/// "language_not_allowed", "pending_submission", "refused_by_mode", "not_a_player",
/// "eliminated", "bad_puzzle"), `message` says it to the player.
struct Refusal {
  std::string reason;
  std::string message;
};

/// Host-side settings of a game.
struct SessionSettings {
  int countdown_s = 15;
  int grace_s = 10;
  int max_faults = 5;             ///< handler faults before the game is aborted
  std::int64_t code_update_interval_ms = 200;  ///< a player's on_code at most this often (latest wins)
};

/// One running game, as pure logic: no threads, no I/O, no clock of its own. Every input takes
/// the current wall-clock time (ms since the epoch); outputs accumulate until drain(). Both the
/// game loop and `arena mode simulate` drive it, so a simulated game plays exactly like a real one.
///
/// Events pushed (payloads in modes/README.md, "Topic game:<id>"): game_started, view (per
/// player), standings, player_completed, player_eliminated, player_left, submission_accepted,
/// submission_result, run_result, mode events from ctx.broadcast/ctx.send, game_completed
/// {reason, standings, winner}, game_aborted {reason}.
class GameSession {
 public:
  struct Setup {
    modes::GameFacts facts;
    std::vector<modes::PlayerFacts> players;  ///< ids and names; index set by the session
    std::int64_t created_at_ms = 0;
    std::int64_t starts_at_ms = 0;  ///< created + countdown
    std::uint64_t seed = 0;         ///< ctx.random's seed
    SessionSettings settings;
  };

  /// Creates the game: mode.init, then on_join per player, then standings. nullptr with
  /// `error` when init fails (nothing to play).
  static std::unique_ptr<GameSession> create(Setup setup, std::unique_ptr<modes::GameRuntime> runtime,
                                             std::string* error);
  /// Rebuilds a game from snapshot() after a restart, on `runtime` made from the same facts
  /// and the recorded version. nullptr with `error` when the snapshot does not fit.
  static std::unique_ptr<GameSession> restore(const nlohmann::json& snapshot, std::unique_ptr<modes::GameRuntime> runtime,
                                              SessionSettings settings, std::string* error);

  // ---- inputs (each may call mode handlers and queue outgoing messages) ----
  /// Fires what is due at `now_ms`: the start, ticks, ctx.after timers, the end of time, the
  /// end of the grace period. Call it at next_deadline() (and harmlessly at any time).
  void advance(std::int64_t now_ms);
  /// The next time advance() has work (ms since the epoch); max() when none.
  std::int64_t next_deadline() const;
  /// A player's live code (TYPERACER progress): on_code, at most once per interval (the latest
  /// code is kept and delivered at the next slot by advance()).
  void code_update(const std::string& player, const std::string& code, std::int64_t now_ms);
  /// A player submits: checks phase, player, language, one pending submission per player, the
  /// puzzle index, then mode.before_submit. The loop judges the plan and calls judged().
  std::variant<JudgePlan, Refusal> submit(const std::string& player, const std::string& language,
                                          const std::string& code, std::optional<int> puzzle, std::int64_t now_ms);
  /// A run of the code against the tests the player's view shows (mode.before_run may refuse).
  std::variant<JudgePlan, Refusal> run(const std::string& player, const std::string& language, const std::string& code,
                                       std::optional<int> puzzle, std::int64_t now_ms);
  /// The judge's verdict for a plan from submit(): mode.on_result (or only run_result for runs).
  /// Unknown keys are ignored (already judged, or from before a restart that lost them).
  void judged(const std::string& submission_key, modes::SubmissionFacts result, std::int64_t now_ms);
  /// A player leaves the game for good: mode.on_leave. When everyone has left, the game ends.
  void leave(const std::string& player, std::int64_t now_ms);
  /// A player's sockets came or went (no handler: shown in ctx.players() and the summary).
  void set_connected(const std::string& player, bool connected);
  /// Where handler faults, ignored effects and ctx.log go (tagged with the game and mode);
  /// without one they are only recorded in faults().
  void set_logger(std::shared_ptr<spdlog::logger> logger) { logger_ = std::move(logger); }

  // ---- reads ----
  /// mode.view for a player ("" for a spectator), with the host's fields merged in
  /// (phase, now_ms, starts_at_ms, ends_at_ms, puzzle_count).
  nlohmann::json view(const std::string& player);
  /// {id, mode, version, phase, starts_at_ms, ends_at_ms, players: [...], standings, reason}
  nlohmann::json summary() const;
  /// The last standings rows: [{player, name, place, score, detail}], sorted by place.
  const nlohmann::json& standings() const { return standings_; }
  Phase phase() const { return phase_; }
  bool over() const { return phase_ == Phase::Finished || phase_ == Phase::Aborted; }
  const std::string& end_reason() const { return end_reason_; }
  const modes::GameFacts& facts() const;
  const std::vector<modes::PlayerFacts>& players() const { return players_; }
  bool is_player(const std::string& player) const;
  /// The mode version the game runs now (changes after a successful migrate).
  const std::string& version() const;
  std::int64_t starts_at_ms() const { return starts_at_ms_; }
  std::int64_t ends_at_ms() const { return ends_at_ms_; }
  /// Handler faults so far, newest last: "on_tick: fastest.lua:12: ...".
  const std::vector<std::string>& faults() const { return faults_; }

  // ---- outputs ----
  /// The messages queued since the last drain, in order.
  std::vector<Outgoing> drain();
  /// Everything needed to resume: mode state, rng, timers, players, phase, times, pending
  /// submissions, faults. Plain JSON (stored as jsonb).
  nlohmann::json snapshot() const;
  /// True when the snapshot changed since the last call (and resets the flag).
  bool take_dirty();

  // ---- hot reload ----
  /// A new version of the game's mode was loaded. If it defines migrate, the game switches at
  /// its next event (the state passed through migrate); if that fails it stays on its version.
  void offer_version(std::shared_ptr<const modes::ModeScript> next);

 private:
  GameSession() = default;
  struct Timer {
    std::int64_t at_ms;  // absolute
    std::uint64_t seq;   // creation order: timers due at the same time fire in it
    std::string tag;
  };
  struct Pending {
    std::string key;
    std::string player;
    int puzzle = 1;
    bool run = false;
    std::string language;
    std::string code_as_written;
    std::int64_t submitted_at = 0;
    std::vector<std::pair<std::string, std::string>> run_tests;
  };
  struct LiveCode {
    std::string code;
    std::int64_t last_call_ms = std::numeric_limits<std::int64_t>::min();
    bool waiting = false;
  };
  enum class Due { Start, CodeSlot, Timer, Tick, TimeUp, GraceOver };

  modes::PlayerFacts* find(const std::string& player);
  const modes::PlayerFacts* find(const std::string& player) const;
  void configure_from_script();
  void prepare(std::int64_t at_ms);
  void begin_event(std::int64_t at_ms);
  bool settle(const std::string& handler, modes::CallOutcome& outcome, bool recompute = true);
  void apply(const std::vector<modes::Effect>& effects);
  void recompute_standings();
  void push_view(const std::string& player);
  void push_views();
  void fault(const std::string& handler, const std::string& error);
  void note(const std::string& what);
  void finish(const std::string& reason);
  void abort(const std::string& reason, const std::string& message);
  void migrate_now();
  bool next_due(std::int64_t now_ms, std::int64_t* at, Due* kind, std::string* who) const;
  void fire(Due kind, std::int64_t at, const std::string& who);
  void end_of_time();
  bool holds_overtime() const;
  std::variant<JudgePlan, Refusal> accept(bool run, const std::string& player, const std::string& language,
                                          const std::string& code, std::optional<int> puzzle, std::int64_t now_ms);
  std::int64_t game_clock() const { return now_ms_ - starts_at_ms_; }

  std::unique_ptr<modes::GameRuntime> runtime_;
  std::shared_ptr<const modes::ModeScript> offered_;
  std::shared_ptr<spdlog::logger> logger_;
  SessionSettings settings_;
  std::vector<modes::PlayerFacts> players_;
  Phase phase_ = Phase::Countdown;
  std::string end_reason_;
  std::int64_t created_at_ms_ = 0, starts_at_ms_ = 0, ends_at_ms_ = 0, next_tick_ms_ = 0;
  std::int64_t now_ms_ = 0;    // the latest time seen (the mode's clock never goes back)
  std::int64_t tick_ms_ = 0;   // 0: the mode has no on_tick
  std::int64_t grace_ms_ = 0;
  std::vector<Timer> timers_;
  std::uint64_t next_timer_seq_ = 1;
  std::vector<Pending> pending_;
  std::map<std::string, LiveCode> live_code_;
  std::uint64_t next_key_ = 1;
  nlohmann::json standings_ = nlohmann::json::array();
  std::vector<std::string> faults_;
  int fault_count_ = 0;  // handler faults only (notes about ignored effects do not count)
  std::vector<Outgoing> outbox_;
  bool dirty_ = true;
};

}  // namespace arena::games
