#include "modes/LuaJson.h"

#include <cmath>
#include <cstring>
#include <type_traits>
#include <unordered_set>

namespace arena::modes::lua {
namespace {

constexpr int kMaxDepth = 64;

// push_json runs where a Lua error may longjmp over its frames: its locals must be trivially
// destructible (iterators are, with the standard library's release mode).
static_assert(std::is_trivially_destructible_v<nlohmann::json::const_iterator>);

bool is_identifier(const char* s, std::size_t n) {
  if (n == 0 || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!std::isalnum(c) && c != '_') return false;
  }
  return true;
}

class Converter {
 public:
  Converter(lua_State* L, const ToJsonOptions& options)
      : L_(L), options_(options), used_(options.used_bytes ? *options.used_bytes : local_used_) {}

  nlohmann::json convert(int index) {
    path_ = options_.root;
    nlohmann::json result = value(lua_absindex(L_, index), 0, true);
    return result;
  }

 private:
  [[noreturn]] void fail(const std::string& what) { throw JsonError(path_ + ": " + what); }

  void account(std::size_t bytes) {
    used_ += bytes;
    if (used_ > options_.max_bytes) fail("too large (more than " + std::to_string(options_.max_bytes) + " bytes)");
  }

  nlohmann::json value(int index, int depth, bool root) {
    account(8);
    switch (lua_type(L_, index)) {
      case LUA_TNIL:
        return nullptr;
      case LUA_TBOOLEAN:
        return lua_toboolean(L_, index) != 0;
      case LUA_TNUMBER: {
        if (lua_isinteger(L_, index)) return static_cast<std::int64_t>(lua_tointeger(L_, index));
        const double number = lua_tonumber(L_, index);
        if (!std::isfinite(number))
          fail("numbers must be finite (nan and inf cannot be " + std::string(options_.verb) + ")");
        return number;
      }
      case LUA_TSTRING: {
        std::size_t size = 0;
        const char* text = lua_tolstring(L_, index, &size);
        account(size);
        return std::string(text, size);
      }
      case LUA_TTABLE:
        return table(index, depth, root);
      case LUA_TFUNCTION:
        fail(std::string("functions cannot be ") + options_.verb);
      default:
        fail(std::string(lua_typename(L_, lua_type(L_, index))) + " values cannot be " + options_.verb);
    }
  }

  nlohmann::json table(int index, int depth, bool root) {
    if (depth >= kMaxDepth) fail("tables nested too deeply (or a cycle)");
    const void* identity = lua_topointer(L_, index);
    if (!open_.insert(identity).second) fail("a table that contains itself cannot be " + std::string(options_.verb));
    if (!lua_checkstack(L_, 4)) fail("tables nested too deeply");
    // First pass: what kind of keys.
    std::size_t count = 0, strings = 0;
    lua_Integer max_index = 0;
    bool other = false;
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {
      ++count;
      const int key_type = lua_type(L_, -2);
      if (key_type == LUA_TSTRING) {
        ++strings;
      } else if (key_type == LUA_TNUMBER && lua_isinteger(L_, -2) && lua_tointeger(L_, -2) >= 1) {
        max_index = std::max(max_index, lua_tointeger(L_, -2));
      } else {
        other = true;
      }
      lua_pop(L_, 1);
    }
    nlohmann::json out;
    const std::size_t base = path_.size();
    if (count == 0) {
      out = (root && options_.empty_is_object) ? nlohmann::json::object() : nlohmann::json::array();
    } else if (strings == count) {
      out = nlohmann::json::object();
      lua_pushnil(L_);
      while (lua_next(L_, index) != 0) {
        std::size_t size = 0;
        const char* key = lua_tolstring(L_, -2, &size);  // a string already: no conversion
        account(size);
        if (is_identifier(key, size)) {
          path_.append(".").append(key, size);
        } else {
          path_.append("[").append(nlohmann::json(std::string(key, size)).dump()).append("]");
        }
        out[std::string(key, size)] = value(lua_gettop(L_), depth + 1, false);
        path_.resize(base);
        lua_pop(L_, 1);
      }
    } else if (!other && strings == 0 && static_cast<std::size_t>(max_index) == count) {
      out = nlohmann::json::array();
      for (lua_Integer i = 1; i <= max_index; ++i) {
        lua_rawgeti(L_, index, i);
        path_.append("[").append(std::to_string(i)).append("]");
        out.push_back(value(lua_gettop(L_), depth + 1, false));
        path_.resize(base);
        lua_pop(L_, 1);
      }
    } else {
      fail("tables must have only string keys or be arrays 1..n (this one mixes them, or has holes)");
    }
    open_.erase(identity);
    return out;
  }

