// The sandbox's own string.find/match/gmatch/gsub against the stock Lua 5.4 library: the same
// script, run in a stock state and in a sandboxed one, must print the same results (errors
// included).

#include "modes/LuaSandbox.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace arena::modes {
namespace {

const char* kScript = R"lua(
local out = {}
local function put(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  out[#out + 1] = table.concat(parts, ",")
end
local cases = {
  {"hello world", "o"}, {"hello world", "(o)(r)"}, {"hello", "l+"}, {"  trim me  ", "^%s*(.-)%s*$"},
  {"key=val, k2=v2", "(%w+)=(%w+)"}, {"THE (quick) fox", "%((%a+)%)"}, {"f(a(b)c)d", "%b()"},
  {"THE (quick) fox", "%f[%a]%a+"}, {"abcabc", "(abc)%1"}, {"a.b", "."}, {"a+b", "a+b"}, {"", ""},
  {"abc", ""}, {"abc", "()b()"}, {"[test]", "[%[%]]"}, {"a-b-c", "[a-b]"}, {"a-b-c", "[%a-]+"},
  {"hello", "[^l]+"}, {"123abc", "^%d+"}, {"abc", "c$"}, {"a$b", "$b"}, {"aaa", "a-b"}, {"aaab", "a-b"},
  {"abc", "a?b?c?d?"}, {"\195\188bung", "[\128-\255]+"}, {"one two  three", "%S+"}, {"x", "[]]"},
  {"a]b", "[]]"}, {"a^b", "[%^]"}, {"a^b", "[^^]+"}, {"AbC12_", "[%u%d_]+"}, {"tab\there", "%c"},
  {"3.14e10", "^[+-]?%d+%.?%d*[eE]?%d*$"}, {"aaa", "^a"}, {"baaa", "^a"}, {"abab", "(ab)-$"},
  {"hello", "(h)(e)(l)(l)(o)"}, {"x = 1", "%s*=%s*"}, {"THE END", "%f[%w]%w+%f[%W]"}, {"a,b,,c", "([^,]*)"},
  {"abc", ".-"}, {"abc", ".-$"}, {"a\0b", "%z"}, {"a\0b\0", "\0"}, {"a.b", "%."}, {"100%", "%%"},
}
for _, c in ipairs(cases) do
  local s, p = c[1], c[2]
  put("find", s:find(p))
  put("find2", s:find(p, 2))
  put("find-3", s:find(p, -3))
  put("find99", s:find(p, 99))
  put("plain", s:find(p, 1, true))
  put("match", s:match(p))
  put("match2", s:match(p, 2))
  put("gsub", s:gsub(p, "<%0>"))
  put("gsub1", s:gsub(p, "[%1]", 1))
  put("gsubf", s:gsub(p, function(a, b) return a and tostring(a):upper() end))
  put("gsubt", s:gsub(p, { a = "A", o = 0, hello = false }))
  local all = {}
  for a, b in s:gmatch(p) do all[#all + 1] = tostring(a) .. "/" .. tostring(b) end
  put("gmatch", table.concat(all, " "))
  local from2 = {}
  for a in s:gmatch(p, 2) do from2[#from2 + 1] = tostring(a) end
  put("gmatch2", table.concat(from2, " "))
end
for _, bad in ipairs({"[a", "%", "(", ")", "%1", "%b", "%f", "%fa", "(()", "a%"}) do
  put("bad", bad, pcall(string.find, "abc", bad))
  put("badg", bad, pcall(string.gsub, "abc", bad, "x"))
end
put("repl", pcall(string.gsub, "abc", "b", "%2"))
put("repl%", pcall(string.gsub, "abc", "b", "%x"))
put("replv", pcall(string.gsub, "abc", "b", function() return {} end))
put("replarg", pcall(string.gsub, "abc", "b", true))
put("num", ("12"):gsub("%d", 5))
put("numpat", string.find(1234, 3))
local many = string.rep("(a)", 33)
put("toomany", pcall(string.find, string.rep("a", 40), many))
return table.concat(out, "\n")
)lua";

std::string run(lua_State* L) {
  if (luaL_loadstring(L, kScript) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
    return std::string("error: ") + lua_tostring(L, -1);
  }
  return lua_tostring(L, -1);
}

TEST(PatternsTest, SameResultsAsTheStockLibrary) {
  lua_State* stock = luaL_newstate();
  luaL_openlibs(stock);
  const std::string expected = run(stock);
  lua_close(stock);
  std::string error;
  auto sandbox = lua::LuaState::create(ModeLimits{}, &error);
  ASSERT_TRUE(sandbox) << error;
  sandbox->begin_call("test");
  const std::string actual = run(sandbox->L());
  ASSERT_EQ(expected.rfind("error", 0), std::string::npos) << expected;
  // Line by line, for a readable failure.
  std::size_t a = 0, b = 0;
  int line = 1;
  while (a < expected.size() || b < actual.size()) {
    const std::size_t ea = expected.find('\n', a), eb = actual.find('\n', b);
    const std::string la = expected.substr(a, ea - a), lb = actual.substr(b, eb - b);
    ASSERT_EQ(la, lb) << "line " << line;
    if (ea == std::string::npos || eb == std::string::npos) {
      EXPECT_EQ(ea, eb);
      break;
    }
    a = ea + 1;
    b = eb + 1;
    ++line;
  }
  EXPECT_GT(line, 500);
}

}  // namespace
}  // namespace arena::modes
