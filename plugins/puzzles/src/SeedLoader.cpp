#include "SeedLoader.h"

#include "SeedPuzzles.h"

namespace puzzles {

std::string SeedLoader::system_user() {
  return database_.transact([&](pqxx::work& tx) {
    // The auth plugin offers no service to create users; its users table is the contract. "!"
    // is no Argon2id hash, so no password matches it.
    tx.exec_params(
        "INSERT INTO users (username, email, password_hash, role) VALUES ($1, 'puzzles@codearena.invalid', '!', 'user') "
        "ON CONFLICT DO NOTHING",
        std::string(kSystemUsername));
    auto id = tx.exec_params1("SELECT id::text FROM users WHERE username = $1::citext", std::string(kSystemUsername))[0]
                  .as<std::string>();
    tx.exec_params("INSERT INTO preferences (user_id) VALUES ($1::uuid) ON CONFLICT DO NOTHING", id);
    return id;
  });
}

int SeedLoader::load(const std::filesystem::path& dir, spdlog::logger& logger) {
  auto seeds = read_seed_puzzles(dir);
  std::string author = system_user();
  int added = 0;
  for (const auto& seed : seeds) {
    if (store_.title_exists(seed.draft.title)) continue;
    store_.create(author, seed.draft, "APPROVED");
    ++added;
  }
  logger.info("seeded {} of {} demo puzzles from {}", added, seeds.size(), dir.string());
  return added;
}

}  // namespace puzzles
