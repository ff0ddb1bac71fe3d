#include "Elo.h"

#include <cmath>

namespace rooms {

std::map<std::string, int> elo_update(const std::vector<Placing>& placings, const std::map<std::string, int>& ratings,
                                      double k) {
  std::map<std::string, int> updated;
  const std::size_t n = placings.size();
  for (const auto& p : placings) updated[p.user_id] = ratings.at(p.user_id);
  if (n < 2) return updated;
  const double scale = k / static_cast<double>(n - 1);
  for (const auto& a : placings) {
    double change = 0;
    const double ra = ratings.at(a.user_id);
    for (const auto& b : placings) {
      if (&a == &b) continue;
      const double expected = 1.0 / (1.0 + std::pow(10.0, (ratings.at(b.user_id) - ra) / 400.0));
      const double actual = a.place < b.place ? 1.0 : a.place == b.place ? 0.5 : 0.0;
      change += actual - expected;
    }
    updated[a.user_id] = static_cast<int>(std::lround(ra + scale * change));
  }
  return updated;
}

}  // namespace rooms
