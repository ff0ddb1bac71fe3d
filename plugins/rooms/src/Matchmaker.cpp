#include "Matchmaker.h"

#include <algorithm>
#include <cstdlib>

namespace rooms {

void Matchmaker::enqueue(QueueEntry entry) {
  std::lock_guard lock(mutex_);
  std::erase_if(queue_, [&](const QueueEntry& e) { return e.player.user_id == entry.player.user_id; });
  queue_.push_back(std::move(entry));
}

bool Matchmaker::dequeue(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  return std::erase_if(queue_, [&](const QueueEntry& e) { return e.player.user_id == user_id; }) > 0;
}

std::optional<QueueEntry> Matchmaker::entry(const std::string& user_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& e : queue_) {
    if (e.player.user_id == user_id) return e;
  }
  return std::nullopt;
}

std::size_t Matchmaker::size() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

int Matchmaker::window(std::chrono::steady_clock::duration waited) const {
  if (waited < rules_.widen_after) return std::min(rules_.initial_window, rules_.max_window);
  auto past = waited - rules_.widen_after;
  long long steps = past / rules_.widen_every;
  long long width = rules_.initial_window + steps * rules_.widen_by;
  return static_cast<int>(std::min<long long>(width, rules_.max_window));
}

std::vector<Match> Matchmaker::take_matches(TimePoint now) {
  std::lock_guard lock(mutex_);
  std::vector<Match> matches;
  std::vector<bool> taken(queue_.size(), false);
  // The longest waiting player first picks the closest ratings its window (or theirs) allows.
  for (std::size_t i = 0; i < queue_.size(); ++i) {
    if (taken[i]) continue;
    const QueueEntry& anchor = queue_[i];
    int anchor_window = window(now - anchor.since);
    std::vector<std::pair<int, std::size_t>> candidates;  // (difference, index)
    for (std::size_t j = i + 1; j < queue_.size(); ++j) {
      if (taken[j] || queue_[j].mode != anchor.mode) continue;
      int difference = std::abs(queue_[j].rating - anchor.rating);
      if (difference <= std::max(anchor_window, window(now - queue_[j].since))) candidates.emplace_back(difference, j);
    }
    if (candidates.size() + 1 < rules_.players_per_match) continue;
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Match match{anchor.mode, {anchor}};
    taken[i] = true;
    for (std::size_t k = 0; k + 1 < rules_.players_per_match; ++k) {
      taken[candidates[k].second] = true;
      match.players.push_back(queue_[candidates[k].second]);
    }
    matches.push_back(std::move(match));
  }
  std::vector<QueueEntry> rest;
  for (std::size_t i = 0; i < queue_.size(); ++i) {
    if (!taken[i]) rest.push_back(std::move(queue_[i]));
  }
  queue_ = std::move(rest);
  return matches;
}

}  // namespace rooms
