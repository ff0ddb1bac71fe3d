// The `arena` helper table of the mode API: edit_distance, reverse, api.
// Buffers come from Lua (userdata), so a Lua error raised later frees them: nothing here owns
// memory across a call that may longjmp.

#include "modes/LuaSandbox.h"

#include <algorithm>
#include <cstdint>

namespace arena::modes::lua {
namespace {

constexpr std::size_t kMaxEditInput = 64u << 10;

// The byte length of the UTF-8 character at s[i] (1 for an invalid byte: it counts as one).
std::size_t char_length(const unsigned char* s, std::size_t i, std::size_t n) {
  const unsigned char c = s[i];
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > n) return 1;
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) return 1;
  }
  return len;
}

// Decodes `s` into code points at `out` (which has room for n of them); returns how many.
std::size_t decode(const unsigned char* s, std::size_t n, std::uint32_t* out) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < n;) {
    const std::size_t len = char_length(s, i, n);
    std::uint32_t cp = len == 1 ? s[i] : s[i] & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out[count++] = len == 1 && s[i] >= 0x80 ? 0x110000u + s[i] : cp;  // invalid bytes stay distinct
    i += len;
  }
  return count;
}

int arena_edit_distance(lua_State* L) {
  std::size_t la = 0, lb = 0;
  const auto* a = reinterpret_cast<const unsigned char*>(luaL_checklstring(L, 1, &la));
  const auto* b = reinterpret_cast<const unsigned char*>(luaL_checklstring(L, 2, &lb));
  if (la > kMaxEditInput || lb > kMaxEditInput) {
    return luaL_error(L, "arena.edit_distance: strings must be at most %d bytes", static_cast<int>(kMaxEditInput));
  }
  auto* buffer = static_cast<std::uint32_t*>(lua_newuserdatauv(L, (la + lb + std::min(la, lb) + 1) * 4, 0));
  std::uint32_t* ca = buffer;
  const std::size_t na = decode(a, la, ca);
  std::uint32_t* cb = ca + na;
  const std::size_t nb = decode(b, lb, cb);
  // One row of the shorter string: O(min(na, nb)) memory.
  if (na < nb) {
    std::swap(ca, cb);
  }
  const std::size_t n_long = std::max(na, nb), n_short = std::min(na, nb);
  charge(L, static_cast<std::int64_t>(n_long * n_short / 16));  // ~16 cells per VM instruction
  std::uint32_t* row = buffer + na + nb;
  for (std::size_t j = 0; j <= n_short; ++j) row[j] = static_cast<std::uint32_t>(j);
  for (std::size_t i = 1; i <= n_long; ++i) {
    std::uint32_t diagonal = row[0];
    row[0] = static_cast<std::uint32_t>(i);
    for (std::size_t j = 1; j <= n_short; ++j) {
      const std::uint32_t above = row[j];
      const std::uint32_t cost = ca[i - 1] == cb[j - 1] ? 0 : 1;
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  lua_pushinteger(L, row[n_short]);
  return 1;
}

int arena_reverse(lua_State* L) {
  std::size_t n = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(luaL_checklstring(L, 1, &n));
  luaL_Buffer b;
  char* out = luaL_buffinitsize(L, &b, n);
  std::size_t end = n;
  for (std::size_t i = 0; i < n;) {
    const std::size_t len = char_length(s, i, n);
    end -= len;
    std::copy(s + i, s + i + len, out + end);
    i += len;
  }
  luaL_pushresultsize(&b, n);
  return 1;
}

}  // namespace

void open_arena(lua_State* L) {
  lua_createtable(L, 0, 3);
  lua_pushcfunction(L, arena_edit_distance);
  lua_setfield(L, -2, "edit_distance");
  lua_pushcfunction(L, arena_reverse);
  lua_setfield(L, -2, "reverse");
  lua_pushinteger(L, kModeApiVersion);
  lua_setfield(L, -2, "api");
  lua_setglobal(L, "arena");
}

}  // namespace arena::modes::lua
