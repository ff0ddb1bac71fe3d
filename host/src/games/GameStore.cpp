#include "games/GameStore.h"

namespace arena::games {

using nlohmann::json;

namespace {

// Timestamps leave the database as ISO 8601 UTC strings and as epoch milliseconds.
constexpr const char* kIso = "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'";

std::string iso(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'UTC', " + kIso + ")";
}

json text_or_null(const pqxx::field& field) {
  return field.is_null() ? json() : json(field.as<std::string>());
}

std::vector<std::string> json_strings(const pqxx::field& field) {
  std::vector<std::string> values;
  if (field.is_null()) return values;
  for (const auto& value : json::parse(field.as<std::string>())) values.push_back(value.get<std::string>());
  return values;
}

std::string ms_or_null(std::int64_t ms) {
  return ms > 0 ? std::to_string(ms) : std::string();
}

}  // namespace

std::string pg_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

void GameStore::insert(const StoredGame& game, const std::vector<StoredPlayer>& players) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO games (id, room_id, mode, mode_version, options, duration_seconds, puzzle_ids, languages, "
        "public, state, starts_at, ends_at, session) VALUES ($1, NULLIF($2, ''), $3, $4, $5::jsonb, $6::int, "
        "$7::uuid[], $8::text[], $11::boolean, 'running', to_timestamp($9::bigint / 1000.0), to_timestamp($9::bigint / "
        "1000.0) + "
        "make_interval(secs => $6::int), $10::jsonb)",
        game.id, game.room_id, game.mode, game.mode_version, game.options.dump(), game.duration_s,
        pg_array(game.puzzle_ids), pg_array(game.languages), game.starts_at_ms,
        game.session.is_null() ? std::string("null") : game.session.dump(), game.is_public);
    for (const auto& player : players) {
      tx.exec_params("INSERT INTO game_players (game_id, user_id, username, position) VALUES ($1, $2, $3, $4)", game.id,
                     player.user_id, player.username, player.position);
    }
  });
}

void GameStore::save(const std::string& game_id, const SessionRecord& record) {
  bool over = record.state == "finished" || record.state == "aborted";
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params(
        "UPDATE games SET session = $2::jsonb, mode_version = $3, state = $4::text, standings = $5::jsonb, "
        "ends_at = COALESCE(to_timestamp(NULLIF($6::text, '')::bigint / 1000.0), ends_at), "
        "end_reason = NULLIF($7::text, ''), "
        "abort_reason = CASE WHEN $4::text = 'aborted' THEN COALESCE(NULLIF($9::text, ''), NULLIF($7::text, '')) "
        "ELSE abort_reason END, "
        "finished_at = CASE WHEN $8::boolean THEN COALESCE(finished_at, now()) ELSE finished_at END, updated_at = "
        "now() "
        "WHERE id = $1",
        game_id, record.snapshot.dump(), record.version, record.state, record.standings.dump(),
        ms_or_null(record.ends_at_ms), record.end_reason, over, record.abort_reason);
    if (!record.left.empty()) {
      tx.exec_params(
          "UPDATE game_players SET left_at = now() WHERE game_id = $1 AND left_at IS NULL "
          "AND user_id = ANY($2::uuid[])",
          game_id, pg_array(record.left));
    }
    if (over) {
      for (const auto& row : record.standings) {
        if (!row.is_object() || !row.contains("player") || !row["player"].is_string()) continue;
        std::string place = row.contains("place") && row["place"].is_number() ? row["place"].dump() : "";
        std::string score = row.contains("score") && row["score"].is_number() ? row["score"].dump() : "";
        std::string detail =
            row.contains("detail") && row["detail"].is_string() ? row["detail"].get<std::string>() : "";
        tx.exec_params(
            "UPDATE game_players SET place = NULLIF($3, '')::numeric::integer, "
            "score = NULLIF($4, '')::double precision, detail = NULLIF($5, '') WHERE game_id = $1 AND user_id::text = "
            "$2",
            game_id, row["player"].get<std::string>(), place, score, detail);
      }
    }
  });
}

void GameStore::mark_aborted(const std::string& game_id, const std::string& reason) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params(
        "UPDATE games SET state = 'aborted', abort_reason = $2, end_reason = 'aborted', "
        "finished_at = COALESCE(finished_at, now()), updated_at = now() WHERE id = $1",
        game_id, reason);
  });
}

void GameStore::save_mode_version(const std::string& name, const std::string& version, const std::string& source,
                                  const std::string& file) {
  database_.transact([&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO mode_versions (name, version, source, file) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (name, version) DO NOTHING",
        name, version, source, file);
  });
}

