#include "modes/ModeScript.h"

#include "modes/GameRuntime.h"
#include "modes/LuaJson.h"
#include "modes/LuaSandbox.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace arena::modes {
namespace {

constexpr int kMaxPuzzles = 10;
constexpr std::size_t kMaxPlayersLimit = 50;
constexpr const char* kRequiredHandlers[] = {"init", "view", "standings", "on_result"};
constexpr const char* kOptionalHandlers[] = {"on_join", "on_start", "on_code",  "before_submit", "before_run",
                                             "on_tick", "on_timer", "on_leave", "migrate"};
constexpr const char* kDataFields[] = {
    "name",      "api",   "title", "description", "min_players",      "max_players", "duration",
    "countdown", "grace", "tick",  "puzzles",     "requires_starter", "options"};

struct Refusal {
  std::string message;
};

[[noreturn]] void refuse(const std::string& message) {
  throw Refusal{message};
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string sha256_prefix(const std::string& source) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(source.data(), static_cast<unsigned>(source.size()));
  return Poco::DigestEngine::digestToHex(engine.digest()).substr(0, 12);
}

// 100 rather than 100.0 for integral bounds.
std::string number_text(double d) {
  if (std::floor(d) == d && std::fabs(d) < 9e15) return std::to_string(static_cast<long long>(d));
  return nlohmann::json(d).dump();
}

bool is_integer(const nlohmann::json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return true;
  if (v.is_number_float()) {
    const double d = v.get<double>();
    return std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9e15;
  }
  return false;
}

// Pushes table[key] found by traversal (no allocation, so no error outside protected mode);
// returns its type (LUA_TNIL and a nil pushed when absent).
int raw_field(lua_State* L, int table, const char* key) {
  table = lua_absindex(L, table);
  const std::size_t key_size = std::strlen(key);
  lua_pushnil(L);
  while (lua_next(L, table) != 0) {
    std::size_t size = 0;
    if (lua_type(L, -2) == LUA_TSTRING) {
      const char* k = lua_tolstring(L, -2, &size);
      if (size == key_size && std::memcmp(k, key, size) == 0) {
        lua_remove(L, -2);
        return lua_type(L, -1);
      }
    }
    lua_pop(L, 1);
  }
  lua_pushnil(L);
  return LUA_TNIL;
}

// The fields of the mode table: data fields converted to JSON, and the Lua type of every
// string key (handlers are told apart by it).
struct ModeTable {
  std::map<std::string, nlohmann::json> data;
  std::map<std::string, std::string> types;
  bool has(const std::string& key) const { return types.count(key) != 0; }
  const std::string& type(const std::string& key) const { return types.at(key); }
};

ModeTable describe(lua_State* L, int index) {
  ModeTable table;
  index = lua_absindex(L, index);
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    if (lua_type(L, -2) == LUA_TSTRING) {
      std::size_t size = 0;
      const char* key = lua_tolstring(L, -2, &size);
      table.types[std::string(key, size)] = luaL_typename(L, -1);
    }
    lua_pop(L, 1);
  }
  for (const char* field : kDataFields) {
    if (!table.has(field) || table.type(field) == "function") continue;
    raw_field(L, index, field);
    lua::ToJsonOptions options;
    options.root = field;
    options.verb = "used";
    options.empty_is_object = std::string(field) == "options";
    try {
      table.data[field] = lua::to_json(L, -1, options);
    } catch (const lua::JsonError& e) {
      lua_pop(L, 1);
      refuse(e.what());
    }
    lua_pop(L, 1);
  }
  return table;
}

std::string field_string(const ModeTable& t, const char* key, bool required) {
  if (!t.has(key)) {
    if (required) refuse(std::string("missing field '") + key + "'");
    return {};
  }
  const auto it = t.data.find(key);
  if (it == t.data.end() || !it->second.is_string()) {
    refuse(std::string("field '") + key + "' must be a string, not " + t.type(key));
  }
  const std::string value = it->second.get<std::string>();
  if (required && value.empty()) refuse(std::string("field '") + key + "' must not be empty");
  return value;
}

// An integer field in [min, max], `fallback` when absent.
long long field_integer(const ModeTable& t, const char* key, long long fallback, long long min, long long max) {
  if (!t.has(key)) return fallback;
  const auto it = t.data.find(key);
  if (it == t.data.end() || !is_integer(it->second)) {
    refuse(std::string("field '") + key + "' must be an integer, not " + t.type(key));
  }
  const auto value = static_cast<long long>(it->second.get<double>());
  if (value < min || value > max) {
    refuse(std::string("field '") + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max) +
           " (it is " + std::to_string(value) + ")");
  }
  return value;
}

