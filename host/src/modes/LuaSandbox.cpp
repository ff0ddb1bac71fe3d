#include "modes/LuaSandbox.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace arena::modes::lua {
namespace {

// The count hook fires every kHookStep VM instructions; the budget is charged in these steps.
constexpr int kHookStep = 1000;
// A call that spends this much thread CPU time is stopped at the next hook even with budget
// left. The budget counts VM instructions, and some single instructions cost time in
// proportion to their operands (`s .. s` on a 1 MiB string copies it): a loop of those could
// run for a minute within budget. A legitimate call of 1,000,000 instructions takes ~10-50 ms.
constexpr std::int64_t kCpuGuardNs = 500'000'000;
constexpr unsigned kCpuCheckEvery = 4;  // hooks between two clock reads (a clock read is a syscall)

std::int64_t ns_since(const timespec& start) {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return (now.tv_sec - start.tv_sec) * 1'000'000'000LL + (now.tv_nsec - start.tv_nsec);
}

void* sandbox_alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto* sb = static_cast<Sandbox*>(ud);
  const std::size_t old = ptr ? osize : 0;  // with ptr null, osize is a type tag
  if (nsize == 0) {
    sb->used -= old;
    std::free(ptr);
    return nullptr;
  }
  if (nsize > old) {
    const std::size_t grow = nsize - old;
    if (sb->used > sb->cap || grow > sb->cap - sb->used) return nullptr;  // Lua collects, retries, raises
  }
  void* block = std::realloc(ptr, nsize);
  if (!block) return nsize <= old ? ptr : nullptr;  // Lua assumes shrinking never fails
  sb->used = sb->used - old + nsize;
  return block;
}

int panic(lua_State* L) {
  const char* msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
  std::fprintf(stderr, "arena: unprotected Lua error (host bug): %s\n", msg);
  return 0;  // Lua aborts
}

[[noreturn]] void raise_fatal(lua_State* L, Sandbox* sb, const char* what, lua_Debug* ar) {
  sb->fatal = true;
  if (ar && lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
    std::snprintf(sb->fatal_message, sizeof sb->fatal_message, "%s in %s (%s:%d)", what, sb->call_name, ar->short_src,
                  ar->currentline);
  } else {
    std::snprintf(sb->fatal_message, sizeof sb->fatal_message, "%s in %s", what, sb->call_name);
  }
  lua_pushstring(L, sb->fatal_message);
  lua_error(L);
  std::abort();  // unreachable: lua_error does not return
}

void budget_hook(lua_State* L, lua_Debug* ar) {
  Sandbox* sb = sandbox_of(L);
  sb->budget -= kHookStep;
  if (sb->fatal || sb->budget < 0) raise_fatal(L, sb, "instruction budget exceeded", ar);
  if (++sb->hook_ticks % kCpuCheckEvery == 0 && ns_since(sb->cpu_start) > kCpuGuardNs) {
    raise_fatal(L, sb, "CPU time limit exceeded", ar);
  }
}

// pcall/xpcall that cannot swallow the budget or memory errors: a mode that loops around
// pcall would otherwise outlive its budget forever.
int finish_pcall(lua_State* L, int status, int extra) {
  Sandbox* sb = sandbox_of(L);
  if (status != LUA_OK) {
    if (status == LUA_ERRMEM) sb->out_of_memory = true;
    if (sb->fatal || sb->out_of_memory) return lua_error(L);
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - extra;
}

int sb_pcall(lua_State* L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  const int status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
  return finish_pcall(L, status, 0);
}

int sb_xpcall(lua_State* L) {
  const int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  const int status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
  return finish_pcall(L, status, 2);
}

// load(chunk [, chunkname [, mode [, env]]]): always text, always the sandbox's globals.
int sb_load(lua_State* L) {
  const bool named = !lua_isnoneornil(L, 2);
  lua_settop(L, 2);
  if (!named) {
    lua_pop(L, 1);
    lua_pushliteral(L, "=(load)");
  }
  lua_pushliteral(L, "t");
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 4, LUA_MULTRET);
  return lua_gettop(L);
}

