#include "RoomOptions.h"

#include <arena/HttpError.h>

#include <algorithm>
#include <regex>

namespace rooms {

nlohmann::json RoomOptions::to_json() const {
  nlohmann::json puzzle;
  if (!puzzle_id.empty())
    puzzle = {{"id", puzzle_id}};
  else
    puzzle = {{"random", true}, {"difficulty", difficulty.empty() ? nlohmann::json() : nlohmann::json(difficulty)}};
  return {{"mode", mode},
          {"puzzle", puzzle},
          {"visibility", is_private ? "private" : "public"},
          {"max_players", max_players},
          {"duration_seconds", duration_seconds},
          {"allowed_languages", allowed_languages},
          {"rated", rated},
          {"mode_options", mode_options}};
}

namespace {

const std::regex& puzzle_id_pattern() {
  static const std::regex pattern("^[A-Za-z0-9_-]{1,64}$");
  return pattern;
}

std::string resolve_language(const std::string& name, const std::vector<arena::LanguageInfo>& languages) {
  for (const auto& language : languages) {
    if (!language.available) continue;
    if (language.id == name) return language.id;
    if (std::find(language.aliases.begin(), language.aliases.end(), name) != language.aliases.end()) return language.id;
  }
  return "";
}

}  // namespace

RoomOptions parse_room_options(const nlohmann::json& body, const OptionRules& rules) {
  RoomOptions options;
  nlohmann::json errors = nlohmann::json::object();
  if (!body.is_object()) throw arena::errors::bad_request("the body must be a JSON object");

  const ModeInfo* mode = nullptr;
  if (!body.contains("mode") || !body["mode"].is_string()) {
    errors["mode"] = "required: one of the game modes";
  } else {
    options.mode = body["mode"].get<std::string>();
    std::transform(options.mode.begin(), options.mode.end(), options.mode.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    mode = rules.modes ? rules.modes->find(options.mode) : nullptr;
    if (mode == nullptr) errors["mode"] = "unknown mode; one of the names of the lobby's modes list";
  }

  bool has_puzzle = body.contains("puzzle_id") && !body["puzzle_id"].is_null();
  bool has_difficulty = body.contains("difficulty") && !body["difficulty"].is_null();
  if (has_puzzle && has_difficulty) {
    errors["puzzle_id"] = "give a puzzle_id or a difficulty, not both";
  } else if (has_puzzle) {
    if (!body["puzzle_id"].is_string() ||
        !std::regex_match(body["puzzle_id"].get<std::string>(), puzzle_id_pattern())) {
      errors["puzzle_id"] = "must be a puzzle id";
    } else {
      options.puzzle_id = body["puzzle_id"].get<std::string>();
      if (rules.puzzle_exists && !rules.puzzle_exists(options.puzzle_id)) errors["puzzle_id"] = "no such puzzle";
    }
  } else if (has_difficulty) {
    const auto& known = puzzle_difficulties();
    std::string value = body["difficulty"].is_string() ? body["difficulty"].get<std::string>() : "";
    std::transform(value.begin(), value.end(), value.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (std::find(known.begin(), known.end(), value) == known.end())
      errors["difficulty"] = "one of BEGINNER, EASY, INTERMEDIATE, ADVANCED, HARD, EXPERT";
    else
      options.difficulty = value;
  }

  if (body.contains("visibility")) {
    const auto& v = body["visibility"];
    if (v == "private")
      options.is_private = true;
    else if (v != "public")
      errors["visibility"] = "public or private";
  }

  std::size_t mode_max = mode ? mode->max_players : 50;
  options.max_players = std::min<std::size_t>(8, mode_max);
  if (body.contains("max_players")) {
    const auto& v = body["max_players"];
    if (!v.is_number_integer() || v.get<long long>() < 2 || v.get<long long>() > static_cast<long long>(mode_max))
      errors["max_players"] = "an integer from 2 to " + std::to_string(mode_max);
    else
      options.max_players = v.get<std::size_t>();
  }

  options.duration_seconds = mode ? mode->default_duration_s : 900;
  if (body.contains("duration_seconds")) {
    const auto& v = body["duration_seconds"];
    if (!v.is_number_integer() || v.get<long long>() < 30 || v.get<long long>() > 7200)
      errors["duration_seconds"] = "an integer from 30 to 7200";
    else
      options.duration_seconds = v.get<int>();
  }

  if (body.contains("allowed_languages") && !body["allowed_languages"].is_null()) {
    const auto& v = body["allowed_languages"];
    bool ok = v.is_array() && v.size() <= 100;
    std::vector<std::string> unknown;
    for (const auto& item : ok ? v : nlohmann::json::array()) {
      if (!item.is_string() || item.get<std::string>().empty() || item.get<std::string>().size() > 64) {
        ok = false;
        break;
      }
      std::string id = item.get<std::string>();
      if (rules.languages) {
        id = resolve_language(id, *rules.languages);
        if (id.empty()) {
          unknown.push_back(item.get<std::string>());
          continue;
        }
      }
      if (std::find(options.allowed_languages.begin(), options.allowed_languages.end(), id) ==
          options.allowed_languages.end())
        options.allowed_languages.push_back(id);
    }
    if (!ok) {
      errors["allowed_languages"] = "an array of language ids";
    } else if (!unknown.empty()) {
      std::string list;
      for (const auto& name : unknown) list += (list.empty() ? "" : ", ") + name;
      errors["allowed_languages"] = "not available languages: " + list;
    }
  }

  if (body.contains("rated")) {
    if (!body["rated"].is_boolean())
      errors["rated"] = "true or false";
    else
      options.rated = body["rated"].get<bool>();
  }

  if (body.contains("mode_options") && !body["mode_options"].is_null()) {
    const auto& v = body["mode_options"];
    bool flat = v.is_object() && v.size() <= 16 && std::all_of(v.begin(), v.end(), [](const nlohmann::json& value) {
                  return value.is_primitive() && !value.is_null() && (!value.is_string() || value.get_ref<const std::string&>().size() <= 200);
                });
    if (!flat)
      errors["mode_options"] = "an object of at most 16 options with numbers, booleans or short strings";
    else
      options.mode_options = v;
  }

  if (!errors.empty()) throw arena::errors::validation("invalid room options", errors);
  return options;
}

}  // namespace rooms
