#include "Compiler.h"

#include <sodium.h>
#include <algorithm>
#include <set>

namespace judge {

namespace {

using arena::sandbox::File;

// Extra files go beside the source, except where they would replace it or an artifact.
void add_extra_files(Artifacts& files, const std::vector<arena::SourceFile>& extra) {
  for (const auto& file : extra) {
    bool taken = std::any_of(files.begin(), files.end(), [&](const File& f) { return f.name == file.name; });
    if (!taken) files.push_back({file.name, file.content, false});
  }
}

std::uint32_t lowered(std::uint32_t own, std::uint32_t requested) {
  return requested > 0 ? std::min(own, requested) : own;
}

std::string compile_message(const arena::sandbox::RunResult& result) {
  using V = arena::sandbox::Verdict;
  switch (result.verdict) {
    case V::OK:
      return "";
    case V::RE:
      return "the compiler failed (exit status " + std::to_string(result.exit_code) + ")";
    case V::TLE:
      return "compilation exceeded its time limit";
    case V::MLE:
      return "compilation exceeded its memory limit";
    case V::OLE:
      return "compilation exceeded its output limit";
    case V::SG:
      return "the compiler was killed by " + signal_name(result.signal);
    case V::XX:
      return "the sandbox could not run the compiler: " + result.message;
  }
  return result.message;
}

}  // namespace

std::string compile_key(const Language& language, const std::string& code,
                        const std::vector<arena::SourceFile>& extra) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  auto feed = [&state](const std::string& text) {
    // Length-prefixed, so no two different inputs feed the same bytes.
    std::string length = std::to_string(text.size()) + ":";
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(length.data()), length.size());
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  };
  feed(language.id);
  feed(language.version);
  for (const auto& word : language.compile.value_or(std::vector<std::string>{})) feed(word);
  feed(language.source_file);
  feed(code);
  for (const auto& file : extra) {
    feed(file.name);
    feed(file.content);
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

arena::StageResult stage_from(const arena::sandbox::RunResult& result) {
  arena::StageResult stage;
  stage.verdict = verdict_name(result.verdict);
  stage.exit_code = result.exit_code;
  stage.signal = result.signal;
  stage.stdout_data = result.stdout_data;
  stage.stderr_data = result.stderr_data;
  stage.truncated = result.stdout_truncated || result.stderr_truncated;
  stage.cpu_ms = result.cpu_ms;
  stage.wall_ms = result.wall_ms;
  stage.memory_kb = result.memory_kb;
  stage.message = result.message;
  return stage;
}

Prepared Compiler::prepare(const Language& language, const std::string& code,
                           const std::vector<arena::SourceFile>& extra, const arena::RunLimits& limits) {
  if (!language.compile) {
    Prepared prepared;
    prepared.ok = true;
    prepared.files.push_back({language.source_file, code, false});
    add_extra_files(prepared.files, extra);
    return prepared;
  }
  std::string key = compile_key(language, code, extra);
  std::set<std::string> allowed(language.artifacts.begin(), language.artifacts.end());
  auto from_cache = [&]() -> std::optional<Prepared> {
    auto hit = cache_.find(key, allowed);
    if (!hit.artifacts) return std::nullopt;
    Prepared prepared;
    prepared.ok = true;
    prepared.files = *hit.artifacts;
    add_extra_files(prepared.files, extra);
    prepared.stage.emplace();
    prepared.stage->verdict = arena::verdicts::OK;
    prepared.stage->exit_code = 0;
    prepared.stage->message = "cached";
    prepared.tier = hit.tier;
    return prepared;
  };
  if (auto cached = from_cache()) {
    if (observer_) observer_(cached->tier);
    return *cached;
  }
  if (observer_) observer_(CacheTier::None);

  // One compile per program at a time; the others wait for it and share its outcome.
  std::promise<Prepared> promise;
  std::shared_future<Prepared> future;
  bool leader = false;
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = in_flight_.try_emplace(key);
    if (inserted) {
      it->second = promise.get_future().share();
      leader = true;
    }
    future = it->second;
  }
  if (!leader) return future.get();
  Prepared prepared;
  try {
    // A compile that finished between the lookup above and now left its result in the cache.
    auto cached = from_cache();
    prepared = cached ? std::move(*cached) : compile(language, code, extra, limits);
  } catch (...) {
    promise.set_exception(std::current_exception());
    std::lock_guard lock(mutex_);
    in_flight_.erase(key);
    throw;
  }
  if (prepared.ok && prepared.tier == CacheTier::None) {
    Artifacts artifacts;
    for (const auto& file : prepared.files) {
      if (allowed.count(file.name) > 0) artifacts.push_back(file);
    }
    cache_.store(key, std::make_shared<const Artifacts>(std::move(artifacts)));
  }
  promise.set_value(prepared);
  std::lock_guard lock(mutex_);
  in_flight_.erase(key);
  return prepared;
}

Prepared Compiler::compile(const Language& language, const std::string& code,
                           const std::vector<arena::SourceFile>& extra, const arena::RunLimits& limits) {
  arena::sandbox::RunSpec spec;
  spec.argv = *language.compile;
  spec.env = language.env;
  spec.files.push_back({language.source_file, code, false});
  add_extra_files(spec.files, extra);
  spec.collect = language.artifacts;
  spec.mounts = language.mounts;
  spec.limits.cpu_ms = lowered(language.limits.compile_cpu_ms, limits.cpu_ms);
  spec.limits.wall_ms = lowered(language.limits.compile_wall_ms, limits.wall_ms);
  spec.limits.memory_kb = limits.memory_kb > 0 ? std::min(language.limits.compile_memory_kb, limits.memory_kb)
                                               : language.limits.compile_memory_kb;
  if (language.limits.processes > 0) spec.limits.processes = language.limits.processes;
  if (language.limits.open_files > 0) spec.limits.open_files = language.limits.open_files;
  if (limits.output_bytes > 0) spec.limits.output_bytes = limits.output_bytes;

  auto result = runner_.run(spec);
  Prepared prepared;
  prepared.stage = stage_from(result);
  if (result.verdict == arena::sandbox::Verdict::XX) {
    prepared.stage->message = compile_message(result);
    return prepared;
  }
  if (result.verdict != arena::sandbox::Verdict::OK) {
    prepared.stage->verdict = arena::verdicts::CE;
    prepared.stage->message = compile_message(result);
    return prepared;
  }
  for (const auto& name : language.artifacts) {
    auto it = std::find_if(result.collected.begin(), result.collected.end(),
                           [&](const File& file) { return file.name == name; });
    if (it == result.collected.end()) {
      prepared.stage->verdict = arena::verdicts::CE;
      prepared.stage->message = "the compiler left no " + name;
      return prepared;
    }
    prepared.files.push_back(*it);
  }
  add_extra_files(prepared.files, extra);
  prepared.ok = true;
  return prepared;
}

}  // namespace judge
