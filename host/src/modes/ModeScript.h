#pragma once

#include "modes/ModeTypes.h"

#include <filesystem>
#include <memory>
#include <string>

namespace arena::modes {

class ModeScript;

/// A compiled mode or why it was refused.
struct LoadResult {
  std::shared_ptr<const ModeScript> script;
  std::string error;  ///< "fastest.lua:12: ..." or "fastest.lua: missing field 'standings'"
  explicit operator bool() const { return script != nullptr; }
};

/// One version of a mode: its source, compiled and validated once, immutable afterwards and
/// shared by every game that runs it (each game loads it into its own Lua state).
class ModeScript {
 public:
  /// Compiles `source` as text (never bytecode) and validates it: the chunk returns a table
  /// whose name matches the file stem upper-cased, api == kModeApiVersion, fields of the
  /// right types, the required handlers (init, view, standings, on_result) are functions and
  /// optional ones functions when present, options well-formed; then a dry run of init, on_join,
  /// on_start, view and standings on a synthetic two-player game with a synthetic puzzle, under
  /// `limits`. `file` names the source in messages and ModeInfo::file.
  static LoadResult load(const std::string& file, std::string source, const ModeLimits& limits);
  /// Reads and loads a file.
  static LoadResult load_file(const std::filesystem::path& path, const ModeLimits& limits);

  const ModeInfo& info() const { return info_; }
  const std::string& name() const { return info_.name; }
  const std::string& version() const { return info_.version; }
  const std::string& source() const { return source_; }
  const ModeLimits& limits() const { return limits_; }
  /// The file name used in error messages ("fastest.lua").
  const std::string& chunk_name() const { return chunk_name_; }
  /// How many puzzles a game with these (resolved) options and players gets: the mode's
  /// `puzzles` number, or its function evaluated in a throwaway sandboxed state; 1 when absent
  /// or when the function fails; clamped to 1..10.
  int puzzle_count(const nlohmann::json& options, std::size_t players) const;

  ModeScript(ModeInfo info, std::string source, std::string chunk_name, ModeLimits limits)
      : info_(std::move(info)), source_(std::move(source)), chunk_name_(std::move(chunk_name)), limits_(limits) {}

 private:
  ModeInfo info_;
  std::string source_;
  std::string chunk_name_;
  ModeLimits limits_;
};

/// `options` (from a room) checked against the mode's declared options, defaults filled in;
/// unknown keys and bad values are errors naming the option. Empty error on success.
struct OptionsResult {
  nlohmann::json options = nlohmann::json::object();
  std::string error;
};
OptionsResult resolve_options(const ModeInfo& info, const nlohmann::json& options);

}  // namespace arena::modes