  lua_State* L_;
  const ToJsonOptions& options_;
  std::size_t local_used_ = 0;
  std::size_t& used_;
  std::string path_;
  std::unordered_set<const void*> open_;
};

}  // namespace

nlohmann::json to_json(lua_State* L, int index, const ToJsonOptions& options) {
  const int top = lua_gettop(L);
  try {
    Converter converter(L, options);
    nlohmann::json result = converter.convert(index);
    lua_settop(L, top);
    return result;
  } catch (...) {
    lua_settop(L, top);
    throw;
  }
}

namespace {

void push_value(lua_State* L, const nlohmann::json& value, int depth);

}  // namespace

void push_json(lua_State* L, const nlohmann::json& value) {
  push_value(L, value, 0);
}

namespace {

// JSON from outside (a restored state) may nest arbitrarily: the depth bounds the C stack.
void push_value(lua_State* L, const nlohmann::json& value, int depth) {
  if (depth > 2 * kMaxDepth) luaL_error(L, "JSON nested too deeply (more than %d levels)", 2 * kMaxDepth);
  luaL_checkstack(L, 3, "JSON nested too deeply");
  switch (value.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      lua_pushnil(L);
      return;
    case nlohmann::json::value_t::boolean:
      lua_pushboolean(L, value.get_ref<const bool&>());
      return;
    case nlohmann::json::value_t::number_integer:
      lua_pushinteger(L, static_cast<lua_Integer>(value.get_ref<const std::int64_t&>()));
      return;
    case nlohmann::json::value_t::number_unsigned: {
      const std::uint64_t u = value.get_ref<const std::uint64_t&>();
      if (u <= static_cast<std::uint64_t>(LUA_MAXINTEGER))
        lua_pushinteger(L, static_cast<lua_Integer>(u));
      else
        lua_pushnumber(L, static_cast<lua_Number>(u));
      return;
    }
    case nlohmann::json::value_t::number_float:
      lua_pushnumber(L, value.get_ref<const double&>());
      return;
    case nlohmann::json::value_t::string: {
      const std::string& s = value.get_ref<const std::string&>();
      lua_pushlstring(L, s.data(), s.size());
      return;
    }
    case nlohmann::json::value_t::binary:
      lua_pushnil(L);
      return;
    case nlohmann::json::value_t::array: {
      lua_createtable(L, static_cast<int>(value.size()), 0);
      lua_Integer i = 0;
      for (auto it = value.cbegin(); it != value.cend(); ++it) {
        push_value(L, *it, depth + 1);
        lua_rawseti(L, -2, ++i);
      }
      return;
    }
    case nlohmann::json::value_t::object: {
      lua_createtable(L, 0, static_cast<int>(value.size()));
      for (auto it = value.cbegin(); it != value.cend(); ++it) {
        const std::string& key = it.key();
        lua_pushlstring(L, key.data(), key.size());
        push_value(L, it.value(), depth + 1);
        lua_rawset(L, -3);
      }
      return;
    }
  }
  lua_pushnil(L);
}

}  // namespace

}  // namespace arena::modes::lua
