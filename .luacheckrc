-- luacheck standard for CodeArena game modes (modes/*.lua): run `luacheck --config .luacheckrc modes/`.
-- A mode runs in the host's sandbox (modes/README.md, "The sandbox"): Lua 5.4 with only the
-- globals below, plus the host's read-only `arena` helper table. Anything else (io, os,
-- require, debug, ...) does not exist there, so luacheck reports it as an undefined global.

std = "codearena_mode"

stds.codearena_mode = {
  read_globals = {
    -- base functions the sandbox keeps
    "assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "print", "rawequal",
    "rawget", "rawlen", "rawset", "select", "setmetatable", "getmetatable", "tonumber",
    "tostring", "type", "load",
    -- libraries (string.dump is removed in the sandbox)
    string = { fields = {
      "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "pack",
      "packsize", "rep", "reverse", "sub", "unpack", "upper",
    } },
    table = { fields = { "concat", "insert", "move", "pack", "remove", "sort", "unpack" } },
    math = { fields = {
      "abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max", "maxinteger",
      "min", "mininteger", "modf", "pi", "rad", "random", "randomseed", "sin", "sqrt", "tan",
      "tointeger", "type", "ult", "acos", "asin", "atan",
    } },
    utf8 = { fields = { "char", "charpattern", "codepoint", "codes", "len", "offset" } },
    -- the host's helpers (modes/types/arena.lua documents them)
    arena = { fields = { "api", "edit_distance", "reverse" } },
  },
}

-- A mode file assigns no globals at all: everything is local or a field of the mode table.
allow_defined = false
allow_defined_top = false
max_line_length = 120
max_cyclomatic_complexity = 20
-- Handlers have fixed signatures; unused arguments are named with a leading underscore.
unused_args = true
ignore = { "212/_.*" }

files["modes/types/arena.lua"] = {
  -- the LuaLS annotation file only declares the API for editors; it is never loaded
  std = "+lua54",
  globals = { "arena" },
  ignore = { "111", "112", "113", "131", "212", "241", "631" },
}
