#include "SeedPuzzles.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace puzzles {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.filename().string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A file named in puzzle.json: a plain name inside the folder.
std::string named_file(const fs::path& folder, const nlohmann::json& entry, const char* what) {
  std::string file = entry.at("file").get<std::string>();
  if (file.empty() || file.find('/') != std::string::npos || file.find("..") != std::string::npos)
    throw std::runtime_error(std::string(what) + ".file must be a plain file name");
  return read_text(folder / file);
}

}  // namespace

SeedPuzzle read_seed_puzzle(const fs::path& folder) {
  SeedPuzzle seed;
  seed.folder = folder.filename().string();
  try {
    auto spec = nlohmann::json::parse(read_text(folder / "puzzle.json"));
    PuzzleDraft& d = seed.draft;
    d.title = spec.at("title").get<std::string>();
    d.difficulty = spec.at("difficulty").get<std::string>();
    d.tags = spec.value("tags", std::vector<std::string>{});
    d.constraints = spec.value("constraints", "");
    d.statement = read_text(folder / "statement.md");
    const auto& solution = spec.at("solution");
    d.solution_language = solution.at("language").get<std::string>();
    d.solution_code = named_file(folder, solution, "solution");
    if (spec.contains("starter") && !spec["starter"].is_null()) {
      const auto& starter = spec["starter"];
      d.starters.push_back({starter.at("language").get<std::string>(), named_file(folder, starter, "starter")});
    }
    for (const auto& e : spec.value("examples", nlohmann::json::array()))
      d.examples.push_back({e.at("input").get<std::string>(), e.at("output").get<std::string>(), e.value("explanation", "")});
    for (const auto& v : spec.at("validators"))
      d.validators.push_back({v.at("input").get<std::string>(), v.at("output").get<std::string>(), !v.value("public", false)});
    if (d.validators.empty()) throw std::runtime_error("no validators");
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("seed puzzle " + seed.folder + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("seed puzzle " + seed.folder + ": puzzle.json: " + e.what());
  }
  return seed;
}

std::vector<SeedPuzzle> read_seed_puzzles(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw std::runtime_error("the seeds folder " + dir.string() + " does not exist");
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory() && fs::exists(entry.path() / "puzzle.json")) folders.push_back(entry.path());
  }
  std::sort(folders.begin(), folders.end());
  std::vector<SeedPuzzle> seeds;
  for (const auto& folder : folders) seeds.push_back(read_seed_puzzle(folder));
  return seeds;
}

}  // namespace puzzles
