#include "RouteHelpers.h"
#include "Validation.h"

namespace puzzles {

namespace {

// While the judge works: its progress, in the submission's shape (hidden tests: pass/fail only).
void add_progress(nlohmann::json& body, const std::optional<arena::JudgeResult>& job) {
  if (!job || job->status == "done") return;
  body["status"] = job->status;  // queued or running
  SubmissionRecord partial;
  partial.results = stored_results(*job);
  body["tests"] = submission_json(partial, false)["tests"];
  body["passed"] = job->passed;
}

}  // namespace

void add_submission_routes(arena::Router& router, PuzzleServices& s) {
  router.add(
      "POST", "/api/submission", arena::Role::User,
      [&s](arena::Request& request) {
        auto viewer = Viewer::of(request);
        auto body = request.json();
        FieldErrors errors;
        auto puzzle_id = string_field(body, "puzzle_id", true, 64, errors);
        auto language = string_field(body, "language", true, 40, errors);
        auto code = string_field(body, "code", true, s.settings.max_code_bytes, errors);
        if (puzzle_id && !is_uuid(*puzzle_id)) errors.add("puzzle_id", "must be a UUID");
        errors.throw_if_any("the submission is invalid");
        auto puzzle = visible_puzzle(s, *puzzle_id, viewer);
        if (int wait = s.submit_per_user.take(viewer.user_id)) throw arena::errors::too_many_requests(wait);
        auto id = s.solving.submit(viewer.user_id, puzzle, *language, *code);
        return arena::Response::json({{"submission", submission_json(*s.submissions.find(id), true)}}, 202);
      },
      arena::RouteOptions{.max_body_bytes = 8 * s.settings.max_code_bytes + 65536});

  router.add("GET", "/api/submission/:id", arena::Role::User, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    auto id = uuid_param(request.param("id"), "submission");
    auto submission = s.submissions.find(id);
    // Someone else's submission does not exist for the caller.
    if (!submission || (submission->user_id != viewer.user_id && !viewer.moderator()))
      throw arena::errors::not_found("no such submission");
    auto body = submission_json(*submission, true);
    if (submission->status != "done") add_progress(body, s.solving.progress(submission->job_id));
    return arena::Response::json({{"submission", body}});
  });

  router.add("GET", "/api/submission", arena::Role::User, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    FieldErrors errors;
    std::string puzzle_id = request.query("puzzle_id").value_or("");
    if (!puzzle_id.empty() && !is_uuid(puzzle_id)) errors.add("puzzle_id", "must be a UUID");
    std::string user_id = viewer.user_id;
    if (auto username = request.query("user"); username && !username->empty()) {
      auto found = username->size() <= 24 ? s.puzzles.user_id_of(*username) : std::nullopt;
      if (!found) errors.add("user", "is not a known user");
      else user_id = *found;
    }
    errors.throw_if_any("invalid query parameters");
    if (user_id != viewer.user_id && !viewer.moderator())
      throw arena::errors::forbidden("only moderators may list other users' submissions");
    int page = int_query(request, "page", 1, 1, 1000000);
    int page_size = int_query(request, "page_size", 20, 1, s.settings.max_page_size);
    return arena::Response::json(s.submissions.list(puzzle_id, user_id, page, page_size));
  });
}

}  // namespace puzzles