std::string json_type(const nlohmann::json& v) {
  if (v.is_boolean()) return "boolean";
  if (is_integer(v)) return "integer";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_null()) return "nil";
  return "table";
}

// Whether `value` fits an option of `type` (integers fit "number").
bool fits(const std::string& type, const nlohmann::json& value) {
  if (type == "integer") return is_integer(value);
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "string") return value.is_string();
  return false;
}

std::vector<ModeOption> parse_options(const ModeTable& t) {
  std::vector<ModeOption> options;
  if (!t.has("options")) return options;
  const auto it = t.data.find("options");
  if (it == t.data.end() || !it->second.is_object()) {
    refuse("field 'options' must be a table of option declarations (name = {type = ..., default = ...})");
  }
  for (const auto& [name, spec] : it->second.items()) {
    const std::string where = "option '" + name + "'";
    if (name.empty() || name.size() > 64 || std::isdigit(static_cast<unsigned char>(name[0])) ||
        !std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; })) {
      refuse(where + ": option names are identifiers (letters, digits, _)");
    }
    if (!spec.is_object()) refuse(where + " must be a table {type = ..., default = ...}");
    ModeOption option;
    option.name = name;
    for (const auto& [key, value] : spec.items()) {
      if (key != "type" && key != "default" && key != "min" && key != "max" && key != "enum" && key != "doc") {
        refuse(where + ": unknown key '" + key + "' (type, default, min, max, enum, doc)");
      }
    }
    if (!spec.contains("type") || !spec["type"].is_string()) {
      refuse(where + ": 'type' must be \"integer\", \"number\", \"boolean\" or \"string\"");
    }
    option.type = spec["type"].get<std::string>();
    if (option.type != "integer" && option.type != "number" && option.type != "boolean" && option.type != "string") {
      refuse(where + ": unknown type '" + option.type + "' (integer, number, boolean or string)");
    }
    if (!spec.contains("default")) refuse(where + ": 'default' is required");
    option.default_value = spec["default"];
    if (!fits(option.type, option.default_value)) {
      refuse(where + ": the default must be of type " + option.type + ", not " + json_type(option.default_value));
    }
    if (option.type == "integer") option.default_value = static_cast<std::int64_t>(option.default_value.get<double>());
    for (const char* bound : {"min", "max"}) {
      if (!spec.contains(bound)) continue;
      if (option.type != "integer" && option.type != "number") {
        refuse(where + ": '" + bound + "' applies to integer and number options only");
      }
      if (!spec[bound].is_number()) refuse(where + ": '" + bound + "' must be a number");
      (std::string(bound) == "min" ? option.min : option.max) = spec[bound].get<double>();
    }
    if (option.min && option.max && *option.min > *option.max) refuse(where + ": min is greater than max");
    if (spec.contains("enum")) {
      if (!spec["enum"].is_array() || spec["enum"].empty())
        refuse(where + ": 'enum' must be a non-empty list of values");
      for (const auto& allowed : spec["enum"]) {
        if (!fits(option.type, allowed))
          refuse(where + ": enum value " + allowed.dump() + " is not of type " + option.type);
        option.allowed.push_back(allowed);
      }
    }
    if (spec.contains("doc")) {
      if (!spec["doc"].is_string()) refuse(where + ": 'doc' must be a string");
      option.doc = spec["doc"].get<std::string>();
    }
    // The default must pass the option's own checks.
    ModeInfo probe;
    probe.options.push_back(option);
    if (OptionsResult check = resolve_options(probe, nlohmann::json::object({{name, option.default_value}}));
        !check.error.empty()) {
      refuse(where + ": the default is invalid: " + check.error);
    }
    options.push_back(std::move(option));
  }
  return options;
}

GamePuzzle synthetic_puzzle(int index) {
  GamePuzzle p;
  p.id = "synthetic-" + std::to_string(index);
  p.title = "Synthetic puzzle " + std::to_string(index);
  p.statement = "Read an integer and print it plus one.";
  p.constraints = "1 <= n <= 100";
  p.difficulty = "EASY";
  p.tags = {"synthetic"};
  p.visibility = "APPROVED";
  for (int i = 1; i <= 5; ++i) p.validators.push_back({std::to_string(i), std::to_string(i + 1), i > 2});
  p.examples.push_back({"1", "2", "1 + 1 = 2"});
  p.examples.push_back({"2", "3", ""});
  p.starters.push_back({"python", "print(int(input())+2)"});
  p.solution_language = "python";
  p.solution_code = "print(int(input())+1)";
  return p;
}

