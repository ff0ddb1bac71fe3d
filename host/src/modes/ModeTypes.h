#pragma once

// The values that cross between the game loop (C++) and a mode script (Lua). Plain data:
// the Lua side (GameRuntime) converts them to and from Lua tables.

#include <arena/PuzzleCatalog.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace arena::modes {

/// The mode API version this host implements; a mode's `api` field must equal it.
inline constexpr int kModeApiVersion = 1;

/// Resource limits of one Lua state (one game). Defaults are config `modes.*`.
struct ModeLimits {
  std::size_t memory_bytes = 8u << 20;        ///< per state, enforced by the allocator
  std::uint64_t instructions = 1'000'000;     ///< per handler call (counted in steps of 1000)
  std::size_t max_string_bytes = 1u << 20;    ///< largest result of string.rep / .. built by C
  std::size_t max_pattern_subject = 64u << 10;  ///< string.find/match/gmatch/gsub on longer subjects fail
  int max_depth = 200;                         ///< C stack / Lua call depth (LUAI_MAXCCALLS is 200)
};

/// One declared option of a mode (`mode.options.<name>`), validated by the host.
struct ModeOption {
  std::string name;
  std::string type;  ///< "integer", "number", "boolean" or "string"
  nlohmann::json default_value;
  std::optional<double> min, max;
  std::vector<nlohmann::json> allowed;  ///< `enum`, empty for any
  std::string doc;
};

/// What a compiled mode declares (its table's fields), as GET /api/modes lists it.
struct ModeInfo {
  std::string name;         ///< "FASTEST": upper case, the file stem upper-cased
  std::string version;      ///< first 12 hex digits of the source's SHA-256
  int api = kModeApiVersion;
  std::string title;
  std::string description;  ///< the rules, shown to players
  std::size_t min_players = 1;
  std::size_t max_players = 50;
  int duration_s = 900;     ///< default game length
  int countdown_s = -1;     ///< -1: the host's default (games.countdown_seconds)
  int grace_s = -1;         ///< -1: the host's default (games.grace_seconds)
  double tick_s = 0;        ///< seconds between on_tick calls; 0 when the mode has no on_tick
  bool requires_starter = false;  ///< DEBUG: only puzzles with starter code
  bool has_migrate = false;
  std::vector<ModeOption> options;
  std::string file;         ///< where it was loaded from
  nlohmann::json to_json() const;
};

/// A player as a mode sees it.
struct PlayerFacts {
  std::string id;    ///< user id (UUID)
  std::string name;  ///< username
  int index = 0;     ///< 1-based, in join order
  bool connected = false;
  bool left = false;
  bool eliminated = false;
  bool completed = false;
};

/// The fixed facts of a game, given to the mode as `ctx.game` and `ctx.puzzles`.
struct GameFacts {
  std::string game_id;
  std::string mode;
  std::string version;
  nlohmann::json options = nlohmann::json::object();  ///< validated, defaults filled in
  int duration_s = 900;
  std::vector<std::string> languages;  ///< allowed language ids (empty: any)
  std::vector<GamePuzzle> puzzles;  ///< ctx.puzzles, in order (BLITZ and BATTLE_ROYALE have several)
};

/// A judged submission as `mode.on_result` receives it.
struct SubmissionFacts {
  std::string submission_id;
  int puzzle = 1;             ///< 1-based index into ctx.puzzles
  std::string language;
  std::string verdict;        ///< OK, WA, RE, TLE, MLE, OLE, CE, SG, XX
  bool passed = false;        ///< every test OK
  std::vector<bool> tests;    ///< per test, OK or not
  std::size_t tests_passed = 0;
  std::size_t tests_total = 0;
  std::uint64_t cpu_ms = 0;   ///< sum over the tests
  std::uint64_t wall_ms = 0;  ///< the most of any test
  std::uint64_t memory_kb = 0;  ///< the most of any test
  std::size_t length = 0;     ///< characters (UTF-8 code points) of the code as the player wrote it
  std::string code;           ///< as the player wrote it
  std::int64_t submitted_at = 0;  ///< game clock (ms since start) when it was submitted
};

/// Something a handler asked the host to do (ctx.*), applied only if the handler succeeded.
struct Effect {
  enum class Kind { Broadcast, Send, Refresh, Complete, Eliminate, Finish, After, Log };
  Kind kind = Kind::Log;
  std::string player;     ///< Send, Refresh (empty: everyone), Complete, Eliminate
  std::string name;       ///< event (Broadcast, Send), timer tag (After), reason (Eliminate, Finish), message (Log)
  nlohmann::json payload; ///< Broadcast, Send
  std::int64_t delay_ms = 0;  ///< After
};

/// The outcome of one handler call.
struct CallOutcome {
  bool ok = true;
  /// When !ok: "fastest.lua:42: attempt to index a nil value" or "instruction budget exceeded
  /// in on_tick (fastest.lua:17)" or "memory limit exceeded".
  std::string error;
  std::vector<Effect> effects;  ///< empty when !ok (the effect is dropped)
  /// The handler's return values converted to JSON (view, standings, before_submit's
  /// [code, reason|table]); null when it returned nothing.
  nlohmann::json value;
  std::chrono::nanoseconds cpu{0};  ///< thread CPU time spent in the call
};

}  // namespace arena::modes
