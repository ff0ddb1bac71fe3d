#pragma once

#include "Puzzle.h"

#include <string>

namespace puzzles {

/// The visibility workflow. An author writes in DRAFT, marks it READY, and asks for review
/// (REVIEW, only through submit-for-review once the reference solution passes); a moderator
/// other than the author approves (APPROVED) or asks for changes (REVISE, with feedback).
/// Approved puzzles can be taken out of the catalogue (INACTIVE) and back, or archived.
///
/// Throws HttpError 403 when `viewer` may not make this change, 409 when the puzzle's state
/// does not allow it, 422 for an unknown state. REVIEW is refused here (submit-for-review).
void check_transition(const Puzzle& puzzle, const std::string& to, const Viewer& viewer);

/// Whether the content of the puzzle may be edited by `viewer` in its state (authors: not while
/// in REVIEW or APPROVED or ARCHIVED; moderators: always). Throws 409 otherwise.
void check_editable(const Puzzle& puzzle, const Viewer& viewer);

/// States from which an author may submit for review.
bool reviewable(const std::string& visibility);

}  // namespace puzzles