// Evaluates `puzzles` in a fresh state. Returns the count (1..10) or -1 with `error` set.
int evaluate_puzzles(const ModeScript& script, const nlohmann::json& options, std::size_t players, std::string* error) {
  std::unique_ptr<lua::LuaState> state = lua::LuaState::create(script.limits(), error);
  if (!state) return -1;
  state->seal();
  if (std::string message = state->run_chunk(script.source(), script.chunk_name()); !message.empty()) {
    *error = message;
    return -1;
  }
  lua_State* L = state->L();
  if (!lua_istable(L, -1)) return 1;
  const int type = raw_field(L, -1, "puzzles");
  if (type == LUA_TNIL) return 1;
  lua_Number count = 1;
  if (type == LUA_TNUMBER) {
    count = lua_tonumber(L, -1);
  } else if (type == LUA_TFUNCTION) {
    // stack: mode, fn -> msgh, fn, options, players
    lua_pushcfunction(L, lua::message_handler);
    lua_insert(L, -2);
    const int msgh = lua_gettop(L) - 1;
    // push_json may raise (memory): do it in protected mode.
    lua_pushcfunction(L, [](lua_State* S) -> int {
      auto* opts = static_cast<const nlohmann::json*>(lua_touserdata(S, 1));
      lua_pop(S, 1);
      lua::push_json(S, *opts);
      return 1;
    });
    lua_pushlightuserdata(L, const_cast<nlohmann::json*>(&options));
    if (int status = lua_pcall(L, 1, 1, 0); status != LUA_OK) {
      *error = state->error_message(status);
      return -1;
    }
    lua_pushinteger(L, static_cast<lua_Integer>(players));
    state->begin_call("puzzles");
    const int status = lua_pcall(L, 2, 1, msgh);
    if (status != LUA_OK) {
      *error = state->error_message(status) + " (in puzzles)";
      return -1;
    }
    if (lua_type(L, -1) != LUA_TNUMBER) {
      *error = script.chunk_name() + ": puzzles(options, players) must return a number, not " + luaL_typename(L, -1);
      return -1;
    }
    count = lua_tonumber(L, -1);
  } else {
    *error = script.chunk_name() + ": field 'puzzles' must be a number or a function";
    return -1;
  }
  if (!(count >= 1)) return 1;  // NaN too
  if (count > kMaxPuzzles) return kMaxPuzzles;
  return static_cast<int>(count);
}

// Checks the rows `standings` returned against the players of the dry run.
void check_rows(const nlohmann::json& rows, const std::vector<PlayerFacts>& players) {
  std::set<std::string> ids;
  for (const PlayerFacts& p : players) ids.insert(p.id);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string where = "standings row " + std::to_string(i + 1);
    const auto& row = rows[i];
    if (!row.is_object()) refuse(where + " must be a table {player, place, score, detail}");
    if (!row.contains("player") || !row["player"].is_string() || !ids.count(row["player"].get<std::string>())) {
      refuse(where + ": 'player' must be a player's id");
    }
    if (!row.contains("place") || !is_integer(row["place"]) || row["place"].get<double>() < 1) {
      refuse(where + ": 'place' must be an integer >= 1");
    }
    if (row.contains("score") && !row["score"].is_number()) refuse(where + ": 'score' must be a number");
    if (row.contains("detail") && !row["detail"].is_string()) refuse(where + ": 'detail' must be a string");
  }
}

