#include "RouteHelpers.h"
#include "Validation.h"
#include "Workflow.h"

namespace puzzles {

namespace {

ListQuery parse_list_query(const arena::Request& request, const PuzzlesSettings& settings) {
  FieldErrors errors;
  ListQuery q;
  q.difficulties = list_query(request, "difficulty", "difficulties");
  for (const auto& d : q.difficulties) {
    if (!is_difficulty(d)) errors.add("difficulty", "must be BEGINNER, EASY, INTERMEDIATE, ADVANCED, HARD or EXPERT");
  }
  q.tags = list_query(request, "tag", "tags");
  for (const auto& t : q.tags) {
    if (!is_tag(t)) errors.add("tags", "each tag must be 1 to 30 of a-z, 0-9 and -");
  }
  q.solved_in = request.query("language").value_or("");
  if (q.solved_in.size() > 40) errors.add("language", "is not a known language");
  q.search = request.query("q").value_or(request.query("search").value_or(""));
  if (q.search.size() > 100 || !storable_text(q.search)) errors.add("q", "must be at most 100 characters of text");
  q.sort = request.query("sort").value_or("newest");
  if (q.sort != "newest" && q.sort != "oldest" && q.sort != "title" && q.sort != "popular" && q.sort != "solve_rate" &&
      q.sort != "difficulty")
    errors.add("sort", "must be newest, oldest, title, popular, solve_rate or difficulty");
  errors.throw_if_any("invalid query parameters");
  q.page = int_query(request, "page", 1, 1, 1000000);
  q.page_size = int_query(request, "page_size", 20, 1, settings.max_page_size);
  return q;
}

void reject_unknown_visibility_body(const nlohmann::json& body) {
  static const char* fields[] = {"title",    "statement",  "constraints", "difficulty", "tags",
                                 "solution", "validators", "examples",    "starters"};
  bool any = body.contains("visibility");
  for (const char* f : fields) any = any || body.contains(f);
  if (!any) throw arena::errors::validation("nothing to change", {{"body", "give puzzle fields and/or visibility"}});
}

}  // namespace

void add_puzzle_routes(arena::Router& router, PuzzleServices& s) {
  router.add("GET", "/api/puzzle", arena::Role::Public, [&s](arena::Request& request) {
    auto query = parse_list_query(request, s.settings);
    std::string key = query.key();
    auto body = s.cache.get(key);
    if (!body) {
      body = s.puzzles.list(query).dump();
      s.cache.put(key, *body);
    }
    arena::Response response;
    response.body = std::move(*body);
    return response;
  });

  router.add("GET", "/api/puzzle/:id", arena::Role::Public, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    return arena::Response::json({{"puzzle", puzzle_json(visible_puzzle(s, request.param("id"), viewer), viewer)}});
  });

  router.add(
      "POST", "/api/puzzle", arena::Role::User,
      [&s](arena::Request& request) {
        auto viewer = Viewer::of(request);
        auto draft = parse_draft(request.json(), nullptr, s.settings, s.languages.ids());
        auto id = s.puzzles.create(viewer.user_id, draft);
        return arena::Response::json({{"puzzle", puzzle_json(*s.puzzles.find(id), viewer)}}, 201);
      },
      arena::RouteOptions{.max_body_bytes = puzzle_body_limit(s.settings)});

  router.add(
      "PUT", "/api/puzzle/:id", arena::Role::User,
      [&s](arena::Request& request) {
        auto viewer = Viewer::of(request);
        auto puzzle = visible_puzzle(s, request.param("id"), viewer);
        if (!viewer.manages(puzzle))
          throw arena::errors::forbidden("only the author or a moderator may edit this puzzle");
        auto body = request.json();
        reject_unknown_visibility_body(body);
        // Every check before any change, so a refused request changes nothing.
        std::optional<PuzzleDraft> draft;
        if (body.size() > (body.contains("visibility") ? 1u : 0u) + (body.contains("moderation_feedback") ? 1u : 0u)) {
          check_editable(puzzle, viewer);
          draft = parse_draft(body, &puzzle.draft, s.settings, s.languages.ids());
        }
        std::optional<std::string> visibility, feedback;
        if (body.contains("visibility")) {
          FieldErrors errors;
          visibility = string_field(body, "visibility", true, 20, errors);
          feedback = string_field(body, "moderation_feedback", false, 10000, errors);
          errors.throw_if_any("the puzzle is invalid");
          check_transition(puzzle, *visibility, viewer);
          if (*visibility == "REVISE" && feedback.value_or("").empty())
            throw arena::errors::validation("say what to change",
                                            {{"moderation_feedback", "is required when asking for a revision"}});
        }
        if (draft) s.puzzles.save(puzzle.id, *draft);
        if (visibility && *visibility != puzzle.visibility)
          s.puzzles.set_visibility(puzzle.id, *visibility, feedback, viewer.user_id);
        catalogue_changed(s);
        return arena::Response::json({{"puzzle", puzzle_json(*s.puzzles.find(puzzle.id), viewer)}});
      },
      arena::RouteOptions{.max_body_bytes = puzzle_body_limit(s.settings)});

