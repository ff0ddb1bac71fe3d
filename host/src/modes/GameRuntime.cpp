#include "modes/GameRuntime.h"

#include "modes/LuaJson.h"
#include "modes/LuaSandbox.h"

#include <cstdio>
#include <cstring>
#include <ctime>

namespace arena::modes {
namespace {

enum Handler {
  kInit,
  kView,
  kStandings,
  kOnResult,
  kOnJoin,
  kOnStart,
  kOnCode,
  kBeforeSubmit,
  kBeforeRun,
  kOnTick,
  kOnTimer,
  kOnLeave,
  kMigrate,
  kHandlerCount
};
constexpr const char* kHandlerNames[kHandlerCount] = {"init",     "view",     "standings",     "on_result",  "on_join",
                                                      "on_start", "on_code",  "before_submit", "before_run", "on_tick",
                                                      "on_timer", "on_leave", "migrate"};

// What the handler's return values mean.
enum class Returns { Nothing, State, View, Rows, Submit };

// Names of the host's own events on game:<id>: a mode may not impersonate them.
constexpr const char* kHostEvents[] = {"game_started",      "view",        "standings",        "player_completed",
                                       "player_eliminated", "player_left", "player_connected", "submission_accepted",
                                       "submission_result", "run_result",  "game_completed",   "game_aborted",
                                       "game_state",        "error"};
constexpr std::size_t kMaxEffects = 10'000;  // per call
constexpr std::size_t kMaxLogBytes = 4096;   // per log line
constexpr double kMaxTimerSeconds = 86'400;

bool is_host_event(const char* name, std::size_t size) {
  for (const char* event : kHostEvents) {
    if (std::strlen(event) == size && std::memcmp(event, name, size) == 0) return true;
  }
  return false;
}

std::int64_t thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1'000'000'000LL + t.tv_nsec;
}

void set_string(lua_State* L, const char* key, const std::string& value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, key);
}

void set_bool(lua_State* L, const char* key, bool value) {
  lua_pushboolean(L, value);
  lua_setfield(L, -2, key);
}

void set_integer(lua_State* L, const char* key, lua_Integer value) {
  lua_pushinteger(L, value);
  lua_setfield(L, -2, key);
}

void push_player(lua_State* L, const PlayerFacts& p) {
  lua_createtable(L, 0, 7);
  set_string(L, "id", p.id);
  set_string(L, "name", p.name);
  set_integer(L, "index", p.index);
  set_bool(L, "connected", p.connected);
  set_bool(L, "left", p.left);
  set_bool(L, "eliminated", p.eliminated);
  set_bool(L, "completed", p.completed);
}

