#pragma once

#include "modes/ModeScript.h"
#include "modes/ModeTypes.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace arena::modes {

/// One game's Lua state running one mode script, sandboxed (docs in modes/README.md):
/// whitelisted globals, per-call instruction budget, per-state memory cap, bounded string.rep
/// and pattern matching. Never throws for anything the script does: every call returns a
/// CallOutcome. Not thread-safe: the game loop calls one game's runtime from one thread at a
/// time (it may be a different thread each time).
///
/// State: init's return value is the mode state, kept in the Lua state and passed to every
/// handler, which changes it in place. After each successful call of a handler other than view
/// and standings, the state is converted to JSON (state()), which is what gets persisted; a
/// failed call restores the state from that JSON, so its effect is dropped entirely.
class GameRuntime {
 public:
  /// A new Lua state with the script loaded and `facts` as ctx.game / ctx.puzzles. nullptr
  /// with `error` set when the state cannot be made (out of memory, the script failing at load).
  static std::unique_ptr<GameRuntime> create(std::shared_ptr<const ModeScript> script, GameFacts facts,
                                             std::string* error);
  ~GameRuntime();
  GameRuntime(const GameRuntime&) = delete;
  GameRuntime& operator=(const GameRuntime&) = delete;

  const ModeScript& script() const { return *script_; }
  std::shared_ptr<const ModeScript> script_ptr() const { return script_; }
  const GameFacts& facts() const { return facts_; }

  /// The game clock the next calls see through ctx.now(): ms since the game started
  /// (negative during the countdown).
  void set_clock(std::int64_t now_ms) { now_ms_ = now_ms; }
  /// The players the next calls see through ctx.players() / ctx.player(id).
  void set_players(std::vector<PlayerFacts> players) { players_ = std::move(players); }
  /// ctx.random's generator state (persisted with the game so a resumed game continues it).
  std::uint64_t rng_state() const { return rng_; }
  void set_rng_state(std::uint64_t state) { rng_ = state; }

  /// mode.init(ctx, options): its return value becomes the state (must be a table).
  CallOutcome init();
  /// mode.view(state, ctx, player): what `player` may see; nullptr for a spectator (player nil).
  CallOutcome view(const PlayerFacts* player);
  /// mode.standings(state, ctx): value is the rows array as JSON.
  CallOutcome standings();
  CallOutcome on_join(const PlayerFacts& player);
  CallOutcome on_start();
  CallOutcome on_code(const PlayerFacts& player, const std::string& code);
  /// mode.before_submit(state, ctx, player, code, info) with info = {language, puzzle}; value is
  /// the JSON array of its return values: [code] / [code, {puzzle=n}] / [null, reason]. A mode
  /// without before_submit yields [code].
  CallOutcome before_submit(const PlayerFacts& player, const std::string& code, const std::string& language,
                            int puzzle);
  /// The same for a "run" against the visible tests (mode.before_run).
  CallOutcome before_run(const PlayerFacts& player, const std::string& code, const std::string& language, int puzzle);
  CallOutcome on_result(const PlayerFacts& player, const SubmissionFacts& result);
  CallOutcome on_tick();
  CallOutcome on_timer(const std::string& tag);
  CallOutcome on_leave(const PlayerFacts& player);
  /// Whether the mode defines handler `name` ("on_tick", "before_run", ...).
  bool has_handler(const std::string& name) const;

  /// The mode state as of the last successful call (JSON object).
  const nlohmann::json& state() const { return state_json_; }
  /// Replaces the state, for a game resumed after a restart. False with `error` when it cannot.
  bool restore(const nlohmann::json& state, std::string* error);
  /// Switches this game to `next` through next's mode.migrate(old_state, old_api), run in a
  /// fresh Lua state. On success this runtime runs `next` from now on; on failure it stays on
  /// its current script and the outcome carries the error.
  CallOutcome migrate(std::shared_ptr<const ModeScript> next);

  /// Called after every handler call with the handler's name ("on_result") and its outcome,
  /// on the calling thread (the game loop's metrics, bench/games). Keep it cheap.
  using CallObserver = std::function<void(const char* handler, const CallOutcome& outcome)>;
  void set_call_observer(CallObserver observer) { observer_ = std::move(observer); }

  /// Bytes the Lua state has allocated now.
  std::size_t memory_bytes() const;

 private:
  struct Impl;
  GameRuntime(std::shared_ptr<const ModeScript> script, GameFacts facts);

  std::shared_ptr<const ModeScript> script_;
  GameFacts facts_;
  std::int64_t now_ms_ = 0;
  std::vector<PlayerFacts> players_;
  std::uint64_t rng_ = 0x9E3779B97F4A7C15ull;
  nlohmann::json state_json_ = nlohmann::json::object();
  CallObserver observer_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arena::modes
