// string.find / match / gmatch / gsub for the sandbox: Lua 5.4 pattern semantics (reference
// manual §6.4.1), with two bounds the stock functions lack. Subjects longer than
// max_pattern_subject are refused up front, and every step of the backtracking matcher is
// charged to the call's instruction budget, so a pathological pattern ("a*a*a*a*b" on a long
// run of a's) ends with the budget error instead of running for hours inside one C call.
//
// Everything here is C-style code: locals are trivially destructible, because charge() and
// luaL_error() longjmp out of any depth of the matcher.

#include "modes/LuaSandbox.h"

#include <cctype>
#include <cstring>

namespace arena::modes::lua {
namespace {

constexpr int kMaxCaptures = 32;     // LUA_MAXCAPTURES
constexpr int kMaxMatchDepth = 200;  // MAXCCALLS of the stock matcher: "pattern too complex"
constexpr long kCapUnfinished = -1;
constexpr long kCapPosition = -2;
constexpr char kEsc = '%';
constexpr const char* kSpecials = "^$*+?.([%-";
// The budget is charged 1 instruction per kStepsPerUnit matcher steps, in batches.
constexpr std::int64_t kStepBatch = 1024;
constexpr std::int64_t kStepsPerUnit = 4;

struct MatchState {
  const char* src_init;
  const char* src_end;
  const char* p_end;
  lua_State* L;
  int depth;
  int level;
  std::int64_t steps;
  struct {
    const char* init;
    long len;
  } capture[kMaxCaptures];
};

void step(MatchState* ms) {
  if (++ms->steps % kStepBatch == 0) charge(ms->L, kStepBatch / kStepsPerUnit);
}

void prepare(MatchState* ms, lua_State* L, const char* s, std::size_t ls, const char* p, std::size_t lp) {
  ms->L = L;
  ms->src_init = s;
  ms->src_end = s + ls;
  ms->p_end = p + lp;
  ms->depth = kMaxMatchDepth;
  ms->level = 0;
  ms->steps = 0;
}

void reset(MatchState* ms) {
  ms->level = 0;
  ms->depth = kMaxMatchDepth;
}

bool class_matches(int c, int cl) {
  bool res;
  switch (std::tolower(cl)) {
    case 'a':
      res = std::isalpha(c);
      break;
    case 'c':
      res = std::iscntrl(c);
      break;
    case 'd':
      res = std::isdigit(c);
      break;
    case 'g':
      res = std::isgraph(c);
      break;
    case 'l':
      res = std::islower(c);
      break;
    case 'p':
      res = std::ispunct(c);
      break;
    case 's':
      res = std::isspace(c);
      break;
    case 'u':
      res = std::isupper(c);
      break;
    case 'w':
      res = std::isalnum(c);
      break;
    case 'x':
      res = std::isxdigit(c);
      break;
    case 'z':
      res = c == 0;
      break;  // deprecated, still in 5.4
    default:
      return cl == c;
  }
  return std::isupper(cl) ? !res : res;
}

// p points at '[', ec at the closing ']'.
bool set_matches(int c, const char* p, const char* ec) {
  bool sig = true;
  if (*(p + 1) == '^') {
    sig = false;
    ++p;
  }
  while (++p < ec) {
    if (*p == kEsc) {
      ++p;
      if (class_matches(c, static_cast<unsigned char>(*p))) return sig;
    } else if (*(p + 1) == '-' && p + 2 < ec) {
      p += 2;
      if (static_cast<unsigned char>(*(p - 2)) <= c && c <= static_cast<unsigned char>(*p)) return sig;
    } else if (static_cast<unsigned char>(*p) == c) {
      return sig;
    }
  }
  return !sig;
}

// The end of the single-character class starting at p.
const char* class_end(MatchState* ms, const char* p) {
  switch (*p++) {
    case kEsc:
      if (p == ms->p_end) luaL_error(ms->L, "malformed pattern (ends with '%%')");
      return p + 1;
    case '[':
      if (*p == '^') ++p;
      do {
        if (p == ms->p_end) luaL_error(ms->L, "malformed pattern (missing ']')");
        if (*(p++) == kEsc && p < ms->p_end) ++p;
      } while (*p != ']');
      return p + 1;
    default:
      return p;
  }
}

bool single_match(MatchState* ms, const char* s, const char* p, const char* ep) {
  if (s >= ms->src_end) return false;
  const int c = static_cast<unsigned char>(*s);
  switch (*p) {
    case '.':
      return true;
    case kEsc:
      return class_matches(c, static_cast<unsigned char>(*(p + 1)));
    case '[':
      return set_matches(c, p, ep - 1);
    default:
      return static_cast<unsigned char>(*p) == c;
  }
}

const char* do_match(MatchState* ms, const char* s, const char* p);

const char* match_balance(MatchState* ms, const char* s, const char* p) {
  if (p >= ms->p_end - 1) luaL_error(ms->L, "malformed pattern (missing arguments to '%%b')");
  if (s >= ms->src_end || *s != *p) return nullptr;
  const char open = *p, close = *(p + 1);
  int depth = 1;
  while (++s < ms->src_end) {
    step(ms);
    if (*s == close) {
      if (--depth == 0) return s + 1;
    } else if (*s == open) {
      ++depth;
    }
  }
  return nullptr;
}

const char* max_expand(MatchState* ms, const char* s, const char* p, const char* ep) {
  std::ptrdiff_t i = 0;
  while (single_match(ms, s + i, p, ep)) {
    step(ms);
    ++i;
  }
  for (; i >= 0; --i) {  // try the longest first, then shorter
    if (const char* res = do_match(ms, s + i, ep + 1)) return res;
  }
  return nullptr;
}

const char* min_expand(MatchState* ms, const char* s, const char* p, const char* ep) {
  for (;;) {
    if (const char* res = do_match(ms, s, ep + 1)) return res;
    if (!single_match(ms, s, p, ep)) return nullptr;
    ++s;
  }
}

const char* start_capture(MatchState* ms, const char* s, const char* p, long what) {
  if (ms->level >= kMaxCaptures) luaL_error(ms->L, "too many captures");
  ms->capture[ms->level].init = s;
  ms->capture[ms->level].len = what;
  ms->level++;
  const char* res = do_match(ms, s, p);
  if (!res) ms->level--;
  return res;
}

const char* end_capture(MatchState* ms, const char* s, const char* p) {
  int l = -1;
  for (int i = ms->level - 1; i >= 0; --i) {
    if (ms->capture[i].len == kCapUnfinished) {
      l = i;
      break;
    }
  }
  if (l < 0) luaL_error(ms->L, "invalid pattern capture");
  ms->capture[l].len = s - ms->capture[l].init;
  const char* res = do_match(ms, s, p);
  if (!res) ms->capture[l].len = kCapUnfinished;
  return res;
}

int check_capture(MatchState* ms, int l) {
  l -= '1';
  if (l < 0 || l >= ms->level || ms->capture[l].len == kCapUnfinished) {
    luaL_error(ms->L, "invalid capture index %%%d", l + 1);
  }
  return l;
}

const char* match_capture(MatchState* ms, const char* s, int l) {
  l = check_capture(ms, l);
  const auto len = static_cast<std::size_t>(ms->capture[l].len);
  if (static_cast<std::size_t>(ms->src_end - s) >= len && std::memcmp(ms->capture[l].init, s, len) == 0) {
    return s + len;
  }
  return nullptr;
}

const char* do_match(MatchState* ms, const char* s, const char* p) {
  if (ms->depth-- == 0) luaL_error(ms->L, "pattern too complex");
  step(ms);
  while (p != ms->p_end) {
    switch (*p) {
      case '(':
        s = *(p + 1) == ')' ? start_capture(ms, s, p + 2, kCapPosition) : start_capture(ms, s, p + 1, kCapUnfinished);
        goto done;
      case ')':
        s = end_capture(ms, s, p + 1);
        goto done;
      case '$':
        if (p + 1 != ms->p_end) goto plain;
        s = s == ms->src_end ? s : nullptr;
        goto done;
      case kEsc:
        switch (*(p + 1)) {
          case 'b':
            s = match_balance(ms, s, p + 2);
            if (s) {
              p += 4;
              continue;
            }
            goto done;
          case 'f': {
            p += 2;
            if (*p != '[') luaL_error(ms->L, "missing '[' after '%%f' in pattern");
            const char* ep = class_end(ms, p);
            const int previous = s == ms->src_init ? 0 : static_cast<unsigned char>(*(s - 1));
            const int current = s < ms->src_end ? static_cast<unsigned char>(*s) : 0;
            if (!set_matches(previous, p, ep - 1) && set_matches(current, p, ep - 1)) {
              p = ep;
              continue;
            }
            s = nullptr;
            goto done;
          }
          case '0':
          case '1':
          case '2':
          case '3':
          case '4':
          case '5':
          case '6':
          case '7':
          case '8':
          case '9':
            s = match_capture(ms, s, static_cast<unsigned char>(*(p + 1)));
            if (s) {
              p += 2;
              continue;
            }
            goto done;
          default:
            goto plain;
        }
      default:
      plain : {
        const char* ep = class_end(ms, p);
        if (!single_match(ms, s, p, ep)) {
          if (*ep == '*' || *ep == '?' || *ep == '-') {  // accept empty
            p = ep + 1;
            continue;
          }
          s = nullptr;
          goto done;
        }
        switch (*ep) {
          case '?': {
            if (const char* res = do_match(ms, s + 1, ep + 1)) {
              s = res;
              goto done;
            }
            p = ep + 1;
            continue;
          }
          case '+':
            s = max_expand(ms, s + 1, p, ep);
            goto done;
          case '*':
            s = max_expand(ms, s, p, ep);
            goto done;
          case '-':
            s = min_expand(ms, s, p, ep);
            goto done;
          default:
            ++s;
            p = ep;
            continue;
        }
      }
    }
  }
done:
  ms->depth++;
  return s;
}

// Pushes capture i (or the whole match s..e when there are no captures and i is 0).
void push_capture(MatchState* ms, int i, const char* s, const char* e) {
  if (i >= ms->level) {
    if (i != 0) luaL_error(ms->L, "invalid capture index %%%d", i + 1);
    lua_pushlstring(ms->L, s, static_cast<std::size_t>(e - s));
    return;
  }
  const long len = ms->capture[i].len;
  if (len == kCapUnfinished) luaL_error(ms->L, "unfinished capture");
  if (len == kCapPosition) {
    lua_pushinteger(ms->L, ms->capture[i].init - ms->src_init + 1);
  } else {
    lua_pushlstring(ms->L, ms->capture[i].init, static_cast<std::size_t>(len));
  }
}

int push_captures(MatchState* ms, const char* s, const char* e) {
  const int n = (ms->level == 0 && s) ? 1 : ms->level;
  luaL_checkstack(ms->L, n, "too many captures");
  for (int i = 0; i < n; ++i) push_capture(ms, i, s, e);
  return n;
}

// The subject at argument 1, refused when longer than the sandbox allows; charges its scan.
const char* check_subject(lua_State* L, const char* fn, std::size_t* size) {
  const char* s = luaL_checklstring(L, 1, size);
  const std::size_t max = sandbox_of(L)->limits.max_pattern_subject;
  if (*size > max) {
    luaL_error(L, "string.%s: subject too long for pattern matching (%d bytes, at most %d)", fn,
               static_cast<int>(*size), static_cast<int>(max));
  }
  charge(L, static_cast<std::int64_t>(*size / 64));
  return s;
}

// A 1-based, possibly negative position turned into an offset in 0..len (or len + 1: past it).
std::size_t start_offset(lua_Integer pos, std::size_t len) {
  if (pos > 0) return static_cast<std::size_t>(pos) - 1;
  if (pos == 0) return 0;
  if (pos < -static_cast<lua_Integer>(len)) return 0;
  return len - static_cast<std::size_t>(-pos);
}

const char* plain_find(const char* s, std::size_t ls, const char* p, std::size_t lp) {
  if (lp == 0) return s;
  if (lp > ls) return nullptr;
  const char* last = s + (ls - lp);
  for (const char* at = s; at <= last; ++at) {
    at = static_cast<const char*>(std::memchr(at, *p, static_cast<std::size_t>(last - at) + 1));
    if (!at) return nullptr;
    if (std::memcmp(at + 1, p + 1, lp - 1) == 0) return at;
  }
  return nullptr;
}

// Whether the pattern has no magic characters (embedded zeros included).
bool no_specials(const char* p, std::size_t lp) {
  std::size_t upto = 0;
  do {
    if (std::strpbrk(p + upto, kSpecials)) return false;
    upto += std::strlen(p + upto) + 1;
  } while (upto <= lp);
  return true;
}

int find_aux(lua_State* L, bool find) {
  std::size_t ls = 0, lp = 0;
  const char* s = check_subject(L, find ? "find" : "match", &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  const std::size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
  if (init > ls) {
    lua_pushnil(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || no_specials(p, lp))) {
    charge(L, static_cast<std::int64_t>((ls - init) / 16));
    if (const char* at = plain_find(s + init, ls - init, p, lp)) {
      lua_pushinteger(L, at - s + 1);
      lua_pushinteger(L, static_cast<lua_Integer>(at - s + lp));
      return 2;
    }
  } else {
    MatchState ms;
    const char* s1 = s + init;
    const bool anchor = *p == '^';
    if (anchor) {
      ++p;
      --lp;
    }
    prepare(&ms, L, s, ls, p, lp);
    do {
      reset(&ms);
      if (const char* e = do_match(&ms, s1, p)) {
        if (find) {
          lua_pushinteger(L, s1 - s + 1);
          lua_pushinteger(L, e - s);
          return push_captures(&ms, nullptr, nullptr) + 2;
        }
        return push_captures(&ms, s1, e);
      }
    } while (s1++ < ms.src_end && !anchor);
  }
  lua_pushnil(L);
  return 1;
}

int sb_find(lua_State* L) {
  return find_aux(L, true);
}
int sb_match(lua_State* L) {
  return find_aux(L, false);
}

// gmatch's iterator state, a userdata (upvalue 3): offsets into the subject (upvalue 1).
struct GMatch {
  std::size_t src;
  std::ptrdiff_t last;  // end of the last match, -1 for none
};

int gmatch_next(lua_State* L) {
  std::size_t ls = 0, lp = 0;
  const char* s = lua_tolstring(L, lua_upvalueindex(1), &ls);
  const char* p = lua_tolstring(L, lua_upvalueindex(2), &lp);
  auto* gm = static_cast<GMatch*>(lua_touserdata(L, lua_upvalueindex(3)));
  MatchState ms;
  prepare(&ms, L, s, ls, p, lp);
  for (const char* src = s + gm->src; src <= ms.src_end; ++src) {
    reset(&ms);
    const char* e = do_match(&ms, src, p);
    if (e && e - s != gm->last) {
      gm->src = static_cast<std::size_t>(e - s);
      gm->last = e - s;
      return push_captures(&ms, src, e);
    }
  }
  gm->src = ls + 1;
  return 0;
}

int sb_gmatch(lua_State* L) {
  std::size_t ls = 0;
  check_subject(L, "gmatch", &ls);
  luaL_checkstring(L, 2);
  std::size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
  if (init > ls) init = ls + 1;  // no matches
  lua_settop(L, 2);
  auto* gm = static_cast<GMatch*>(lua_newuserdatauv(L, sizeof(GMatch), 0));
  gm->src = init;
  gm->last = -1;
  lua_pushcclosure(L, gmatch_next, 3);
  return 1;
}

void add_string_replacement(MatchState* ms, luaL_Buffer* b, const char* s, const char* e) {
  std::size_t l = 0;
  lua_State* L = ms->L;
  const char* news = lua_tolstring(L, 3, &l);
  for (std::size_t i = 0; i < l; ++i) {
    if (news[i] != kEsc) {
      luaL_addchar(b, news[i]);
      continue;
    }
    ++i;
    if (i < l && news[i] == kEsc) {
      luaL_addchar(b, kEsc);
    } else if (i < l && std::isdigit(static_cast<unsigned char>(news[i]))) {
      if (news[i] == '0') {
        luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
      } else {
        push_capture(ms, news[i] - '1', s, e);
        luaL_tolstring(L, -1, nullptr);
        lua_remove(L, -2);
        luaL_addvalue(b);
      }
    } else {
      luaL_error(L, "invalid use of '%c' in replacement string", kEsc);
    }
  }
}

void add_replacement(MatchState* ms, luaL_Buffer* b, const char* s, const char* e, int type) {
  lua_State* L = ms->L;
  if (type == LUA_TFUNCTION) {
    lua_pushvalue(L, 3);
    const int n = push_captures(ms, s, e);
    lua_call(L, n, 1);
  } else if (type == LUA_TTABLE) {
    push_capture(ms, 0, s, e);
    lua_gettable(L, 3);
  } else {
    add_string_replacement(ms, b, s, e);
    return;
  }
  if (!lua_toboolean(L, -1)) {  // nil or false: keep the original text
    lua_pop(L, 1);
    luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
  } else if (!lua_isstring(L, -1)) {
    luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  } else {
    luaL_addvalue(b);
  }
}

int sb_gsub(lua_State* L) {
  std::size_t ls = 0, lp = 0;
  const char* src = check_subject(L, "gsub", &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  const int type = lua_type(L, 3);
  const lua_Integer max_n = luaL_optinteger(L, 4, static_cast<lua_Integer>(ls) + 1);
  luaL_argexpected(L, type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TFUNCTION || type == LUA_TTABLE, 3,
                   "string/function/table");
  const bool anchor = *p == '^';
  if (anchor) {
    ++p;
    --lp;
  }
  const char* lastmatch = nullptr;
  lua_Integer n = 0;
  MatchState ms;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  prepare(&ms, L, src, ls, p, lp);
  while (n < max_n) {
    reset(&ms);
    const char* e = do_match(&ms, src, p);
    if (e && e != lastmatch) {
      ++n;
      add_replacement(&ms, &b, src, e, type);
      src = lastmatch = e;
    } else if (src < ms.src_end) {
      luaL_addchar(&b, *src++);
    } else {
      break;
    }
    if (anchor) break;
  }
  luaL_addlstring(&b, src, static_cast<std::size_t>(ms.src_end - src));
  luaL_pushresult(&b);
  lua_pushinteger(L, n);
  return 2;
}

}  // namespace

void open_patterns(lua_State* L) {
  lua_getglobal(L, LUA_STRLIBNAME);
  const luaL_Reg functions[] = {
      {"find", sb_find}, {"match", sb_match}, {"gmatch", sb_gmatch}, {"gsub", sb_gsub}, {nullptr, nullptr}};
  luaL_setfuncs(L, functions, 0);
  lua_pop(L, 1);
}

}  // namespace arena::modes::lua