  router.add("DELETE", "/api/puzzle/:id", arena::Role::User, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    auto puzzle = visible_puzzle(s, request.param("id"), viewer);
    if (!viewer.manages(puzzle))
      throw arena::errors::forbidden("only the author or a moderator may delete this puzzle");
    // Submissions keep their puzzle: one that has any is archived instead of deleted.
    if (!s.puzzles.remove_if_unused(puzzle.id)) s.puzzles.set_visibility(puzzle.id, "ARCHIVED", std::nullopt);
    catalogue_changed(s);
    return arena::Response::no_content();
  });

  router.add("POST", "/api/puzzle/:id/submit-for-review", arena::Role::User, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    auto puzzle = visible_puzzle(s, request.param("id"), viewer);
    if (!viewer.manages(puzzle)) throw arena::errors::forbidden("only the author may submit this puzzle for review");
    if (!reviewable(puzzle.visibility))
      throw arena::errors::conflict("a " + puzzle.visibility + " puzzle cannot be submitted for review",
                                    {{"visibility", puzzle.visibility}});
    if (puzzle.draft.validators.empty())
      throw arena::errors::validation("the puzzle has no test cases", {{"validators", "at least one is required"}});
    auto result = s.solving.judge_reference(puzzle);
    if (result.verdict != arena::verdicts::OK) {
      nlohmann::json failed = nlohmann::json::array();
      for (const auto& t : result.tests) {
        if (t.verdict != arena::verdicts::OK) failed.push_back({{"index", t.index}, {"verdict", t.verdict}});
      }
      throw arena::errors::validation(
          "the reference solution does not pass every test case",
          {{"solution", "fails " + std::to_string(result.total - result.passed) + " of " +
                            std::to_string(result.total) + " test cases (verdict " + result.verdict + ")"},
           {"verdict", result.verdict},
           {"failed_tests", failed},
           {"compile_output", result.compile_output}});
    }
    s.puzzles.set_visibility(puzzle.id, "REVIEW", std::nullopt);
    return arena::Response::json(
        {{"puzzle", puzzle_json(*s.puzzles.find(puzzle.id), viewer)},
         {"check", {{"verdict", result.verdict}, {"passed", result.passed}, {"total", result.total}}}});
  });

  router.add(
      "POST", "/api/puzzle/:id/run", arena::Role::User,
      [&s](arena::Request& request) {
        auto viewer = Viewer::of(request);
        auto puzzle = visible_puzzle(s, request.param("id"), viewer);
        auto body = request.json();
        FieldErrors errors;
        auto language = string_field(body, "language", true, 40, errors);
        auto code = string_field(body, "code", true, s.settings.max_code_bytes, errors);
        errors.throw_if_any("the run request is invalid");
        return arena::Response::json(s.solving.run_examples(puzzle, *language, *code));
      },
      arena::RouteOptions{.max_body_bytes = 8 * s.settings.max_code_bytes + 65536});

  // The moderators' review queue, longest waiting first; approve or send back with PUT /api/puzzle/:id.
  router.add("GET", "/api/moderation/review", arena::Role::Moderator, [&s](arena::Request& request) {
    int page = int_query(request, "page", 1, 1, 1000000);
    int page_size = int_query(request, "page_size", 20, 1, s.settings.max_page_size);
    return arena::Response::json(s.puzzles.in_review(page, page_size));
  });

  router.add("GET", "/api/user/:username/puzzle", arena::Role::Public, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    const auto& username = request.param("username");
    if (username.size() > 24) throw arena::errors::not_found("no such user");
    auto user_id = s.puzzles.user_id_of(username);
    if (!user_id) throw arena::errors::not_found("no such user");
    int page = int_query(request, "page", 1, 1, 1000000);
    int page_size = int_query(request, "page_size", 20, 1, s.settings.max_page_size);
    bool all_states = viewer.user_id == *user_id || viewer.moderator();
    auto body = s.puzzles.by_author(*user_id, all_states, page, page_size);
    body["stats"] = s.puzzles.user_stats(*user_id);
    return arena::Response::json(body);
  });
}

}  // namespace puzzles
