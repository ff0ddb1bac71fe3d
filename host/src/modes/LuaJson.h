#pragma once

// Lua values <-> JSON for mode states, views, payloads (internal to host/src/modes). Plain data
// only: nil, booleans, numbers (integers stay integers, floats floats), strings, and tables
// with string keys (objects) or keys 1..n (arrays).

#include <lua.hpp>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace arena::modes::lua {

/// A value that cannot be converted; what() names the path: "state.players[3].fn: functions
/// cannot be saved".
class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ToJsonOptions {
  const char* root = "value";         ///< the path's first element ("state", "payload", "view")
  const char* verb = "saved";         ///< "functions cannot be <verb>"
  bool empty_is_object = true;        ///< how an empty table at the root comes out (nested: arrays)
  std::size_t max_bytes = 8u << 20;   ///< rough size bound of the result (strings + 8 per value)
  std::size_t* used_bytes = nullptr;  ///< accumulates across calls when set
};

/// Converts the value at `index`. Uses only Lua API functions that cannot raise (no metamethods,
/// no allocation), so it may run outside protected mode; throws JsonError (or std::bad_alloc).
nlohmann::json to_json(lua_State* L, int index, const ToJsonOptions& options);

/// Pushes `value` as a Lua value. May raise a Lua error (memory): call in protected mode only.
/// Objects become tables with string keys, arrays tables 1..n, null nil.
void push_json(lua_State* L, const nlohmann::json& value);

}  // namespace arena::modes::lua
