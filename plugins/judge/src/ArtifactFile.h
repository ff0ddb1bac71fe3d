#pragma once

#include <arena/sandbox/Sandbox.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace judge {

/// What a compile leaves for the runs: the files of a language's "artifacts".
using Artifacts = std::vector<arena::sandbox::File>;

/// Bytes an artifact set takes (names and contents).
std::size_t artifacts_size(const Artifacts& artifacts);

/// Writes `artifacts` to `path` atomically: a private temporary file beside it, flushed to
/// disk, then renamed over `path`. Throws std::system_error on failure (and leaves no
/// temporary file behind).
void write_artifacts(const std::filesystem::path& path, const Artifacts& artifacts);

/// Reads what write_artifacts() wrote. Only a regular file is read (a symlink or anything else
/// at `path` is refused), at most `max_bytes` long, holding only names from `allowed`, each
/// once. nullopt for a missing, refused or malformed file.
std::optional<Artifacts> read_artifacts(const std::filesystem::path& path, const std::set<std::string>& allowed,
                                        std::size_t max_bytes);

}  // namespace judge
