#include "Languages.h"

#include <algorithm>

namespace puzzles {

std::optional<std::string> Languages::resolve(const std::string& name) const {
  for (const auto& language : judge_->languages()) {
    if (language.id == name || std::find(language.aliases.begin(), language.aliases.end(), name) != language.aliases.end())
      return language.id;
  }
  return std::nullopt;
}

bool Languages::available(const std::string& id) const {
  for (const auto& language : judge_->languages()) {
    if (language.id == id) return language.available;
  }
  return false;
}

std::vector<std::string> Languages::ids() const {
  std::vector<std::string> ids;
  for (const auto& language : judge_->languages()) ids.push_back(language.id);
  return ids;
}

}  // namespace puzzles