void dry_run(const std::shared_ptr<const ModeScript>& script) {
  const ModeInfo& info = script->info();
  GameFacts facts;
  facts.game_id = "dry-run";
  facts.mode = info.name;
  facts.version = info.version;
  facts.options = resolve_options(info, nlohmann::json::object()).options;
  facts.duration_s = info.duration_s;
  std::string error;
  const int count = evaluate_puzzles(*script, facts.options, 2, &error);
  if (count < 0) refuse(error);
  for (int i = 1; i <= count; ++i) facts.puzzles.push_back(synthetic_puzzle(i));
  std::unique_ptr<GameRuntime> runtime = GameRuntime::create(script, facts, &error);
  if (!runtime) refuse(error);
  std::vector<PlayerFacts> players = {{"p1", "alice", 1, true, false, false, false},
                                      {"p2", "bob", 2, true, false, false, false}};
  const auto expect = [](const CallOutcome& out, const char* what) {
    if (!out.ok) refuse(out.error + " (dry run: " + what + ")");
  };
  runtime->set_clock(-15'000);
  expect(runtime->init(), "init");
  for (std::size_t i = 0; i < players.size(); ++i) {
    runtime->set_players(std::vector<PlayerFacts>(players.begin(), players.begin() + static_cast<long>(i) + 1));
    expect(runtime->on_join(players[i]), "on_join");
  }
  runtime->set_clock(0);
  expect(runtime->on_start(), "on_start");
  for (const PlayerFacts& p : players) expect(runtime->view(&p), "view");
  expect(runtime->view(nullptr), "view of a spectator");
  CallOutcome standings = runtime->standings();
  expect(standings, "standings");
  check_rows(standings.value, players);
}

}  // namespace

