#include "Workflow.h"

#include <arena/HttpError.h>

#include <set>

namespace puzzles {

namespace {

bool in(const std::string& state, std::initializer_list<const char*> states) {
  for (const char* s : states) {
    if (state == s) return true;
  }
  return false;
}

arena::HttpError wrong_state(const Puzzle& p, const std::string& to) {
  return arena::errors::conflict("a " + p.visibility + " puzzle cannot become " + to,
                                 {{"visibility", p.visibility}, {"requested", to}});
}

}  // namespace

bool reviewable(const std::string& visibility) { return in(visibility, {"DRAFT", "READY", "REVISE"}); }

void check_transition(const Puzzle& p, const std::string& to, const Viewer& viewer) {
  static const std::set<std::string> states = {"DRAFT", "READY", "REVIEW", "REVISE", "APPROVED", "INACTIVE", "ARCHIVED"};
  if (!states.count(to)) throw arena::errors::validation("unknown visibility", {{"visibility", "is not a state"}});
  bool author = viewer.user_id == p.author_id;
  bool moderator = viewer.moderator();
  if (!author && !moderator) throw arena::errors::forbidden("only the author or a moderator may change this puzzle");
  if (to == p.visibility) return;
  if (to == "REVIEW")
    throw arena::errors::conflict("use POST /api/puzzle/:id/submit-for-review", {{"visibility", p.visibility}});
  if (to == "APPROVED" || to == "REVISE") {
    if (!moderator) throw arena::errors::forbidden("only moderators review puzzles");
    if (author) throw arena::errors::forbidden("an author cannot review their own puzzle");
    if (to == "APPROVED" && !in(p.visibility, {"REVIEW", "INACTIVE"})) throw wrong_state(p, to);
    if (to == "REVISE" && p.visibility != "REVIEW") throw wrong_state(p, to);
    return;
  }
  if (to == "INACTIVE") {
    if (p.visibility != "APPROVED") throw wrong_state(p, to);
    return;
  }
  if (to == "ARCHIVED") return;
  // DRAFT and READY: the author's own steps; moderators may also send anything back to DRAFT.
  if (to == "READY" && !in(p.visibility, {"DRAFT", "REVISE"})) throw wrong_state(p, to);
  if (to == "DRAFT" && !moderator && !in(p.visibility, {"READY", "REVISE", "INACTIVE", "REVIEW"}))
    throw wrong_state(p, to);
}

void check_editable(const Puzzle& p, const Viewer& viewer) {
  if (!viewer.manages(p)) throw arena::errors::forbidden("only the author or a moderator may edit this puzzle");
  if (viewer.moderator()) return;
  if (in(p.visibility, {"REVIEW", "APPROVED", "ARCHIVED"}))
    throw arena::errors::conflict("a " + p.visibility + " puzzle cannot be edited by its author; set it to " +
                                      (p.visibility == "APPROVED" ? "INACTIVE" : "DRAFT") + " first",
                                  {{"visibility", p.visibility}});
}

}  // namespace puzzles
