#include "RouteHelpers.h"

#include "Validation.h"

#include <charconv>

namespace puzzles {

int int_query(const arena::Request& request, const std::string& name, int fallback, int min, int max) {
  auto text = request.query(name);
  if (!text) return fallback;
  int value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < min || value > max)
    throw arena::errors::validation("invalid query parameter",
                                    {{name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max)}});
  return value;
}

std::vector<std::string> list_query(const arena::Request& request, const std::string& singular,
                                    const std::string& plural) {
  std::vector<std::string> values;
  for (const auto& name : {singular, plural}) {
    for (const auto& raw : request.query_all(name)) {
      std::size_t start = 0;
      while (start <= raw.size()) {
        auto comma = raw.find(',', start);
        std::string part = raw.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty()) values.push_back(part);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
  }
  return values;
}

Puzzle visible_puzzle(PuzzleServices& services, const std::string& id, const Viewer& viewer) {
  uuid_param(id, "puzzle");
  auto puzzle = services.puzzles.find(id);
  if (!puzzle || !viewer.sees(*puzzle)) throw arena::errors::not_found("no such puzzle");
  return *puzzle;
}

std::size_t puzzle_body_limit(const PuzzlesSettings& s) {
  // JSON escaping can make text up to 6 times larger (\u0000); 2x is plenty for real tests.
  return 2 * (s.max_statement_bytes + s.max_test_bytes + 52 * s.max_code_bytes) + 65536;
}

}  // namespace puzzles
