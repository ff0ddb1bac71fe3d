#include "BlockLists.h"

namespace rooms {

std::map<std::string, std::set<std::string>> BlockLists::blocked_by(const std::vector<std::string>& user_ids) {
  std::map<std::string, std::set<std::string>> result;
  std::vector<std::string> missing;
  auto now = clock_();
  {
    std::lock_guard lock(mutex_);
    if (cache_.size() > 50000) cache_.clear();
    for (const auto& id : user_ids) {
      auto it = cache_.find(id);
      if (it != cache_.end() && now - it->second.loaded < ttl_)
        result[id] = it->second.blocked;
      else if (!result.count(id))
        missing.push_back(id), result[id] = {};
    }
  }
  if (missing.empty()) return result;
  // Read outside our lock: a slow database must not stall other rooms' cached lookups.
  database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    std::string array = "{";
    for (std::size_t i = 0; i < missing.size(); ++i) array += (i ? "," : "") + missing[i];
    array += "}";
    auto rows = tx.exec_params(
        "SELECT user_id::text, b::text FROM preferences, unnest(blocked_users) AS b WHERE user_id = ANY($1::uuid[])",
        array);
    for (const auto& row : rows) result[row[0].as<std::string>()].insert(row[1].as<std::string>());
  });
  std::lock_guard lock(mutex_);
  for (const auto& id : missing) cache_[id] = Entry{result[id], now};
  return result;
}

bool BlockLists::blocks(const std::string& user_id, const std::string& other) {
  auto lists = blocked_by({user_id});
  return lists[user_id].count(other) > 0;
}

}  // namespace rooms