std::optional<std::string> GameStore::mode_source(const std::string& name, const std::string& version) {
  return database_.run([&](pqxx::connection& c) -> std::optional<std::string> {
    pqxx::read_transaction tx{c};
    auto rows = tx.exec_params("SELECT source FROM mode_versions WHERE name = $1 AND version = $2", name, version);
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<std::string>();
  });
}

std::vector<StoredGame> GameStore::unfinished() {
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    auto rows = tx.exec(
        "SELECT id::text, COALESCE(room_id, ''), mode, mode_version, options::text, duration_seconds, "
        "array_to_json(puzzle_ids)::text, array_to_json(languages)::text, "
        "(extract(epoch FROM starts_at) * 1000)::bigint, session::text, public "
        "FROM games WHERE state IN ('waiting', 'running') ORDER BY created_at");
    std::vector<StoredGame> games;
    for (const auto& row : rows) {
      StoredGame game;
      game.id = row[0].as<std::string>();
      game.room_id = row[1].as<std::string>();
      game.mode = row[2].as<std::string>();
      game.mode_version = row[3].as<std::string>();
      game.options = json::parse(row[4].as<std::string>());
      game.duration_s = row[5].as<int>();
      game.puzzle_ids = json_strings(row[6]);
      game.languages = json_strings(row[7]);
      game.starts_at_ms = row[8].as<std::int64_t>();
      game.session = row[9].is_null() ? json() : json::parse(row[9].as<std::string>());
      game.is_public = row[10].as<bool>();
      games.push_back(std::move(game));
    }
    return games;
  });
}

namespace {

const std::string kGameColumns =
    "g.id::text, g.room_id, g.mode, g.mode_version, g.options::text, g.duration_seconds, "
    "array_to_json(g.puzzle_ids)::text, array_to_json(g.languages)::text, g.state, g.abort_reason, " +
    iso("g.created_at") + ", " + iso("g.starts_at") + ", " + iso("g.ends_at") + ", " + iso("g.finished_at") +
    ", g.end_reason, g.standings::text, g.public";

json game_json(const pqxx::row& row) {
  json puzzle_ids = json::array();
  for (const auto& id : json_strings(row[6])) puzzle_ids.push_back(id);
  json languages = json::array();
  for (const auto& language : json_strings(row[7])) languages.push_back(language);
  return {{"id", row[0].as<std::string>()},
          {"room_id", text_or_null(row[1])},
          {"mode", row[2].as<std::string>()},
          {"mode_version", row[3].as<std::string>()},
          {"options", json::parse(row[4].as<std::string>())},
          {"duration_seconds", row[5].as<int>()},
          {"puzzle_ids", puzzle_ids},
          {"languages", languages},
          {"state", row[8].as<std::string>()},
          {"abort_reason", text_or_null(row[9])},
          {"created_at", text_or_null(row[10])},
          {"starts_at", text_or_null(row[11])},
          {"ends_at", text_or_null(row[12])},
          {"finished_at", text_or_null(row[13])},
          {"end_reason", text_or_null(row[14])},
          {"standings", json::parse(row[15].as<std::string>())},
          {"public", row[16].as<bool>()}};
}

}  // namespace

json GameStore::find(const std::string& game_id) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    auto rows = tx.exec_params("SELECT " + kGameColumns + " FROM games g WHERE g.id::text = $1", game_id);
    if (rows.empty()) return json();
    json game = game_json(rows[0]);
    json players = json::array();
    auto player_rows =
        tx.exec_params("SELECT user_id::text, username, position, " + iso("joined_at") + ", " + iso("left_at") +
                           ", place, score, detail FROM game_players WHERE game_id = $1 ORDER BY position",
                       game["id"].get<std::string>());
    for (const auto& row : player_rows) {
      players.push_back({{"user_id", row[0].as<std::string>()},
                         {"username", row[1].as<std::string>()},
                         {"index", row[2].as<int>()},
                         {"joined_at", text_or_null(row[3])},
                         {"left_at", text_or_null(row[4])},
                         {"place", row[5].is_null() ? json() : json(row[5].as<int>())},
                         {"score", row[6].is_null() ? json() : json(row[6].as<double>())},
                         {"detail", text_or_null(row[7])}});
    }
    game["players"] = players;
    return game;
  });
}

json GameStore::list(const std::string& state, int limit) {
  return database_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx{c};
    auto rows = tx.exec_params(
        "SELECT " + kGameColumns +
            ", (SELECT count(*) FROM game_players p WHERE p.game_id = g.id) FROM games g "
            "WHERE g.public AND ($1::text = '' OR g.state = $1::text) ORDER BY g.created_at DESC LIMIT $2",
        state, limit);
    json games = json::array();
    for (const auto& row : rows) {
      json game = game_json(row);
      game["player_count"] = row[17].as<int>();
      games.push_back(std::move(game));
    }
    return games;
  });
}

}  // namespace arena::games
