#pragma once

#include <arena/JudgeService.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace judge {

/// Limits a language needs beyond the judge's defaults.
struct LanguageLimits {
  std::uint64_t compile_memory_kb = 512 * 1024;
  std::uint32_t compile_cpu_ms = 10000;
  std::uint32_t compile_wall_ms = 20000;
  std::uint64_t run_memory_kb = 0;  ///< 0: the judge's default
  std::uint32_t processes = 0;      ///< 0: the sandbox's default
  std::uint32_t open_files = 0;     ///< 0: the sandbox's default
};

/// One entry of the languages file.
struct Language {
  std::string id;
  std::string name;
  std::string version;
  std::vector<std::string> aliases;
  std::string runtime;
  std::string source_file;
  std::optional<std::vector<std::string>> compile;  ///< nullopt: interpreted
  std::vector<std::string> artifacts;               ///< files the compile leaves for the run
  std::vector<std::string> run;
  std::vector<std::string> mounts;
  std::vector<std::string> env;
  std::vector<std::string> requires_files;  ///< more programs the toolchain needs ("requires")
  LanguageLimits limits;
  bool available = false;
  std::string reason;  ///< why it is unavailable

  arena::LanguageInfo info() const;
};

/// The languages of config/languages.json (or judge.languages_file), each checked for a
/// toolchain on this machine: a language is available when the first word of its compile
/// command (or of its run command when it has no compile step) exists as an executable, and
/// so do the paths of its "requires" and, for a compiled language run by a program outside
/// /box (java, mono...), that program.
/// Immutable once loaded; lookups are thread-safe.
class LanguageCatalog {
 public:
  LanguageCatalog() = default;
  /// Reads and validates a languages file. Throws std::runtime_error naming the file and the
  /// entry for a malformed one; a missing toolchain is not an error.
  static LanguageCatalog load(const std::filesystem::path& file);
  /// Parses the file's JSON text (exposed for tests).
  static LanguageCatalog parse(const std::string& text, const std::string& origin);

  /// By id or alias, case-insensitively; nullptr when unknown.
  const Language* find(const std::string& name) const;
  const std::vector<Language>& all() const { return languages_; }
  std::size_t available_count() const;
  const std::string& origin() const { return origin_; }

 private:
  std::vector<Language> languages_;
  std::string origin_;
};

/// Why a plain file name is unacceptable inside /box (empty, '/', "." or ".."), or "".
std::string file_name_problem(const std::string& name);

}  // namespace judge
