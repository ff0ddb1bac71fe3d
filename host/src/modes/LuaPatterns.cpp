// string.find / match / gmatch / gsub, bounded: subjects longer than max_pattern_subject are
// refused before any matching starts, and each call is charged against the instruction budget
// in proportion to its subject.

#include "modes/LuaSandbox.h"

namespace arena::modes::lua {
namespace {

int checked_call(lua_State* L, const char* name) {
  std::size_t size = 0;
  luaL_checklstring(L, 1, &size);
  const std::size_t max = sandbox_of(L)->limits.max_pattern_subject;
  if (size > max) {
    return luaL_error(L, "string.%s: subject too long for pattern matching (%d bytes, at most %d)", name,
                      static_cast<int>(size), static_cast<int>(max));
  }
  charge(L, static_cast<std::int64_t>(size / 64));
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

int sb_find(lua_State* L) {
  return checked_call(L, "find");
}
int sb_match(lua_State* L) {
  return checked_call(L, "match");
}
int sb_gmatch(lua_State* L) {
  return checked_call(L, "gmatch");
}
int sb_gsub(lua_State* L) {
  return checked_call(L, "gsub");
}

}  // namespace

void open_patterns(lua_State* L) {
  lua_getglobal(L, LUA_STRLIBNAME);
  const int s = lua_gettop(L);
  const struct {
    const char* name;
    lua_CFunction fn;
  } wrapped[] = {{"find", sb_find}, {"match", sb_match}, {"gmatch", sb_gmatch}, {"gsub", sb_gsub}};
  for (const auto& w : wrapped) {
    lua_getfield(L, s, w.name);
    lua_pushcclosure(L, w.fn, 1);
    lua_setfield(L, s, w.name);
  }
  lua_pop(L, 1);
}

}  // namespace arena::modes::lua
