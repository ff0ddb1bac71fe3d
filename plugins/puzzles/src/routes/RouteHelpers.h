#pragma once

#include "PuzzleServices.h"

#include <arena/Request.h>

#include <string>
#include <vector>

namespace puzzles {

/// An integer query parameter within [min, max], `fallback` when absent; 422 naming it otherwise.
int int_query(const arena::Request& request, const std::string& name, int fallback, int min, int max);

/// A list parameter given repeated (?tag=a&tag=b) or comma-separated (?tags=a,b), under either name.
std::vector<std::string> list_query(const arena::Request& request, const std::string& singular,
                                    const std::string& plural);

/// The puzzle of the path's :id when `viewer` may see it; 404 otherwise (also for a bad UUID).
Puzzle visible_puzzle(PuzzleServices& services, const std::string& id, const Viewer& viewer);

/// Writes that can change a catalogue page drop the cached pages.
inline void catalogue_changed(PuzzleServices& services) { services.cache.clear(); }

/// The largest body of a puzzle: statement, tests, code, JSON-escaped.
std::size_t puzzle_body_limit(const PuzzlesSettings& settings);

}  // namespace puzzles