void push_puzzle(lua_State* L, const GamePuzzle& p) {
  lua_createtable(L, 0, 11);
  set_string(L, "id", p.id);
  set_string(L, "title", p.title);
  set_string(L, "statement", p.statement);
  set_string(L, "constraints", p.constraints);
  set_string(L, "difficulty", p.difficulty);
  lua_createtable(L, static_cast<int>(p.tags.size()), 0);
  for (std::size_t i = 0; i < p.tags.size(); ++i) {
    lua_pushlstring(L, p.tags[i].data(), p.tags[i].size());
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  lua_setfield(L, -2, "tags");
  lua_createtable(L, static_cast<int>(p.validators.size()), 0);
  for (std::size_t i = 0; i < p.validators.size(); ++i) {
    lua_createtable(L, 0, 3);
    set_string(L, "input", p.validators[i].input);
    set_string(L, "output", p.validators[i].output);
    set_bool(L, "hidden", p.validators[i].hidden);
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  lua_setfield(L, -2, "tests");
  lua_createtable(L, static_cast<int>(p.examples.size()), 0);
  for (std::size_t i = 0; i < p.examples.size(); ++i) {
    lua_createtable(L, 0, 3);
    set_string(L, "input", p.examples[i].input);
    set_string(L, "output", p.examples[i].output);
    set_string(L, "explanation", p.examples[i].explanation);
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  lua_setfield(L, -2, "examples");
  lua_createtable(L, 0, static_cast<int>(p.starters.size()));
  for (const PuzzleStarter& starter : p.starters) set_string(L, starter.language.c_str(), starter.code);
  lua_setfield(L, -2, "starters");
  if (!p.solution_code.empty()) {
    lua_createtable(L, 0, 2);
    set_string(L, "language", p.solution_language);
    set_string(L, "code", p.solution_code);
    lua_setfield(L, -2, "solution");
  }
}

// Arguments of the handlers, pushed inside the protected call.
struct PlayerArgs {
  const PlayerFacts* player;
};
struct CodeArgs {
  const PlayerFacts* player;
  const std::string* code;
  const std::string* language;
  int puzzle;
};
struct ResultArgs {
  const PlayerFacts* player;
  const SubmissionFacts* result;
};
struct MigrateArgs {
  const nlohmann::json* state;
  int api;
};

int push_player_args(lua_State* L, const void* args) {
  const auto* a = static_cast<const PlayerArgs*>(args);
  if (a->player)
    push_player(L, *a->player);
  else
    lua_pushnil(L);
  return 1;
}

int push_code_args(lua_State* L, const void* args) {
  const auto* a = static_cast<const CodeArgs*>(args);
  push_player(L, *a->player);
  lua_pushlstring(L, a->code->data(), a->code->size());
  if (!a->language) return 2;  // on_code
  lua_createtable(L, 0, 2);
  set_string(L, "language", *a->language);
  set_integer(L, "puzzle", a->puzzle);
  return 3;
}

int push_result_args(lua_State* L, const void* args) {
  const auto* a = static_cast<const ResultArgs*>(args);
  const SubmissionFacts& r = *a->result;
  push_player(L, *a->player);
  lua_createtable(L, 0, 14);
  set_string(L, "submission_id", r.submission_id);
  set_integer(L, "puzzle", r.puzzle);
  set_string(L, "language", r.language);
  set_string(L, "verdict", r.verdict);
  set_bool(L, "passed", r.passed);
  lua_createtable(L, static_cast<int>(r.tests.size()), 0);
  for (std::size_t i = 0; i < r.tests.size(); ++i) {
    lua_pushboolean(L, r.tests[i]);
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  lua_setfield(L, -2, "tests");
  set_integer(L, "tests_passed", static_cast<lua_Integer>(r.tests_passed));
  set_integer(L, "tests_total", static_cast<lua_Integer>(r.tests_total));
  set_integer(L, "cpu_ms", static_cast<lua_Integer>(r.cpu_ms));
  set_integer(L, "wall_ms", static_cast<lua_Integer>(r.wall_ms));
  set_integer(L, "memory_kb", static_cast<lua_Integer>(r.memory_kb));
  set_integer(L, "length", static_cast<lua_Integer>(r.length));
  set_string(L, "code", r.code);
  set_integer(L, "submitted_at", r.submitted_at);
  return 2;
}

int push_json_arg(lua_State* L, const void* args) {
  lua::push_json(L, *static_cast<const nlohmann::json*>(args));
  return 1;
}

int push_string_arg(lua_State* L, const void* args) {
  const auto* s = static_cast<const std::string*>(args);
  lua_pushlstring(L, s->data(), s->size());
  return 1;
}

int push_integer_arg(lua_State* L, const void* args) {
  lua_pushinteger(L, *static_cast<const std::int64_t*>(args));
  return 1;
}

int push_migrate_args(lua_State* L, const void* args) {
  const auto* a = static_cast<const MigrateArgs*>(args);
  lua::push_json(L, *a->state);
  lua_pushinteger(L, a->api);
  return 2;
}

}  // namespace

struct GameRuntime::Impl {
  GameRuntime* owner = nullptr;
  std::shared_ptr<const ModeScript> script;
  std::unique_ptr<lua::LuaState> lua;
  int handler_refs[kHandlerCount] = {};
  int state_ref = LUA_NOREF;
  int ctx_ref = LUA_NOREF;
  std::vector<Effect> effects;
  std::size_t effect_bytes = 0;

  using PushFn = int (*)(lua_State*, const void*);
  struct CallFrame {
    Impl* impl;
    Handler handler;
    bool with_state;
    PushFn push;
    const void* args;
    int status;
  };

  static Impl* self(lua_State* L) { return static_cast<Impl*>(lua::sandbox_of(L)->user); }

  static std::unique_ptr<Impl> make(GameRuntime* owner, std::shared_ptr<const ModeScript> script, std::string* error) {
    auto impl = std::make_unique<Impl>();
    impl->owner = owner;
    impl->script = std::move(script);
    for (int& ref : impl->handler_refs) ref = LUA_NOREF;
    impl->lua = lua::LuaState::create(impl->script->limits(), error);
    if (!impl->lua) return nullptr;
    lua::Sandbox& sb = impl->lua->sandbox();
    sb.rng = &owner->rng_;
    sb.user = impl.get();
    sb.log = &Impl::log_line;
    impl->lua->seal();
    std::string message = impl->lua->run_chunk(impl->script->source(), impl->script->chunk_name());
    if (message.empty() && lua_type(impl->lua->L(), -1) != LUA_TTABLE) {
      message = impl->script->chunk_name() + ": the file must return the mode table";
    }
    if (!message.empty()) {
      if (error) *error = message;
      return nullptr;
    }
    lua_State* L = impl->lua->L();
    lua_pushcfunction(L, &Impl::setup);
    lua_pushvalue(L, -2);  // the mode table
    lua_pushlightuserdata(L, impl.get());
    const int status = lua_pcall(L, 2, 0, 0);
    if (status != LUA_OK) {
      if (error) *error = impl->script->chunk_name() + ": " + impl->lua->error_message(status);
      return nullptr;
    }
    lua_settop(impl->lua->L(), 0);
    impl->lua->seal();
    return impl;
  }

  // (mode table, impl): references the handlers, the state slot and ctx.
  static int setup(lua_State* L) {
    Impl* impl = static_cast<Impl*>(lua_touserdata(L, 2));
    lua_settop(L, 1);
    const int mode = 1;
    for (int h = 0; h < kHandlerCount; ++h) {
      lua_pushstring(L, kHandlerNames[h]);
      if (lua_rawget(L, mode) == LUA_TFUNCTION) {
        impl->handler_refs[h] = luaL_ref(L, LUA_REGISTRYINDEX);
      } else {
        lua_pop(L, 1);
      }
    }
    lua_newtable(L);
    impl->state_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    impl->build_ctx(L);
    impl->ctx_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
  }

  void build_ctx(lua_State* L) {
    const GameFacts& facts = owner->facts_;
    lua_createtable(L, 0, 16);
    lua_createtable(L, 0, 6);
    set_string(L, "id", facts.game_id);
    set_string(L, "mode", script->name());
    set_string(L, "version", script->version());
    lua::push_json(L, facts.options);
    lua_setfield(L, -2, "options");
    set_integer(L, "duration", facts.duration_s);
    lua_createtable(L, static_cast<int>(facts.languages.size()), 0);
    for (std::size_t i = 0; i < facts.languages.size(); ++i) {
      lua_pushlstring(L, facts.languages[i].data(), facts.languages[i].size());
      lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    lua_setfield(L, -2, "languages");
    lua_setfield(L, -2, "game");
    lua_createtable(L, static_cast<int>(facts.puzzles.size()), 0);
    for (std::size_t i = 0; i < facts.puzzles.size(); ++i) {
      push_puzzle(L, facts.puzzles[i]);
      lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    lua_setfield(L, -2, "puzzles");
    const luaL_Reg functions[] = {
        {"now", ctx_now},         {"random", lua::sandbox_random}, {"players", ctx_players},
        {"player", ctx_player},   {"broadcast", ctx_broadcast},    {"send", ctx_send},
        {"refresh", ctx_refresh}, {"complete", ctx_complete},      {"eliminate", ctx_eliminate},
        {"after", ctx_after},     {"finish", ctx_finish},          {"log", ctx_log},
        {nullptr, nullptr}};
    luaL_setfuncs(L, functions, 0);
  }

  // ---- ctx functions (lua_CFunctions: no C++ object alive across a raising call) ----

  static int ctx_now(lua_State* L) {
    lua_pushinteger(L, self(L)->owner->now_ms_);
    return 1;
  }

  static int ctx_players(lua_State* L) {
    const std::vector<PlayerFacts>& players = self(L)->owner->players_;
    lua_createtable(L, static_cast<int>(players.size()), 0);
    for (std::size_t i = 0; i < players.size(); ++i) {
      push_player(L, players[i]);
      lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    return 1;
  }

  static const PlayerFacts* find_player(lua_State* L, const char* id, std::size_t size) {
    for (const PlayerFacts& p : self(L)->owner->players_) {
      if (p.id.size() == size && std::memcmp(p.id.data(), id, size) == 0) return &p;
    }
    return nullptr;
  }

  static int ctx_player(lua_State* L) {
    std::size_t size = 0;
    const char* id = luaL_checklstring(L, 1, &size);
    const PlayerFacts* p = find_player(L, id, size);
    if (p)
      push_player(L, *p);
    else
      lua_pushnil(L);
    return 1;
  }

  static const char* check_player(lua_State* L, int arg, const char* fn, std::size_t* size) {
    const char* id = luaL_checklstring(L, arg, size);
    if (!find_player(L, id, *size)) luaL_error(L, "%s: no player '%s' in this game", fn, id);
    return id;
  }

  static const char* check_event(lua_State* L, int arg, const char* fn, std::size_t* size) {
    const char* name = luaL_checklstring(L, arg, size);
    if (*size == 0 || *size > 64) luaL_error(L, "%s: event names have 1 to 64 characters", fn);
    if (is_host_event(name, *size)) luaL_error(L, "%s: '%s' is an event of the host", fn, name);
    return name;
  }

  // Records an effect. noexcept: C++ failures come back in `err` for the caller to raise.
  bool add_effect(lua_State* L, Effect::Kind kind, const char* player, std::size_t player_size, const char* name,
                  std::size_t name_size, int payload_index, std::int64_t delay_ms, char* err,
                  std::size_t err_size) noexcept {
    try {
      if (effects.size() >= kMaxEffects) {
        std::snprintf(err, err_size, "too many actions in one handler call (at most %zu)", kMaxEffects);
        return false;
      }
      Effect effect;
      effect.kind = kind;
      if (player) effect.player.assign(player, player_size);
      if (name) effect.name.assign(name, name_size);
      effect.delay_ms = delay_ms;
      if (payload_index != 0) {
        lua::ToJsonOptions options;
        options.root = "payload";
        options.verb = "sent";
        options.max_bytes = script->limits().memory_bytes;
        options.used_bytes = &effect_bytes;
        effect.payload = lua::to_json(L, payload_index, options);
      }
      effect_bytes += effect.name.size() + effect.player.size();
      effects.push_back(std::move(effect));
      return true;
    } catch (const std::exception& e) {
      std::snprintf(err, err_size, "%s", e.what());
      return false;
    } catch (...) {
      std::snprintf(err, err_size, "internal error");
      return false;
    }
  }

  static int effect(lua_State* L, const char* fn, Effect::Kind kind, const char* player, std::size_t player_size,
                    const char* name, std::size_t name_size, int payload_index, std::int64_t delay_ms = 0) {
    char err[512];
    if (!self(L)->add_effect(L, kind, player, player_size, name, name_size, payload_index, delay_ms, err, sizeof err)) {
      return luaL_error(L, "%s: %s", fn, err);
    }
    return 0;
  }

  static int ctx_broadcast(lua_State* L) {
    std::size_t size = 0;
    const char* event = check_event(L, 1, "ctx.broadcast", &size);
    return effect(L, "ctx.broadcast", Effect::Kind::Broadcast, nullptr, 0, event, size, lua_isnoneornil(L, 2) ? 0 : 2);
  }

  static int ctx_send(lua_State* L) {
    std::size_t player_size = 0, size = 0;
    const char* player = check_player(L, 1, "ctx.send", &player_size);
    const char* event = check_event(L, 2, "ctx.send", &size);
    return effect(L, "ctx.send", Effect::Kind::Send, player, player_size, event, size, lua_isnoneornil(L, 3) ? 0 : 3);
  }

  static int ctx_refresh(lua_State* L) {
    std::size_t size = 0;
    const char* player = lua_isnoneornil(L, 1) ? nullptr : check_player(L, 1, "ctx.refresh", &size);
    return effect(L, "ctx.refresh", Effect::Kind::Refresh, player, size, nullptr, 0, 0);
  }

  static int ctx_complete(lua_State* L) {
    std::size_t size = 0;
    const char* player = check_player(L, 1, "ctx.complete", &size);
    return effect(L, "ctx.complete", Effect::Kind::Complete, player, size, nullptr, 0, 0);
  }

  static int ctx_eliminate(lua_State* L) {
    std::size_t size = 0, reason_size = 0;
    const char* player = check_player(L, 1, "ctx.eliminate", &size);
    const char* reason = luaL_optlstring(L, 2, "", &reason_size);
    return effect(L, "ctx.eliminate", Effect::Kind::Eliminate, player, size, reason, reason_size, 0);
  }

  static int ctx_after(lua_State* L) {
    const lua_Number seconds = luaL_checknumber(L, 1);
    luaL_argcheck(L, seconds >= 0 && seconds <= kMaxTimerSeconds, 1, "seconds must be between 0 and 86400");
    std::size_t size = 0;
    const char* tag = luaL_optlstring(L, 2, "", &size);
    const auto delay = static_cast<std::int64_t>(seconds * 1000.0 + 0.5);
    return effect(L, "ctx.after", Effect::Kind::After, nullptr, 0, tag, size, 0, delay);
  }

  static int ctx_finish(lua_State* L) {
    std::size_t size = 0;
    const char* reason = luaL_optlstring(L, 1, "finished", &size);
    return effect(L, "ctx.finish", Effect::Kind::Finish, nullptr, 0, reason, size, 0);
  }

  static int ctx_log(lua_State* L) {
    const int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; ++i) {
      if (i > 1) luaL_addchar(&b, ' ');
      luaL_tolstring(L, i, nullptr);
      luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    std::size_t size = 0;
    const char* text = lua_tolstring(L, -1, &size);
    return effect(L, "ctx.log", Effect::Kind::Log, nullptr, 0, text, std::min(size, kMaxLogBytes), 0);
  }

  static void log_line(void* user, const char* text, std::size_t size) noexcept {
    auto* impl = static_cast<Impl*>(user);
    try {
      if (impl->effects.size() >= kMaxEffects) return;
      Effect effect;
      effect.kind = Effect::Kind::Log;
      effect.name.assign(text, std::min(size, kMaxLogBytes));
      impl->effect_bytes += effect.name.size();
      impl->effects.push_back(std::move(effect));
    } catch (...) {
      // a log line lost to memory exhaustion is not worth failing the handler for
    }
  }

  // ---- calls ----

  static int call_trampoline(lua_State* L) {
    auto* f = static_cast<CallFrame*>(lua_touserdata(L, 1));
    lua_settop(L, 0);
    luaL_checkstack(L, 16, "handler arguments");
    lua_pushcfunction(L, lua::message_handler);
    lua_rawgeti(L, LUA_REGISTRYINDEX, f->impl->handler_refs[f->handler]);
    int nargs = 0;
    if (f->with_state) {
      lua_rawgeti(L, LUA_REGISTRYINDEX, f->impl->state_ref);
      ++nargs;
    }
    if (f->handler != kMigrate) {
      lua_rawgeti(L, LUA_REGISTRYINDEX, f->impl->ctx_ref);
      ++nargs;
    }
    if (f->push) nargs += f->push(L, f->args);
    f->status = lua_pcall(L, nargs, LUA_MULTRET, 1);
    return lua_gettop(L) - 1;
  }

  struct StateFrame {
    Impl* impl;
    const nlohmann::json* state;
  };
  static int set_state_trampoline(lua_State* L) {
    auto* f = static_cast<StateFrame*>(lua_touserdata(L, 1));
    lua::push_json(L, *f->state);
    if (!lua_istable(L, -1)) return luaL_error(L, "the state must be a table");
    lua_rawseti(L, LUA_REGISTRYINDEX, f->impl->state_ref);
    return 0;
  }

  /// Puts `state` (a JSON object) in the state slot. Empty string or the error.
  std::string set_state(const nlohmann::json& state) {
    lua_State* L = lua->L();
    StateFrame frame{this, &state};
    lua->begin_call("restore");
    int status = lua->protected_call(&Impl::set_state_trampoline, &frame);
    if (status != LUA_OK) {
      lua_settop(L, 0);
      lua_gc(L, LUA_GCCOLLECT);  // the failed call's garbage may be what fills the cap
      status = lua->protected_call(&Impl::set_state_trampoline, &frame);
    }
    std::string error = status == LUA_OK ? "" : lua->error_message(status);
    lua_settop(L, 0);
    return error;
  }

  std::string prefix(Handler h) const { return script->chunk_name() + ": " + kHandlerNames[h] + ": "; }

  nlohmann::json convert_returns(Handler h, Returns kind, int n, nlohmann::json* new_state) {
    lua_State* L = lua->L();
    const auto type_at = [&](int i) { return i <= n ? lua_type(L, i) : LUA_TNONE; };
    lua::ToJsonOptions options;
    options.max_bytes = script->limits().memory_bytes;
    options.verb = "sent";
    switch (kind) {
      case Returns::Nothing:
        return nullptr;
      case Returns::State:
        if (type_at(1) != LUA_TTABLE) {
          throw lua::JsonError(std::string(kHandlerNames[h]) + " must return the state (a table), not " +
                               (n >= 1 ? luaL_typename(L, 1) : "nothing"));
        }
        lua_pushvalue(L, 1);
        lua_rawseti(L, LUA_REGISTRYINDEX, state_ref);  // the slot exists: no allocation
        (void)new_state;
        return nullptr;
      case Returns::View: {
        if (type_at(1) != LUA_TTABLE) {
          throw lua::JsonError(std::string("view must return a table, not ") +
                               (n >= 1 ? luaL_typename(L, 1) : "nothing"));
        }
        options.root = "view";
        nlohmann::json view = lua::to_json(L, 1, options);
        if (!view.is_object()) throw lua::JsonError("view must return a table with string keys");
        return view;
      }
      case Returns::Rows: {
        if (type_at(1) != LUA_TTABLE) {
          throw lua::JsonError(std::string("standings must return an array of rows, not ") +
                               (n >= 1 ? luaL_typename(L, 1) : "nothing"));
        }
        options.root = "standings";
        options.empty_is_object = false;
        nlohmann::json rows = lua::to_json(L, 1, options);
        if (!rows.is_array()) throw lua::JsonError("standings must return an array of rows");
        return rows;
      }
      case Returns::Submit: {
        nlohmann::json values = nlohmann::json::array();
        const int t1 = type_at(1), t2 = type_at(2);
        if (t1 != LUA_TSTRING && t1 != LUA_TNIL && t1 != LUA_TNONE) {
          throw lua::JsonError(std::string(kHandlerNames[h]) +
                               " must return the code to run (a string) or nil, reason");
        }
        if (t2 != LUA_TNIL && t2 != LUA_TNONE && t2 != LUA_TSTRING && t2 != LUA_TTABLE) {
          throw lua::JsonError(std::string(kHandlerNames[h]) + "'s second value must be a reason or {puzzle = n}");
        }
        options.root = "returned";
        values.push_back(lua::to_json(L, 1, options));
        if (t2 == LUA_TSTRING || t2 == LUA_TTABLE) values.push_back(lua::to_json(L, 2, options));
        return values;
      }
    }
    return nullptr;
  }

  CallOutcome call(Handler h, bool with_state, PushFn push, const void* args, Returns kind, bool mutating,
                   nlohmann::json* new_state) {
    CallOutcome out;
    const std::int64_t cpu_start = thread_cpu_ns();
    lua_State* L = lua->L();
    effects.clear();
    effect_bytes = 0;
    const std::uint64_t rng_before = owner->rng_;
    lua->begin_call(kHandlerNames[h]);
    CallFrame frame{this, h, with_state, push, args, LUA_OK};
    lua_settop(L, 0);
    int status = lua->protected_call(&Impl::call_trampoline, &frame);
    if (status == LUA_OK) status = frame.status;
    if (status != LUA_OK) {
      out.ok = false;
      out.error = lua->error_message(status);
      if (out.error.rfind(script->chunk_name(), 0) != 0) out.error = prefix(h) + out.error;
    } else {
      try {
        out.value = convert_returns(h, kind, lua_gettop(L), new_state);
        if (mutating) {
          lua_rawgeti(L, LUA_REGISTRYINDEX, state_ref);
          lua::ToJsonOptions options;
          options.root = "state";
          options.verb = "saved";
          options.max_bytes = script->limits().memory_bytes;
          *new_state = lua::to_json(L, -1, options);
        }
      } catch (const std::exception& e) {
        out.ok = false;
        out.error = prefix(h) + e.what();
      }
    }
    lua_settop(L, 0);
    if (out.ok) {
      out.effects = std::move(effects);
    } else {
      owner->rng_ = rng_before;
      out.value = nullptr;
      lua_gc(L, LUA_GCCOLLECT);  // a failed call's garbage (a memory bomb) must not crowd the next one
    }
    effects.clear();
    out.cpu = std::chrono::nanoseconds(thread_cpu_ns() - cpu_start);
    if (owner->observer_) owner->observer_(kHandlerNames[h], out);
    return out;
  }
};

GameRuntime::GameRuntime(std::shared_ptr<const ModeScript> script, GameFacts facts)
    : script_(std::move(script)), facts_(std::move(facts)) {}

GameRuntime::~GameRuntime() = default;

std::unique_ptr<GameRuntime> GameRuntime::create(std::shared_ptr<const ModeScript> script, GameFacts facts,
                                                 std::string* error) {
  if (!script) {
    if (error) *error = "no mode script";
    return nullptr;
  }
  std::unique_ptr<GameRuntime> runtime(new GameRuntime(std::move(script), std::move(facts)));
  runtime->impl_ = Impl::make(runtime.get(), runtime->script_, error);
  if (!runtime->impl_) return nullptr;
  return runtime;
}

// Every public call: runs the handler (absent optional handlers do nothing), then commits the
// new state or, after a failure, puts the last saved one back.
#define ARENA_RUN(handler, with_state, push, args, returns, mutating)                               \
  [&]() {                                                                                           \
    if (impl_->handler_refs[handler] == LUA_NOREF) return CallOutcome{};                            \
    nlohmann::json next_state;                                                                      \
    CallOutcome out = impl_->call(handler, with_state, push, args, returns, mutating, &next_state); \
    if (mutating) {                                                                                 \
      if (out.ok) {                                                                                 \
        state_json_ = std::move(next_state);                                                        \
      } else if (std::string error = impl_->set_state(state_json_); !error.empty()) {               \
        out.error += " (and restoring the state failed: " + error + ")";                            \
      }                                                                                             \
    }                                                                                               \
    return out;                                                                                     \
  }()

CallOutcome GameRuntime::init() {
  return ARENA_RUN(kInit, false, push_json_arg, &facts_.options, Returns::State, true);
}

CallOutcome GameRuntime::view(const PlayerFacts* player) {
  PlayerArgs args{player};
  return ARENA_RUN(kView, true, push_player_args, &args, Returns::View, false);
}

CallOutcome GameRuntime::standings() {
  return ARENA_RUN(kStandings, true, nullptr, nullptr, Returns::Rows, false);
}

CallOutcome GameRuntime::on_join(const PlayerFacts& player) {
  PlayerArgs args{&player};
  return ARENA_RUN(kOnJoin, true, push_player_args, &args, Returns::Nothing, true);
}

CallOutcome GameRuntime::on_start() {
  return ARENA_RUN(kOnStart, true, nullptr, nullptr, Returns::Nothing, true);
}

CallOutcome GameRuntime::on_code(const PlayerFacts& player, const std::string& code) {
  CodeArgs args{&player, &code, nullptr, 0};
  return ARENA_RUN(kOnCode, true, push_code_args, &args, Returns::Nothing, true);
}

CallOutcome GameRuntime::before_submit(const PlayerFacts& player, const std::string& code, const std::string& language,
                                       int puzzle) {
  if (!has_handler("before_submit")) {
    CallOutcome out;
    out.value = nlohmann::json::array({code});
    return out;
  }
  CodeArgs args{&player, &code, &language, puzzle};
  return ARENA_RUN(kBeforeSubmit, true, push_code_args, &args, Returns::Submit, true);
}

CallOutcome GameRuntime::before_run(const PlayerFacts& player, const std::string& code, const std::string& language,
                                    int puzzle) {
  if (!has_handler("before_run")) {
    CallOutcome out;
    out.value = nlohmann::json::array({code});
    return out;
  }
  CodeArgs args{&player, &code, &language, puzzle};
  return ARENA_RUN(kBeforeRun, true, push_code_args, &args, Returns::Submit, true);
}

CallOutcome GameRuntime::on_result(const PlayerFacts& player, const SubmissionFacts& result) {
  ResultArgs args{&player, &result};
  return ARENA_RUN(kOnResult, true, push_result_args, &args, Returns::Nothing, true);
}

CallOutcome GameRuntime::on_tick() {
  const std::int64_t now = now_ms_;
  return ARENA_RUN(kOnTick, true, push_integer_arg, &now, Returns::Nothing, true);
}

CallOutcome GameRuntime::on_timer(const std::string& tag) {
  return ARENA_RUN(kOnTimer, true, push_string_arg, &tag, Returns::Nothing, true);
}

CallOutcome GameRuntime::on_leave(const PlayerFacts& player) {
  PlayerArgs args{&player};
  return ARENA_RUN(kOnLeave, true, push_player_args, &args, Returns::Nothing, true);
}

#undef ARENA_RUN

bool GameRuntime::has_handler(const std::string& name) const {
  for (int h = 0; h < kHandlerCount; ++h) {
    if (name == kHandlerNames[h]) return impl_->handler_refs[h] != LUA_NOREF;
  }
  return false;
}

bool GameRuntime::restore(const nlohmann::json& state, std::string* error) {
  if (!state.is_object()) {
    if (error) *error = "the state must be a JSON object";
    return false;
  }
  if (std::string message = impl_->set_state(state); !message.empty()) {
    if (error) *error = message;
    impl_->set_state(state_json_);
    return false;
  }
  state_json_ = state;
  return true;
}

CallOutcome GameRuntime::migrate(std::shared_ptr<const ModeScript> next) {
  CallOutcome out;
  out.ok = false;
  if (!next) {
    out.error = "no mode script to migrate to";
    return out;
  }
  std::string error;
  std::unique_ptr<Impl> fresh = Impl::make(this, next, &error);
  if (!fresh) {
    out.error = error;
    return out;
  }
  if (fresh->handler_refs[kMigrate] == LUA_NOREF) {
    out.error = next->chunk_name() + ": no migrate function";
    return out;
  }
  MigrateArgs args{&state_json_, script_->info().api};
  nlohmann::json next_state;
  out = fresh->call(kMigrate, false, push_migrate_args, &args, Returns::State, true, &next_state);
  if (!out.ok) return out;
  impl_ = std::move(fresh);
  script_ = std::move(next);
  facts_.version = script_->version();
  facts_.mode = script_->name();
  state_json_ = std::move(next_state);
  return out;
}

std::size_t GameRuntime::memory_bytes() const {
  return impl_->lua->sandbox().used;
}

}  // namespace arena::modes
