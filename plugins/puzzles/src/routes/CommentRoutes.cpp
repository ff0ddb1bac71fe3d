#include "RouteHelpers.h"
#include "Validation.h"

namespace puzzles {

namespace {

std::string comment_body(const arena::Request& request, const PuzzlesSettings& settings) {
  auto body = request.json();
  FieldErrors errors;
  auto text = string_field(body, "body", true, settings.max_comment_bytes, errors);
  if (text && text->find_first_not_of(" \t\r\n") == std::string::npos) errors.add("body", "must not be empty");
  errors.throw_if_any("the comment is invalid");
  return *text;
}

// The comment of the path's :id, on a puzzle the viewer may see; 404 otherwise.
CommentRecord visible_comment(PuzzleServices& s, const arena::Request& request, const Viewer& viewer) {
  auto id = uuid_param(request.param("id"), "comment");
  auto comment = s.comments.find(id);
  if (!comment) throw arena::errors::not_found("no such comment");
  if (!comment->puzzle_id.empty()) visible_puzzle(s, comment->puzzle_id, viewer);
  return *comment;
}

void require_manager(const CommentRecord& comment, const Viewer& viewer) {
  if (comment.author_id != viewer.user_id && !viewer.moderator())
    throw arena::errors::forbidden("only the author or a moderator may change this comment");
  if (comment.deleted) throw arena::errors::conflict("this comment was deleted");
}

int parse_vote(const nlohmann::json& body) {
  if (!body.contains("vote")) throw arena::errors::validation("the vote is invalid", {{"vote", "is required"}});
  const auto& vote = body["vote"];
  if (vote.is_string()) {
    if (vote == "up") return 1;
    if (vote == "down") return -1;
    if (vote == "none") return 0;
  } else if (vote.is_number_integer()) {
    int value = vote.get<int>();
    if (value >= -1 && value <= 1) return value;
  } else if (vote.is_null()) {
    return 0;
  }
  throw arena::errors::validation("the vote is invalid", {{"vote", "must be \"up\", \"down\" or \"none\" (1, -1, 0)"}});
}

}  // namespace

void add_comment_routes(arena::Router& router, PuzzleServices& s) {
  router.add("GET", "/api/puzzle/:id/comment", arena::Role::Public, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    auto puzzle = visible_puzzle(s, request.param("id"), viewer);
    std::string sort = request.query("sort").value_or("score");
    if (sort != "score" && sort != "new" && sort != "old")
      throw arena::errors::validation("invalid query parameters", {{"sort", "must be score, new or old"}});
    return arena::Response::json(s.comments.thread(puzzle.id, sort, viewer.user_id));
  });

  router.add("POST", "/api/puzzle/:id/comment", arena::Role::User, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    auto puzzle = visible_puzzle(s, request.param("id"), viewer);
    auto text = comment_body(request, s.settings);
    return arena::Response::json({{"comment", s.comments.add(viewer.user_id, puzzle.id, "", text)}}, 201);
  });

  router.add("POST", "/api/comment/:id/comment", arena::Role::User, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    auto parent = visible_comment(s, request, viewer);
    if (parent.deleted) throw arena::errors::conflict("cannot reply to a deleted comment");
    auto text = comment_body(request, s.settings);
    return arena::Response::json({{"comment", s.comments.add(viewer.user_id, "", parent.id, text)}}, 201);
  });

  router.add("PUT", "/api/comment/:id", arena::Role::User, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    auto comment = visible_comment(s, request, viewer);
    require_manager(comment, viewer);
    auto text = comment_body(request, s.settings);
    return arena::Response::json({{"comment", s.comments.edit(comment.id, text)}});
  });

  router.add("DELETE", "/api/comment/:id", arena::Role::User, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    auto comment = visible_comment(s, request, viewer);
    require_manager(comment, viewer);
    s.comments.remove(comment.id);
    return arena::Response::no_content();
  });

  router.add("POST", "/api/comment/:id/vote", arena::Role::User, [&s](arena::Request& request) {
    auto viewer = Viewer::of(request);
    auto comment = visible_comment(s, request, viewer);
    if (comment.deleted) throw arena::errors::conflict("cannot vote on a deleted comment");
    int value = parse_vote(request.json());
    return arena::Response::json(s.comments.vote(comment.id, viewer.user_id, value));
  });
}

}  // namespace puzzles
