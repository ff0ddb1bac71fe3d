#pragma once

// One sandboxed Lua 5.4 state (internal to host/src/modes): the capped allocator, the
// whitelisted globals (modes/README.md, "The sandbox"), the per-call instruction budget and
// CPU guard, and the bounded C functions. GameRuntime and ModeScript build on it.
//
// Debian's Lua is built as C: a Lua error longjmps over C++ frames. Every lua_CFunction here
// raises only while no object with a destructor is alive in its frame; C++ work that can
// throw happens in noexcept helpers that report failure through plain C buffers.

#include "modes/ModeTypes.h"

#include <lua.hpp>

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <memory>
#include <string>

namespace arena::modes::lua {

/// Per-state bookkeeping, reachable from C callbacks through lua_getextraspace.
struct Sandbox {
  ModeLimits limits;
  std::size_t used = 0;            ///< bytes the state holds now
  std::size_t cap = SIZE_MAX;      ///< allocations beyond this are refused (Lua raises LUA_ERRMEM)
  std::int64_t budget = 0;         ///< instruction units left in the current call
  bool fatal = false;              ///< budget or CPU guard tripped: the mode's pcall cannot catch it
  bool out_of_memory = false;      ///< a LUA_ERRMEM went through the mode's pcall
  const char* call_name = "load";  ///< handler name for messages (a string literal)
  char fatal_message[256] = {};    ///< the budget error, whatever the mode's handlers made of it
  timespec cpu_start{};            ///< thread CPU time at the start of the call
  unsigned hook_ticks = 0;
  std::uint64_t rng_local = 0x9E3779B97F4A7C15ull;
  std::uint64_t* rng = &rng_local;  ///< math.random / ctx.random state (GameRuntime points it at its own)
  /// print(): receives each line. Must not throw.
  void (*log)(void* user, const char* text, std::size_t size) noexcept = nullptr;
  void* user = nullptr;  ///< the owner (GameRuntime::Impl), for ctx functions
};

/// The Sandbox of a state made by LuaState.
Sandbox* sandbox_of(lua_State* L);

/// Charges `units` instructions to the current call; raises the budget error when it runs out.
/// Only from a lua_CFunction (it may longjmp).
void charge(lua_State* L, std::int64_t units);

/// "memory limit exceeded (8 MiB)"
std::string memory_message(std::size_t limit);

/// A sandboxed state: owns the lua_State and its Sandbox.
class LuaState {
 public:
  /// A state with the sandbox's globals; `chunk_name` is the file name used in messages. Null
  /// with `error` set when even that fails.
  static std::unique_ptr<LuaState> create(const ModeLimits& limits, std::string* error);
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  lua_State* L() const { return L_; }
  Sandbox& sandbox() { return *sandbox_; }
  const Sandbox& sandbox() const { return *sandbox_; }

  /// From now on the state may grow by limits.memory_bytes over what it holds now (the host's
  /// own tables, ctx.puzzles included, do not count against the mode).
  void seal();
  /// Resets the budget and the fatal flags before a call; `name` is a string literal.
  void begin_call(const char* name);
  /// Runs `fn(L)` with `ud` as its only argument (a light userdata) in protected mode, leaving
  /// `fn`'s results (LUA_MULTRET) on the stack. Returns the lua_pcall status.
  int protected_call(lua_CFunction fn, void* ud);
  /// The message of a failed call whose status was `status`, the error value on top of the stack.
  std::string error_message(int status) const;
  /// Compiles `source` as text named `chunk_name` and runs it under the budget; on success the
  /// chunk's first result is on top of the stack. Empty string or the error.
  std::string run_chunk(const std::string& source, const std::string& chunk_name);

 private:
  LuaState() = default;
  std::unique_ptr<Sandbox> sandbox_;
  lua_State* L_ = nullptr;
};

/// The message handler every handler call uses: keeps "file:line: message" and gives
/// location-less errors the position of the innermost Lua function.
int message_handler(lua_State* L);

/// Installs the `arena` helper table (LuaArena.cpp).
void open_arena(lua_State* L);
/// Replaces string.find/match/gmatch/gsub by the bounded versions (LuaPatterns.cpp).
void open_patterns(lua_State* L);
/// math.random with the sandbox's generator (math.random semantics); also ctx.random.
int sandbox_random(lua_State* L);

}  // namespace arena::modes::lua