// setmetatable refusing __gc: finalizers would run mode code at arbitrary points of the host
// (inside any allocation, at lua_close) outside every budget.
int sb_setmetatable(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    const bool gc = lua_rawget(L, 2) != LUA_TNIL;
    lua_pop(L, 1);
    if (gc) return luaL_error(L, "__gc metamethods are not allowed in modes");
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int sb_print(lua_State* L) {
  const int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; ++i) {
    if (i > 1) luaL_addchar(&b, '\t');
    luaL_tolstring(L, i, nullptr);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  std::size_t size = 0;
  const char* text = lua_tolstring(L, -1, &size);
  Sandbox* sb = sandbox_of(L);
  if (sb->log) sb->log(sb->user, text, size);
  return 0;
}

// string.rep refusing results over max_string_bytes before building them.
int sb_rep(lua_State* L) {
  std::size_t len = 0, sep = 0;
  luaL_checklstring(L, 1, &len);
  const lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &sep);
  const std::size_t max = sandbox_of(L)->limits.max_string_bytes;
  if (n > 0 && (len > 0 || sep > 0)) {
    const auto count = static_cast<std::uint64_t>(n);
    const std::uint64_t unit = static_cast<std::uint64_t>(len) + sep;
    if (count > max || unit > max || count * unit - sep > max) {
      return luaL_error(L, "string.rep: result too large (at most %d bytes)", static_cast<int>(max));
    }
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

// table.concat refusing results over max_string_bytes (and charging one instruction per item).
int sb_concat(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  std::size_t sep = 0;
  luaL_optlstring(L, 2, "", &sep);
  const lua_Integer first = luaL_optinteger(L, 3, 1);
  const lua_Integer last = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
  const std::size_t max = sandbox_of(L)->limits.max_string_bytes;
  std::size_t total = 0;
  std::int64_t items = 0;
  for (lua_Integer i = first; i <= last; ++i) {
    const int type = lua_geti(L, 1, i);
    std::size_t size = 0;
    if (type == LUA_TSTRING)
      size = lua_rawlen(L, -1);
    else if (type == LUA_TNUMBER)
      size = 48;  // an upper bound of a formatted number
    lua_pop(L, 1);
    if (type != LUA_TSTRING && type != LUA_TNUMBER) break;  // the real concat reports it
    total += size + (i > first ? sep : 0);
    if (total > max) {
      return luaL_error(L, "table.concat: result too large (at most %d bytes)", static_cast<int>(max));
    }
    if (++items % 1024 == 0) charge(L, 1024);
    if (i == LUA_MAXINTEGER) break;
  }
  charge(L, items % 1024);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

// The table functions that loop in C over a range the mode chooses are charged for it first:
// table.move(t, 1, 1e12, 2) or an insert at the front of a long list would otherwise run
// long inside one C call, where no hook fires.
int call_original(lua_State* L, int results) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, results);
  return results == LUA_MULTRET ? lua_gettop(L) : results;
}

int sb_move(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  const lua_Integer f = luaL_checkinteger(L, 2);
  const lua_Integer e = luaL_checkinteger(L, 3);
  luaL_checkinteger(L, 4);
  if (e >= f) {
    const auto count = static_cast<std::uint64_t>(e) - static_cast<std::uint64_t>(f);
    charge(L, count >= static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(count) + 1);
  }
  return call_original(L, 1);
}

int sb_shift(lua_State* L) {  // table.insert(t, pos, v) and table.remove(t, pos) move #t - pos items
  luaL_checktype(L, 1, LUA_TTABLE);
  if (lua_gettop(L) >= 2) charge(L, luaL_len(L, 1) / 4 + 1);
  return call_original(L, LUA_MULTRET);
}

int sb_sort(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  const lua_Integer n = luaL_len(L, 1);
  lua_Integer log = 1;
  while (log < 63 && (lua_Integer{1} << log) < n) ++log;
  if (n > 0) charge(L, n * log / 8 + 1);
  return call_original(L, 0);
}

void replace_with_closure(lua_State* L, int table, const char* name, lua_CFunction fn) {
  lua_getfield(L, table, name);
  lua_pushcclosure(L, fn, 1);
  lua_setfield(L, table, name);
}

int open_sandbox(lua_State* L) {
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
  lua_settop(L, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  const int g = lua_gettop(L);
  for (const char* name : {"dofile", "loadfile", "collectgarbage", "warn", "require"}) {
    lua_pushnil(L);
    lua_setfield(L, g, name);
  }
  lua_pushcfunction(L, sb_print);
  lua_setfield(L, g, "print");
  lua_pushcfunction(L, sb_pcall);
  lua_setfield(L, g, "pcall");
  lua_pushcfunction(L, sb_xpcall);
  lua_setfield(L, g, "xpcall");
  replace_with_closure(L, g, "load", sb_load);
  replace_with_closure(L, g, "setmetatable", sb_setmetatable);

  lua_getfield(L, g, LUA_STRLIBNAME);
  const int s = lua_gettop(L);
  lua_pushnil(L);
  lua_setfield(L, s, "dump");
  replace_with_closure(L, s, "rep", sb_rep);
  lua_pop(L, 1);
  open_patterns(L);

  lua_getfield(L, g, LUA_TABLIBNAME);
  replace_with_closure(L, lua_gettop(L), "concat", sb_concat);
  replace_with_closure(L, lua_gettop(L), "move", sb_move);
  replace_with_closure(L, lua_gettop(L), "insert", sb_shift);
  replace_with_closure(L, lua_gettop(L), "remove", sb_shift);
  replace_with_closure(L, lua_gettop(L), "sort", sb_sort);
  lua_pop(L, 1);

  lua_getfield(L, g, LUA_MATHLIBNAME);
  lua_pushcfunction(L, sandbox_random);
  lua_setfield(L, -2, "random");
  lua_pushnil(L);
  lua_setfield(L, -2, "randomseed");
  lua_pop(L, 1);

  // package.loaded (the registry's _LOADED) would hand out the unfiltered tables to nobody,
  // but drop it anyway: nothing in the sandbox may reach a table the whitelist does not show.
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  open_arena(L);
  lua_settop(L, 0);
  return 0;
}

}  // namespace

Sandbox* sandbox_of(lua_State* L) {
  return *static_cast<Sandbox**>(lua_getextraspace(L));
}

void charge(lua_State* L, std::int64_t units) {
  Sandbox* sb = sandbox_of(L);
  sb->budget -= units;
  if (sb->budget < 0 || sb->fatal) raise_fatal(L, sb, "instruction budget exceeded", nullptr);
}

std::string memory_message(std::size_t limit) {
  char text[96];
  if (limit % (1u << 20) == 0) {
    std::snprintf(text, sizeof text, "memory limit exceeded (%zu MiB)", limit >> 20);
  } else if (limit % (1u << 10) == 0) {
    std::snprintf(text, sizeof text, "memory limit exceeded (%zu KiB)", limit >> 10);
  } else {
    std::snprintf(text, sizeof text, "memory limit exceeded (%zu bytes)", limit);
  }
  return text;
}

std::unique_ptr<LuaState> LuaState::create(const ModeLimits& limits, std::string* error) {
  std::unique_ptr<LuaState> state(new LuaState());
  state->sandbox_ = std::make_unique<Sandbox>();
  state->sandbox_->limits = limits;
  state->L_ = lua_newstate(sandbox_alloc, state->sandbox_.get());
  if (!state->L_) {
    if (error) *error = "cannot create a Lua state";
    return nullptr;
  }
  *static_cast<Sandbox**>(lua_getextraspace(state->L_)) = state->sandbox_.get();
  lua_atpanic(state->L_, panic);
  const int status = state->protected_call(open_sandbox, nullptr);
  if (status != LUA_OK) {
    if (error) *error = "cannot set up the sandbox: " + state->error_message(status);
    return nullptr;
  }
  lua_settop(state->L_, 0);
  // Handlers make short-lived garbage (rows, payloads) over a long-lived state: the generational
  // collector leaves the old state alone on most cycles (measured with bench/games).
  lua_gc(state->L_, LUA_GCGEN, 0, 0);
  lua_sethook(state->L_, budget_hook, LUA_MASKCOUNT, kHookStep);
  return state;
}

LuaState::~LuaState() {
  if (L_) lua_close(L_);
}

void LuaState::seal() {
  lua_gc(L_, LUA_GCCOLLECT);
  sandbox_->cap = sandbox_->used + sandbox_->limits.memory_bytes;
}

void LuaState::begin_call(const char* name) {
  Sandbox& sb = *sandbox_;
  sb.budget = static_cast<std::int64_t>(sb.limits.instructions);
  sb.fatal = false;
  sb.out_of_memory = false;
  sb.call_name = name;
  sb.fatal_message[0] = '\0';
  sb.hook_ticks = 0;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &sb.cpu_start);
  lua_sethook(L_, budget_hook, LUA_MASKCOUNT, kHookStep);  // restarts the count
}