LoadResult ModeScript::load(const std::string& file, std::string source, const ModeLimits& limits) {
  LoadResult result;
  const std::filesystem::path path(file);
  const std::string chunk_name = path.filename().string();
  try {
    if (path.extension() != ".lua") refuse("mode files end in .lua");
    std::string error;
    std::unique_ptr<lua::LuaState> state = lua::LuaState::create(limits, &error);
    if (!state) refuse(error);
    state->seal();
    if (std::string message = state->run_chunk(source, chunk_name); !message.empty()) throw Refusal{message};
    lua_State* L = state->L();
    if (lua_type(L, -1) != LUA_TTABLE) {
      refuse(std::string("the file must return the mode table, not ") + luaL_typename(L, -1));
    }
    const ModeTable table = describe(L, -1);
    state.reset();

    ModeInfo info;
    info.file = file;
    info.version = sha256_prefix(source);
    const std::string expected = upper(path.stem().string());
    info.name = field_string(table, "name", true);
    if (info.name != expected) {
      refuse("name '" + info.name + "' does not match the file name (expected '" + expected + "')");
    }
    if (!table.has("api")) refuse("missing field 'api'");
    info.api = static_cast<int>(field_integer(table, "api", 0, -1'000'000, 1'000'000));
    if (info.api != kModeApiVersion) {
      refuse("api " + std::to_string(info.api) + " is not supported (this host implements mode api " +
             std::to_string(kModeApiVersion) + ")");
    }
    info.title = field_string(table, "title", true);
    info.description = field_string(table, "description", true);
    info.min_players = static_cast<std::size_t>(field_integer(table, "min_players", 1, 1, kMaxPlayersLimit));
    info.max_players =
        static_cast<std::size_t>(field_integer(table, "max_players", kMaxPlayersLimit, 1, kMaxPlayersLimit));
    if (info.max_players < info.min_players) refuse("max_players is less than min_players");
    info.duration_s = static_cast<int>(field_integer(table, "duration", 900, 1, 86'400));
    info.countdown_s = static_cast<int>(field_integer(table, "countdown", -1, 0, 3'600));
    info.grace_s = static_cast<int>(field_integer(table, "grace", -1, 0, 3'600));
    if (table.has("requires_starter")) {
      const auto it = table.data.find("requires_starter");
      if (it == table.data.end() || !it->second.is_boolean()) refuse("field 'requires_starter' must be a boolean");
      info.requires_starter = it->second.get<bool>();
    }
    if (table.has("puzzles")) {
      const std::string& type = table.type("puzzles");
      if (type == "number") {
        field_integer(table, "puzzles", 1, 1, kMaxPuzzles);
      } else if (type != "function") {
        refuse("field 'puzzles' must be a number or function(options, player_count), not " + type);
      }
    }
    for (const char* handler : kRequiredHandlers) {
      if (!table.has(handler)) refuse(std::string("missing function '") + handler + "'");
    }
    for (const auto& list : {std::vector<const char*>(std::begin(kRequiredHandlers), std::end(kRequiredHandlers)),
                             std::vector<const char*>(std::begin(kOptionalHandlers), std::end(kOptionalHandlers))}) {
      for (const char* handler : list) {
        if (table.has(handler) && table.type(handler) != "function") {
          refuse(std::string("field '") + handler + "' must be a function, not " + table.type(handler));
        }
      }
    }
    const bool has_tick = table.has("on_tick");
    if (table.has("tick")) {
      const auto it = table.data.find("tick");
      if (it == table.data.end() || !it->second.is_number() || !(it->second.get<double>() >= 0.1) ||
          it->second.get<double>() > 3'600) {
        refuse("field 'tick' must be a number of seconds between 0.1 and 3600");
      }
      info.tick_s = has_tick ? it->second.get<double>() : 0;
    } else {
      info.tick_s = has_tick ? 1 : 0;
    }
    info.has_migrate = table.has("migrate");
    info.options = parse_options(table);

    auto script = std::make_shared<const ModeScript>(std::move(info), std::move(source), chunk_name, limits);
    dry_run(script);
    result.script = std::move(script);
  } catch (const Refusal& refusal) {
    const std::string& message = refusal.message;
    result.error = message.rfind(chunk_name + ":", 0) == 0 ? message : chunk_name + ": " + message;
  } catch (const std::exception& e) {
    result.error = chunk_name + ": " + e.what();
  }
  return result;
}

LoadResult ModeScript::load_file(const std::filesystem::path& path, const ModeLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.error = path.filename().string() + ": cannot read " + path.string();
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load(path.string(), text.str(), limits);
}

int ModeScript::puzzle_count(const nlohmann::json& options, std::size_t players) const {
  std::string error;
  const int count = evaluate_puzzles(*this, options, players, &error);
  return count < 1 ? 1 : count;
}

OptionsResult resolve_options(const ModeInfo& info, const nlohmann::json& options) {
  OptionsResult result;
  if (!options.is_null() && !options.is_object()) {
    result.error = "options must be an object";
    return result;
  }
  if (options.is_object()) {
    for (const auto& [name, value] : options.items()) {
      const bool known =
          std::any_of(info.options.begin(), info.options.end(), [&](const ModeOption& o) { return o.name == name; });
      if (!known) {
        result.error = "unknown option '" + name + "' for mode " + info.name;
        return result;
      }
    }
  }
  for (const ModeOption& option : info.options) {
    nlohmann::json value = option.default_value;
    if (options.is_object() && options.contains(option.name) && !options[option.name].is_null()) {
      value = options[option.name];
    }
    const std::string where = "option '" + option.name + "'";
    if (!fits(option.type, value)) {
      result.error = where + " must be of type " + option.type + ", not " + json_type(value);
      return result;
    }
    if (option.type == "integer") value = static_cast<std::int64_t>(value.get<double>());
    if (value.is_number()) {
      const double number = value.get<double>();
      if ((option.min && number < *option.min) || (option.max && number > *option.max)) {
        std::ostringstream range;
        range << where << " must be between " << (option.min ? number_text(*option.min) : "-inf") << " and "
              << (option.max ? number_text(*option.max) : "inf") << " (it is " << value.dump() << ")";
        result.error = range.str();
        return result;
      }
    }
    if (!option.allowed.empty()) {
      const bool allowed = std::any_of(option.allowed.begin(), option.allowed.end(), [&](const nlohmann::json& a) {
        return a == value || (a.is_number() && value.is_number() && a.get<double>() == value.get<double>());
      });
      if (!allowed) {
        nlohmann::json list = option.allowed;
        result.error = where + " must be one of " + list.dump() + " (it is " + value.dump() + ")";
        return result;
      }
    }
    result.options[option.name] = value;
  }
  return result;
}

nlohmann::json ModeInfo::to_json() const {
  nlohmann::json opts = nlohmann::json::object();
  for (const ModeOption& o : options) {
    nlohmann::json spec = {{"type", o.type}, {"default", o.default_value}, {"doc", o.doc}};
    spec["min"] = o.min ? nlohmann::json(*o.min) : nlohmann::json(nullptr);
    spec["max"] = o.max ? nlohmann::json(*o.max) : nlohmann::json(nullptr);
    spec["enum"] = o.allowed.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.allowed);
    opts[o.name] = std::move(spec);
  }
  return {{"name", name},
          {"version", version},
          {"api", api},
          {"title", title},
          {"description", description},
          {"min_players", min_players},
          {"max_players", max_players},
          {"duration", duration_s},
          {"countdown", countdown_s < 0 ? nlohmann::json(nullptr) : nlohmann::json(countdown_s)},
          {"grace", grace_s < 0 ? nlohmann::json(nullptr) : nlohmann::json(grace_s)},
          {"tick", tick_s},
          {"requires_starter", requires_starter},
          {"has_migrate", has_migrate},
          {"options", std::move(opts)},
          {"file", file}};
}

}  // namespace arena::modes
