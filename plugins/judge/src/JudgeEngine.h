#pragma once

#include "CompileCache.h"
#include "Compiler.h"
#include "Judge.h"
#include "ProgramRunner.h"

#include <filesystem>
#include <memory>

namespace judge {

/// What judging needs, assembled: a runner (the sandbox), the compile cache, the compiler and
/// the judge. Built when the plugin starts serving or working, never for `arena migrate`.
struct JudgeEngine {
  JudgeEngine(const JudgeSettings& settings, const LanguageCatalog& languages,
              std::unique_ptr<ProgramRunner> program_runner, const std::filesystem::path& cache_directory,
              Compiler::Observer observer = {})
      : runner(std::move(program_runner)),
        cache(settings.cache_memory_bytes, cache_directory, settings.cache_disk_bytes),
        compiler(*runner, cache, std::move(observer)),
        judge(settings, languages, *runner, compiler) {}

  std::unique_ptr<ProgramRunner> runner;
  CompileCache cache;
  Compiler compiler;
  Judge judge;
};

}  // namespace judge