int LuaState::protected_call(lua_CFunction fn, void* ud) {
  lua_pushcfunction(L_, fn);
  lua_pushlightuserdata(L_, ud);
  return lua_pcall(L_, 1, LUA_MULTRET, 0);
}

std::string LuaState::error_message(int status) const {
  const Sandbox& sb = *sandbox_;
  if (sb.fatal && sb.fatal_message[0]) return sb.fatal_message;
  if (status == LUA_ERRMEM || sb.out_of_memory) return memory_message(sb.limits.memory_bytes);
  if (lua_type(L_, -1) == LUA_TSTRING) {
    std::size_t size = 0;
    const char* text = lua_tolstring(L_, -1, &size);
    std::string message(text, size);
    if (message == "not enough memory") return memory_message(sb.limits.memory_bytes);
    return message;
  }
  return std::string("(error object is a ") + luaL_typename(L_, -1) + " value)";
}

std::string LuaState::run_chunk(const std::string& source, const std::string& chunk_name) {
  lua_settop(L_, 0);
  lua_pushcfunction(L_, message_handler);
  const std::string name = "=" + chunk_name;
  int status = luaL_loadbufferx(L_, source.data(), source.size(), name.c_str(), "t");
  if (status == LUA_OK) {
    begin_call("load");
    status = lua_pcall(L_, 0, 1, 1);
  }
  if (status != LUA_OK) {
    std::string message = error_message(status);
    lua_settop(L_, 0);
    return message.empty() ? "error" : message;
  }
  lua_remove(L_, 1);
  return {};
}

