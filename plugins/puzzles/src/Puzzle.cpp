#include "Puzzle.h"

#include "PuzzlesSettings.h"
#include "Validation.h"

#include <algorithm>

namespace puzzles {

Viewer Viewer::of(const arena::Request& request) {
  Viewer viewer;
  if (request.principal) {
    viewer.user_id = request.principal->user_id;
    viewer.role = request.principal->role;
  }
  return viewer;
}

nlohmann::json puzzle_summary_json(const Puzzle& p) {
  double rate = p.attempts > 0 ? static_cast<double>(p.successes) / static_cast<double>(p.attempts) : 0.0;
  return {{"id", p.id},
          {"title", p.draft.title},
          {"difficulty", p.draft.difficulty},
          {"tags", p.draft.tags},
          {"visibility", p.visibility},
          {"author", {{"id", p.author_id}, {"username", p.author_username}}},
          {"metrics",
           {{"attempts", p.attempts},
            {"successes", p.successes},
            {"solve_rate", rate},
            {"average_time_ms", p.average_time_ms}}},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

nlohmann::json puzzle_json(const Puzzle& p, const Viewer& viewer) {
  bool manager = viewer.manages(p);
  auto body = puzzle_summary_json(p);
  body["statement"] = p.draft.statement;
  body["constraints"] = p.draft.constraints;
  body["markdown_fields"] = kPuzzleMarkdownFields;
  auto examples = nlohmann::json::array();
  for (const auto& e : p.draft.examples)
    examples.push_back({{"input", e.input}, {"output", e.output}, {"explanation", e.explanation}});
  body["examples"] = examples;
  auto validators = nlohmann::json::array();
  std::size_t hidden = 0;
  for (std::size_t i = 0; i < p.draft.validators.size(); ++i) {
    const auto& v = p.draft.validators[i];
    if (v.hidden) ++hidden;
    if (v.hidden && !manager) continue;
    validators.push_back({{"index", i}, {"input", v.input}, {"output", v.output}, {"public", !v.hidden}});
  }
  body["validators"] = validators;
  body["validator_count"] = p.draft.validators.size();
  body["hidden_validator_count"] = hidden;
  auto starters = nlohmann::json::object();
  for (const auto& s : p.draft.starters) starters[s.language] = s.code;
  body["starters"] = starters;
  if (manager) {
    body["solution"] = {{"language", p.draft.solution_language}, {"code", p.draft.solution_code}};
    body["moderation_feedback"] = p.moderation_feedback;
  }
  return body;
}

namespace {

bool known_language(const std::vector<std::string>& languages, const std::string& name) {
  return std::find(languages.begin(), languages.end(), name) != languages.end();
}

// {"language", "code"} with a known language.
void parse_program(const nlohmann::json& value, const std::string& field, const PuzzlesSettings& settings,
                   const std::vector<std::string>& languages, std::string& language, std::string& code,
                   FieldErrors& errors) {
  if (!value.is_object()) {
    errors.add(field, "must be an object {language, code}");
    return;
  }
  FieldErrors inner;
  auto l = string_field(value, "language", true, 40, inner);
  auto c = string_field(value, "code", true, settings.max_code_bytes, inner);
  if (l && !known_language(languages, *l)) inner.add("language", "is not a known language");
  if (!inner.empty()) {
    try {
      inner.throw_if_any();
    } catch (const arena::HttpError& e) {
      for (const auto& [key, problem] : e.details().items()) errors.add(field + "." + key, problem);
    }
    return;
  }
  language = *l;
  code = *c;
}

}  // namespace

PuzzleDraft parse_draft(const nlohmann::json& body, const PuzzleDraft* base, const PuzzlesSettings& settings,
                        const std::vector<std::string>& languages) {
  FieldErrors errors;
  PuzzleDraft d = base ? *base : PuzzleDraft{};
  bool create = base == nullptr;
  auto has = [&](const char* field) { return body.contains(field) && !body[field].is_null(); };

  if (create || has("title")) {
    if (auto title = string_field(body, "title", true, 120, errors)) {
      auto first = title->find_first_not_of(" \t\n");
      auto last = title->find_last_not_of(" \t\n");
      std::string trimmed = first == std::string::npos ? "" : title->substr(first, last - first + 1);
      if (trimmed.size() < 3)
        errors.add("title", "must be 3 to 120 characters");
      else
        d.title = trimmed;
    }
  }
  if (create || has("statement")) {
    if (auto statement = string_field(body, "statement", true, settings.max_statement_bytes, errors)) {
      if (statement->find_first_not_of(" \t\r\n") == std::string::npos)
        errors.add("statement", "must not be empty");
      else
        d.statement = *statement;
    }
  }
  if (has("constraints")) {
    if (auto constraints = string_field(body, "constraints", false, 10000, errors)) d.constraints = *constraints;
  }
  if (create || has("difficulty")) {
    if (auto difficulty = string_field(body, "difficulty", true, 20, errors)) {
      if (!is_difficulty(*difficulty))
        errors.add("difficulty", "must be BEGINNER, EASY, INTERMEDIATE, ADVANCED, HARD or EXPERT");
      else
        d.difficulty = *difficulty;
    }
  }
  if (has("tags")) {
    const auto& tags = body["tags"];
    if (!tags.is_array() || tags.size() > 10) {
      errors.add("tags", "must be a list of at most 10 tags");
    } else {
      std::vector<std::string> parsed;
      for (const auto& tag : tags) {
        if (!tag.is_string() || !is_tag(tag.get<std::string>())) {
          errors.add("tags", "each tag must be 1 to 30 of a-z, 0-9 and -");
          break;
        }
        if (std::find(parsed.begin(), parsed.end(), tag.get<std::string>()) == parsed.end()) parsed.push_back(tag);
      }
      d.tags = parsed;
    }
  }
  if (create || has("solution")) {
    if (!has("solution"))
      errors.add("solution", "is required");
    else
      parse_program(body["solution"], "solution", settings, languages, d.solution_language, d.solution_code, errors);
  }

  std::size_t test_bytes = 0;
  auto text = [&](const nlohmann::json& item, const char* key, const std::string& where, bool required) -> std::string {
    if (!item.contains(key) || item[key].is_null()) {
      if (required) errors.add(where + "." + key, "is required");
      return {};
    }
    if (!item[key].is_string() || !storable_text(item[key].get<std::string>())) {
      errors.add(where + "." + key, "must be UTF-8 text without NUL characters");
      return {};
    }
    test_bytes += item[key].get<std::string>().size();
    return item[key];
  };
  if (create || has("validators")) {
    if (!has("validators") || !body["validators"].is_array()) {
      errors.add("validators", has("validators") ? "must be a list" : "is required");
    } else if (body["validators"].size() > settings.max_validators) {
      errors.add("validators", "must have at most " + std::to_string(settings.max_validators) + " test cases");
    } else {
      d.validators.clear();
      for (std::size_t i = 0; i < body["validators"].size(); ++i) {
        const auto& v = body["validators"][i];
        std::string where = "validators[" + std::to_string(i) + "]";
        if (!v.is_object()) {
          errors.add(where, "must be an object {input, output, public}");
          continue;
        }
        arena::PuzzleTestCase test;
        test.input = text(v, "input", where, true);
        test.output = text(v, "output", where, true);
        if (v.contains("public") && !v["public"].is_boolean()) errors.add(where + ".public", "must be true or false");
        test.hidden = !(v.contains("public") && v["public"].is_boolean() && v["public"].get<bool>());
        d.validators.push_back(test);
      }
    }
  }
  if (has("examples")) {
    if (!body["examples"].is_array() || body["examples"].size() > 20) {
      errors.add("examples", "must be a list of at most 20 examples");
    } else {
      d.examples.clear();
      for (std::size_t i = 0; i < body["examples"].size(); ++i) {
        const auto& e = body["examples"][i];
        std::string where = "examples[" + std::to_string(i) + "]";
        if (!e.is_object()) {
          errors.add(where, "must be an object {input, output, explanation}");
          continue;
        }
        d.examples.push_back({text(e, "input", where, true), text(e, "output", where, true),
                              text(e, "explanation", where, false)});
      }
    }
  }
  if (has("starters")) {
    // {"python": "code", ...}
    const auto& starters = body["starters"];
    if (!starters.is_object() || starters.size() > 50) {
      errors.add("starters", "must be an object mapping languages to code");
    } else {
      d.starters.clear();
      for (const auto& [language, code] : starters.items()) {
        if (!known_language(languages, language))
          errors.add("starters." + language, "is not a known language");
        else if (!code.is_string() || code.get<std::string>().size() > settings.max_code_bytes ||
                 !storable_text(code.get<std::string>()))
          errors.add("starters." + language, "must be code of at most " + std::to_string(settings.max_code_bytes) + " bytes");
        else
          d.starters.push_back({language, code.get<std::string>()});
      }
    }
  }
  if (test_bytes > settings.max_test_bytes)
    errors.add("validators", "validators and examples must total at most " + std::to_string(settings.max_test_bytes) + " bytes");
  errors.throw_if_any("the puzzle is invalid");
  return d;
}

}  // namespace puzzles
