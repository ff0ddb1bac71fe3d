#pragma once

#include <arena/JudgeService.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace puzzles {

/// The judge's languages as the puzzles plugin needs them: names (ids and aliases) to ids.
class Languages {
 public:
  explicit Languages(std::shared_ptr<arena::JudgeService> judge) : judge_(std::move(judge)) {}

  /// The language id of `name` (an id or an alias), or nullopt when the judge does not know it.
  std::optional<std::string> resolve(const std::string& name) const;
  /// Whether the judge can run `id` here.
  bool available(const std::string& id) const;
  /// Every language id.
  std::vector<std::string> ids() const;

 private:
  std::shared_ptr<arena::JudgeService> judge_;
};

}  // namespace puzzles