int message_handler(lua_State* L) {
  if (lua_type(L, 1) != LUA_TSTRING) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  } else {
    lua_pushvalue(L, 1);
  }
  Sandbox* sb = sandbox_of(L);
  if (sb->fatal) return 1;
  // Messages raised with error(msg, 0) or by C code without a position get the innermost
  // Lua function's position, so that every reported error points into the file.
  const char* msg = lua_tostring(L, -1);
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar); ++level) {
    if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
    const std::size_t n = std::strlen(ar.short_src);
    if (std::strncmp(msg, ar.short_src, n) == 0 && msg[n] == ':') return 1;
    lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, msg);
    return 1;
  }
  return 1;
}

int sandbox_random(lua_State* L) {
  // splitmix64: a 64-bit counter is the whole state, so persisting it resumes the sequence.
  std::uint64_t& state = *sandbox_of(L)->rng;
  auto next = [&state]() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  lua_Integer low = 1, up = 0;
  switch (lua_gettop(L)) {
    case 0:
      lua_pushnumber(L, static_cast<lua_Number>(next() >> 11) * 0x1.0p-53);
      return 1;
    case 1:
      up = luaL_checkinteger(L, 1);
      if (up == 0) {
        lua_pushinteger(L, static_cast<lua_Integer>(next()));
        return 1;
      }
      break;
    case 2:
      low = luaL_checkinteger(L, 1);
      up = luaL_checkinteger(L, 2);
      break;
    default:
      return luaL_error(L, "wrong number of arguments");
  }
  luaL_argcheck(L, low <= up, lua_gettop(L), "interval is empty");
  const std::uint64_t range = static_cast<std::uint64_t>(up) - static_cast<std::uint64_t>(low);
  std::uint64_t value = next();
  if ((range & (range + 1)) == 0) {
    value &= range;
  } else {
    std::uint64_t mask = range;  // the smallest 2^b - 1 >= range, then reject what falls above
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;
    while ((value &= mask) > range) value = next();
  }
  lua_pushinteger(L, static_cast<lua_Integer>(static_cast<std::uint64_t>(low) + value));
  return 1;
}

}  // namespace arena::modes::lua
