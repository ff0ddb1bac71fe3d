#include "Languages.h"

#include <unistd.h>
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace judge {

namespace {

using nlohmann::json;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::vector<std::string> strings(const json& entry, const char* key, const std::string& where, bool required = false) {
  if (!entry.contains(key) || entry[key].is_null()) {
    if (required) throw std::runtime_error(where + ": \"" + key + "\" is required");
    return {};
  }
  const auto& value = entry[key];
  if (!value.is_array() || std::any_of(value.begin(), value.end(), [](const json& v) { return !v.is_string(); }))
    throw std::runtime_error(where + ": \"" + key + "\" must be a list of strings");
  return value.get<std::vector<std::string>>();
}

std::string text(const json& entry, const char* key, const std::string& where, bool required = true) {
  if (!entry.contains(key) || entry[key].is_null()) {
    if (required) throw std::runtime_error(where + ": \"" + key + "\" is required");
    return "";
  }
  if (!entry[key].is_string()) throw std::runtime_error(where + ": \"" + key + "\" must be a string");
  return entry[key];
}

template <class T>
void number(const json& limits, const char* key, T& out, std::uint64_t scale, const std::string& where) {
  if (!limits.contains(key) || limits[key].is_null()) return;
  if (!limits[key].is_number_unsigned() && !(limits[key].is_number_integer() && limits[key].get<long long>() >= 0))
    throw std::runtime_error(where + ": limits." + key + " must be a non-negative integer");
  out = static_cast<T>(limits[key].get<std::uint64_t>() * scale);
}

// Whether the program that starts the toolchain exists here.
void check_availability(Language& language) {
  const auto& argv = language.compile ? *language.compile : language.run;
  const std::string& program = argv.front();
  if (program.empty() || program.front() != '/') {
    language.reason = "command " + program + " is not an absolute path";
  } else if (::access(program.c_str(), X_OK) != 0) {
    language.reason = program + " is not installed";
  } else {
    language.available = true;
  }
  // A compiled language may still need a runtime outside the box (java, mono...).
  std::vector<std::string> needed = language.requires_files;
  const std::string& runner = language.run.front();
  if (language.compile && runner.rfind("/box/", 0) != 0) needed.push_back(runner);
  for (const auto& path : needed) {
    if (!language.available) break;
    if (::access(path.c_str(), F_OK) != 0) {
      language.available = false;
      language.reason = path + " is not installed";
    }
  }
}

Language parse_entry(const json& entry, std::size_t index) {
  std::string where = "languages[" + std::to_string(index) + "]";
  if (!entry.is_object()) throw std::runtime_error(where + " must be an object");
  Language language;
  language.id = text(entry, "id", where);
  where += " (" + language.id + ")";
  if (language.id.empty()) throw std::runtime_error(where + ": \"id\" must not be empty");
  language.name = text(entry, "name", where, false);
  if (language.name.empty()) language.name = language.id;
  language.version = text(entry, "version", where, false);
  language.runtime = text(entry, "runtime", where, false);
  language.aliases = strings(entry, "aliases", where);
  language.source_file = text(entry, "source_file", where);
  if (auto problem = file_name_problem(language.source_file); !problem.empty())
    throw std::runtime_error(where + ": source_file " + problem);
  if (entry.contains("compile") && !entry["compile"].is_null()) {
    language.compile = strings(entry, "compile", where);
    if (language.compile->empty()) throw std::runtime_error(where + ": \"compile\" must be null or a command");
  }
  language.artifacts = strings(entry, "artifacts", where);
  for (const auto& artifact : language.artifacts) {
    if (auto problem = file_name_problem(artifact); !problem.empty())
      throw std::runtime_error(where + ": artifact " + problem);
  }
  if (language.compile && language.artifacts.empty())
    throw std::runtime_error(where + ": a compiled language needs \"artifacts\"");
  language.run = strings(entry, "run", where, true);
  if (language.run.empty()) throw std::runtime_error(where + ": \"run\" must be a command");
  language.mounts = strings(entry, "mounts", where);
  language.env = strings(entry, "env", where);
  language.requires_files = strings(entry, "requires", where);
  if (entry.contains("limits") && !entry["limits"].is_null()) {
    const auto& limits = entry["limits"];
    if (!limits.is_object()) throw std::runtime_error(where + ": \"limits\" must be an object");
    number(limits, "compile_memory_mb", language.limits.compile_memory_kb, 1024, where);
    number(limits, "compile_cpu_ms", language.limits.compile_cpu_ms, 1, where);
    number(limits, "compile_wall_ms", language.limits.compile_wall_ms, 1, where);
    number(limits, "run_memory_mb", language.limits.run_memory_kb, 1024, where);
    number(limits, "processes", language.limits.processes, 1, where);
    number(limits, "open_files", language.limits.open_files, 1, where);
  }
  check_availability(language);
  return language;
}

}  // namespace

arena::LanguageInfo Language::info() const {
  return {id, name, version, aliases, available, reason, runtime};
}

std::string file_name_problem(const std::string& name) {
  if (name.empty()) return "must not be empty";
  if (name == "." || name == "..") return "must not be . or ..";
  if (name.find('/') != std::string::npos || name.find('\0') != std::string::npos) return "must be a plain file name";
  if (name.size() > 255) return "must be at most 255 characters";
  return "";
}

LanguageCatalog LanguageCatalog::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the languages file " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), file.string());
}

LanguageCatalog LanguageCatalog::parse(const std::string& text, const std::string& origin) {
  auto document = json::parse(text, nullptr, false);
  if (document.is_discarded()) throw std::runtime_error(origin + ": not valid JSON");
  if (!document.is_object() || !document.contains("languages") || !document["languages"].is_array())
    throw std::runtime_error(origin + ": expected {\"languages\": [...]}");
  LanguageCatalog catalog;
  catalog.origin_ = origin;
  std::set<std::string> names;
  const auto& entries = document["languages"];
  for (std::size_t i = 0; i < entries.size(); ++i) {
    try {
      Language language = parse_entry(entries[i], i);
      std::vector<std::string> keys = language.aliases;
      keys.push_back(language.id);
      for (const auto& key : keys) {
        if (!names.insert(lower(key)).second)
          throw std::runtime_error("languages[" + std::to_string(i) + "]: the name " + key + " is taken twice");
      }
      catalog.languages_.push_back(std::move(language));
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(origin + ": languages[" + std::to_string(i) + "]: " + e.what());
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(origin + ": " + e.what());
    }
  }
  return catalog;
}

const Language* LanguageCatalog::find(const std::string& name) const {
  std::string key = lower(name);
  for (const auto& language : languages_) {
    if (lower(language.id) == key) return &language;
  }
  for (const auto& language : languages_) {
    for (const auto& alias : language.aliases) {
      if (lower(alias) == key) return &language;
    }
  }
  return nullptr;
}

std::size_t LanguageCatalog::available_count() const {
  return static_cast<std::size_t>(
      std::count_if(languages_.begin(), languages_.end(), [](const Language& l) { return l.available; }));
}

}  // namespace judge
