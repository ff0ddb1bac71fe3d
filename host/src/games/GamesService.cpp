#include "games/GamesService.h"

#include "modes/GameRuntime.h"
#include "modes/ModeScript.h"

#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <random>

namespace arena::games {

using nlohmann::json;

namespace {

// ModeScript::puzzle_count(options, players) when the runtime offers it; one puzzle otherwise.
template <class Script>
std::size_t puzzle_count_of(const Script& script, const json& options, std::size_t players) {
  if constexpr (requires { script.puzzle_count(options, players); }) {
    auto count = script.puzzle_count(options, players);
    return count < 1 ? 1 : static_cast<std::size_t>(count);
  } else {
    return 1;
  }
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::uint64_t random_seed() {
  std::random_device device;
  return (std::uint64_t{device()} << 32) ^ device();
}

const char* state_of(const GameSession& session) {
  if (session.phase() == Phase::Finished) return "finished";
  if (session.phase() == Phase::Aborted) return "aborted";
  return "running";
}

bool has_starter(const GamePuzzle& puzzle, const std::vector<std::string>& languages) {
  return std::any_of(puzzle.starters.begin(), puzzle.starters.end(), [&](const PuzzleStarter& starter) {
    return !starter.code.empty() &&
           (languages.empty() || std::find(languages.begin(), languages.end(), starter.language) != languages.end());
  });
}

}  // namespace

GamesService::GamesService(GamesSettings settings, Database& database, EventBus& events, Channels& channels,
                           Metrics& metrics, std::shared_ptr<spdlog::logger> logger)
    : settings_(std::move(settings)),
      events_(events),
      channels_(channels),
      logger_(logger),
      library_(settings_.modes_path, settings_.limits, logger),
      store_(database),
      writer_([this](const std::string& id, const SessionRecord& record) { store_.save(id, record); }, logger),
      loop_(settings_.threads,
            GameLoop::Hooks{
                [this](const std::string& id, GameSession&, std::vector<Outgoing>& messages) { deliver(id, messages); },
                [this](const std::string& id, GameSession& session) { save(id, session); },
                [this](const std::string& id, GameSession& session) { over(id, session); },
                [this](const std::string& id, const std::string& mode, const std::string& fault) {
                  faults_.inc({mode});
                  logger_->warn("game {} ({}): handler fault: {}", id, mode, fault);
                },
                [this](const char* kind, std::chrono::nanoseconds cpu) {
                  inputs_.inc({kind});
                  input_cpu_.observe(std::chrono::duration<double>(cpu).count());
                },
                [this](std::chrono::milliseconds lag) { lag_.observe(std::chrono::duration<double>(lag).count()); },
                [this](const std::string& id) { forget(id); }},
            logger),
      judging_(loop_, logger),
      inputs_(metrics.counter("arena_game_inputs_total", "Inputs the game loop ran, by kind", {"kind"})),
      faults_(metrics.counter("arena_game_handler_faults_total", "Mode handler faults, by mode", {"mode"})),
      created_(metrics.counter("arena_games_created_total", "Games created")),
      running_(metrics.gauge("arena_games_running", "Games being played now")),
      lag_(metrics.histogram("arena_game_loop_lag_seconds", "How late game deadlines ran",
                             {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5})),
      input_cpu_(metrics.histogram("arena_game_input_cpu_seconds",
                                   "Thread CPU time of one game input (its handler calls, standings, views, snapshot)",
                                   {0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1})),
      handler_cpu_(metrics.histogram(
          "arena_mode_handler_cpu_seconds", "Thread CPU time of one mode handler call",
          {0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.005, 0.05, 0.5}, {"handler"})) {
  channel_ = std::make_shared<GameChannel>(
      loop_, judging_, channels_, [this](const std::string& id) { return is_public(id); }, settings_.leave_after_s);
  channels_.add("game:*", channel_);
  subscriptions_.push_back(
      events_.subscribe(kSubmissionJudgedEvent, [this](const Event& event) { judging_.judged(event.payload); }));
  subscriptions_.push_back(events_.subscribe("room.started", [this](const Event& event) {
    // Making a game reads the database and runs the mode's init: off the publisher's thread.
    json payload = event.payload;
    writer_.run([this, payload] { on_room_started(payload); });
  }));
}

GamesService::~GamesService() {
  stop();
  for (auto id : subscriptions_) events_.unsubscribe(id);
}

void GamesService::start(std::shared_ptr<JudgeService> judge, std::shared_ptr<PuzzleCatalog> catalog) {
  {
    std::lock_guard lock(mutex_);
    if (started_) return;
    judge_ = judge;
    catalog_ = catalog;
    started_ = true;
  }
  judging_.set_services(judge, catalog);
  writer_.start();
  if (!judge || !catalog) logger_->warn("games are disabled: they need the judge and puzzles plugins");
  loop_.start();
  if (std::filesystem::is_directory(library_.directory())) {
    for (const auto& change : library_.load_all()) {
      if (change.script) {
        try {
          store_.save_mode_version(change.name, change.script->version(), change.script->source(), change.file);
        } catch (const std::exception& e) {
          logger_->error("mode {}: recording its version failed: {}", change.name, e.what());
        }
      } else if (!change.error.empty()) {
        logger_->error("mode file {} refused: {}", change.file, change.error);
      }
    }
    library_.on_change([this](const modes::ModeLibrary::Change& change) { on_mode_change(change); });
    if (settings_.hot_reload) library_.watch();
    publish_modes();
    logger_->info("{} game modes loaded from {}", library_.modes().size(), library_.directory().string());
  } else {
    logger_->warn("modes.path {} is not a directory: no game modes", library_.directory().string());
  }
  resume_all();
}

void GamesService::stop() {
  library_.stop();
  loop_.stop();
  writer_.stop();
}

std::pair<bool, std::string> GamesService::health() const {
  auto modes = library_.to_json();
  std::size_t loaded = 0;
  std::vector<std::string> errors;
  for (const auto& mode : modes) {
    if (mode.contains("version") && mode["version"].is_string()) ++loaded;
    if (mode.contains("error") && mode["error"].is_string())
      errors.push_back(mode.value("file", mode.value("name", "?")) + ": " + mode["error"].get<std::string>());
  }
  std::string detail = std::to_string(loaded) + " modes loaded, " + std::to_string(loop_.running()) + " games running";
  if (!errors.empty()) {
    detail += "; " + std::to_string(errors.size()) + " refused: " + errors.front();
  }
  std::lock_guard lock(mutex_);
  if (started_ && (!judge_ || !catalog_)) detail += "; games disabled (no judge or puzzles plugin)";
  return {true, detail};
}

// ---- modes ----

void GamesService::publish_modes() {
  json modes = json::array();
  for (const auto& script : library_.modes()) {
    const auto& info = script->info();
    modes.push_back({{"name", info.name},
                     {"min_players", info.min_players},
                     {"max_players", info.max_players},
                     {"duration", info.duration_s}});
  }
  if (modes.empty()) return;  // keep the rooms plugin's built-in list rather than none
  events_.publish("modes.loaded", {{"modes", modes}});
}

void GamesService::on_mode_change(const modes::ModeLibrary::Change& change) {
  if (change.script) {
    auto script = change.script;
    writer_.run([this, script, file = change.file] {
      store_.save_mode_version(script->name(), script->version(), script->source(), file);
    });
    std::vector<std::string> ids;
    {
      std::lock_guard lock(mutex_);
      for (const auto& [id, meta] : games_) {
        if (meta.mode == change.name) ids.push_back(id);
      }
    }
    for (const auto& id : ids) {
      loop_.post(id, "offer_version", [script](GameSession& session, std::int64_t) { session.offer_version(script); });
    }
    logger_->info("mode {} reloaded: version {} ({} running games offered it)", change.name, script->version(),
                  ids.size());
    channels_.broadcast("lobby", "mode_reloaded",
                        {{"name", change.name}, {"version", script->version()}, {"error", nullptr}});
    publish_modes();
  } else if (change.removed) {
    logger_->info("mode {} removed: no new games", change.name);
    channels_.broadcast("lobby", "mode_reloaded",
                        {{"name", change.name}, {"version", nullptr}, {"error", nullptr}, {"removed", true}});
    publish_modes();
  } else {
    auto current = library_.current(change.name);
    logger_->error("mode file {} refused: {}", change.file, change.error);
    channels_.broadcast(
        "lobby", "mode_reloaded",
        {{"name", change.name}, {"version", current ? json(current->version()) : json()}, {"error", change.error}});
  }
}

std::shared_ptr<const modes::ModeScript> GamesService::script_for(const std::string& mode, const std::string& version) {
  if (auto script = library_.version(mode, version)) return script;
  auto source = store_.mode_source(mode, version);
  if (!source) return nullptr;
  auto loaded = modes::ModeScript::load(lower(mode) + ".lua", *source, settings_.limits);
  if (!loaded) {
    logger_->error("mode {} version {} from the database does not load: {}", mode, version, loaded.error);
    return nullptr;
  }
  library_.adopt(loaded.script);
  return loaded.script;
}

// ---- creating games ----

void GamesService::on_room_started(const json& event) {
  GameRequest request;
  const json room = event.value("room", json::object());
  request.room_id = room.value("id", "");
  try {
    request.mode = room.value("mode", "");
    const json puzzle = room.value("puzzle", json::object());
    if (puzzle.contains("id") && puzzle["id"].is_string()) request.puzzle_id = puzzle["id"];
    if (puzzle.contains("difficulty") && puzzle["difficulty"].is_string()) request.difficulty = puzzle["difficulty"];
    if (room.contains("duration_seconds") && room["duration_seconds"].is_number_integer())
      request.duration_s = room["duration_seconds"];
    if (room.contains("allowed_languages") && room["allowed_languages"].is_array()) {
      for (const auto& language : room["allowed_languages"]) {
        if (language.is_string()) request.languages.push_back(language);
      }
    }
    if (room.contains("mode_options") && room["mode_options"].is_object())
      request.options = room["mode_options"];
    else if (room.contains("options") && room["options"].is_object())
      request.options = room["options"];
    request.is_public = room.value("visibility", "public") != "private";
    for (const auto& member : event.value("members", json::array())) {
      modes::PlayerFacts player;
      player.id = member.value("user_id", "");
      player.name = member.value("username", "");
      if (!player.id.empty()) request.players.push_back(player);
    }
    if (event.contains("starts_at_ms") && event["starts_at_ms"].is_number_integer())
      request.starts_at_ms = event["starts_at_ms"];
    create(request);
  } catch (const GameError& e) {
    logger_->error("room {}: no game: {}", request.room_id, e.what());
    if (!request.room_id.empty())
      channels_.broadcast("room:" + request.room_id, "game_failed", {{"reason", e.reason()}, {"message", e.what()}});
    events_.publish("game.failed", {{"room_id", request.room_id}, {"reason", e.reason()}, {"message", e.what()}});
  } catch (const std::exception& e) {
    logger_->error("room {}: no game: {}", request.room_id, e.what());
    if (!request.room_id.empty())
      channels_.broadcast("room:" + request.room_id, "game_failed", {{"reason", "internal"}, {"message", e.what()}});
    events_.publish("game.failed", {{"room_id", request.room_id}, {"reason", "internal"}, {"message", e.what()}});
  }
}

std::vector<GamePuzzle> GamesService::pick_puzzles(const GameRequest& request, const modes::ModeScript& script,
                                                   std::size_t count) {
  std::shared_ptr<PuzzleCatalog> catalog;
  {
    std::lock_guard lock(mutex_);
    catalog = catalog_;
  }
  bool starter = script.info().requires_starter;
  std::vector<std::string> ids;
  if (!request.puzzle_id.empty()) ids.push_back(request.puzzle_id);
  // Random picks: distinct when the catalogue has enough, repeats rather than no game.
  std::vector<std::string> starter_languages = request.languages;
  if (starter_languages.empty()) starter_languages = {"python", ""};
  for (int attempt = 0; ids.size() < count && attempt < static_cast<int>(count) * 8; ++attempt) {
    PuzzlePick pick;
    pick.difficulty = request.difficulty;
    if (starter) pick.starter_language = starter_languages[attempt % starter_languages.size()];
    auto id = catalog->random_approved(pick);
    if (!id) {
      if (!starter || attempt + 1 >= static_cast<int>(starter_languages.size())) break;
      continue;
    }
    bool repeat = std::find(ids.begin(), ids.end(), *id) != ids.end();
    if (!repeat || attempt >= static_cast<int>(count) * 4) ids.push_back(*id);
  }
  if (ids.size() < count)
    throw GameError("no_puzzle",
                    "no approved puzzle" +
                        (request.difficulty.empty() ? std::string() : " of difficulty " + request.difficulty) +
                        (starter ? " with starter code" : "") + " to play");
  std::vector<GamePuzzle> puzzles;
  for (std::size_t i = 0; i < count; ++i) {
    auto puzzle = catalog->game_puzzle(ids[i]);
    if (!puzzle) throw GameError("no_puzzle", "no puzzle with id " + ids[i]);
    if (starter && !has_starter(*puzzle, request.languages))
      throw GameError("no_starter",
                      request.mode + " needs a puzzle with starter code; '" + puzzle->title + "' has none");
    puzzles.push_back(std::move(*puzzle));
  }
  return puzzles;
}

std::string GamesService::create(const GameRequest& request) {
  {
    std::lock_guard lock(mutex_);
    if (!started_) throw GameError("unavailable", "the game service is not running");
    if (!judge_ || !catalog_)
      throw GameError("unavailable", "games need the judge and puzzles plugins (plugins.enabled)");
  }
  auto script = library_.current(request.mode);
  if (!script) throw GameError("unknown_mode", "no game mode named " + request.mode);
  const auto& info = script->info();
  if (request.players.empty()) throw GameError("no_players", "a game needs players");
  if (request.players.size() > info.max_players)
    throw GameError("too_many_players",
                    request.mode + " takes at most " + std::to_string(info.max_players) + " players");
  auto options = modes::resolve_options(info, request.options);
  if (!options.error.empty()) throw GameError("invalid_options", options.error);

  modes::GameFacts facts;
  facts.game_id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
  facts.mode = info.name;
  facts.version = info.version;
  facts.options = options.options;
  facts.duration_s = request.duration_s > 0 ? request.duration_s : info.duration_s;
  facts.languages = request.languages;
  facts.puzzles = pick_puzzles(request, *script, puzzle_count_of(*script, facts.options, request.players.size()));

  std::string error;
  auto runtime = modes::GameRuntime::create(script, facts, &error);
  if (!runtime) throw GameError("mode_failed", "the mode could not start: " + error);
  observe_handlers(*runtime);
  GameSession::Setup setup;
  setup.facts = facts;
  for (std::size_t i = 0; i < request.players.size(); ++i) {
    auto player = request.players[i];
    player.index = static_cast<int>(i + 1);
    setup.players.push_back(player);
  }
  setup.settings = settings_.session(info);
  setup.created_at_ms = wall_ms();
  // The mode's own countdown wins; else the start the room announced; else ours.
  if (info.countdown_s >= 0)
    setup.starts_at_ms = setup.created_at_ms + std::int64_t{info.countdown_s} * 1000;
  else if (request.starts_at_ms > 0)
    setup.starts_at_ms = std::max(setup.created_at_ms, request.starts_at_ms);
  else
    setup.starts_at_ms = setup.created_at_ms + std::int64_t{settings_.countdown_s} * 1000;
  setup.seed = random_seed();
  auto session = GameSession::create(std::move(setup), std::move(runtime), &error);
  if (!session) throw GameError("mode_failed", "the mode could not start: " + error);

  StoredGame stored;
  stored.id = facts.game_id;
  stored.room_id = request.room_id;
  stored.mode = facts.mode;
  stored.mode_version = session->version();
  stored.options = facts.options;
  stored.duration_s = facts.duration_s;
  for (const auto& puzzle : facts.puzzles) stored.puzzle_ids.push_back(puzzle.id);
  stored.languages = facts.languages;
  stored.is_public = request.is_public;
  stored.starts_at_ms = session->starts_at_ms();
  stored.session = session->snapshot();
  std::vector<StoredPlayer> players;
  std::vector<std::string> player_ids;
  for (const auto& player : session->players()) {
    players.push_back({player.id, player.name, player.index});
    player_ids.push_back(player.id);
  }
  try {
    store_.save_mode_version(info.name, info.version, script->source(), info.file);
    store_.insert(stored, players);
  } catch (const std::exception& e) {
    throw GameError("unavailable", std::string("the game could not be stored: ") + e.what());
  }
  {
    std::lock_guard lock(mutex_);
    games_[stored.id] = Meta{request.room_id, facts.mode, request.is_public};
  }
  loop_.add(stored.id, std::move(session));
  running_.set(static_cast<double>(loop_.running()));
  channel_->await_players(stored.id, player_ids);
  created_.inc();
  logger_->info("game {} created: {} {} with {} players (room {})", stored.id, facts.mode, stored.mode_version,
                players.size(), request.room_id.empty() ? "-" : request.room_id);
  events_.publish("game.created", {{"game_id", stored.id}, {"room_id", request.room_id}});
  if (!request.room_id.empty())
    channels_.broadcast("room:" + request.room_id, "game_created", {{"game_id", stored.id}});
  return stored.id;
}

// ---- restart ----

void GamesService::resume_all() {
  std::vector<StoredGame> games;
  try {
    games = store_.unfinished();
  } catch (const std::exception& e) {
    logger_->error("games: cannot read unfinished games: {}", e.what());
    return;
  }
  for (const auto& game : games) {
    try {
      resume(game);
      logger_->info("game {} resumed ({} {})", game.id, game.mode, game.mode_version);
    } catch (const std::exception& e) {
      std::string reason = std::string("could not resume after a restart: ") + e.what();
      logger_->error("game {}: {}", game.id, reason);
      try {
        store_.mark_aborted(game.id, reason);
      } catch (const std::exception& again) {
        logger_->error("game {}: marking it aborted failed: {}", game.id, again.what());
      }
    }
  }
}

void GamesService::resume(const StoredGame& game) {
  std::shared_ptr<PuzzleCatalog> catalog;
  {
    std::lock_guard lock(mutex_);
    catalog = catalog_;
  }
  if (!catalog || !judge_) throw std::runtime_error("the judge and puzzles plugins are not enabled");
  if (game.session.is_null()) throw std::runtime_error("no saved state");
  auto script = script_for(game.mode, game.mode_version);
  if (!script) throw std::runtime_error("mode " + game.mode + " version " + game.mode_version + " is not available");
  modes::GameFacts facts;
  facts.game_id = game.id;
  facts.mode = game.mode;
  facts.version = game.mode_version;
  facts.options = game.options;
  facts.duration_s = game.duration_s;
  facts.languages = game.languages;
  for (const auto& id : game.puzzle_ids) {
    auto puzzle = catalog->game_puzzle(id);
    if (!puzzle) throw std::runtime_error("puzzle " + id + " no longer exists");
    facts.puzzles.push_back(std::move(*puzzle));
  }
  std::string error;
  auto runtime = modes::GameRuntime::create(script, facts, &error);
  if (!runtime) throw std::runtime_error("the mode could not load: " + error);
  observe_handlers(*runtime);
  auto session = GameSession::restore(game.session, std::move(runtime), settings_.session(script->info()), &error);
  if (!session) throw std::runtime_error("the saved state does not fit: " + error);
  std::vector<std::string> waiting;
  for (const auto& player : session->players()) {
    if (!player.left) waiting.push_back(player.id);
  }
  {
    std::lock_guard lock(mutex_);
    games_[game.id] = Meta{game.room_id, game.mode, game.is_public};
  }
  loop_.add(game.id, std::move(session));
  running_.set(static_cast<double>(loop_.running()));
  // Nobody is connected after a restart until their socket joins again.
  for (const auto& user : waiting) {
    loop_.post(game.id, "disconnect", [user](GameSession& s, std::int64_t) { s.set_connected(user, false); });
  }
  channel_->await_players(game.id, waiting);
}

// ---- the loop's hooks ----

void GamesService::forget(const std::string& game_id) {
  channel_->forget(game_id);
  std::lock_guard lock(mutex_);
  games_.erase(game_id);
}

std::optional<bool> GamesService::is_public(const std::string& game_id) const {
  std::lock_guard lock(mutex_);
  auto it = games_.find(game_id);
  if (it == games_.end()) return std::nullopt;
  return it->second.is_public;
}

void GamesService::deliver(const std::string& game_id, std::vector<Outgoing>& messages) {
  const std::string topic = "game:" + game_id;
  for (auto& message : messages) {
    if (message.event == "run_result") judging_.complete_run_result(game_id, message.payload);
    if (message.player.empty())
      channels_.broadcast(topic, message.event, message.payload);
    else
      channels_.push_user(message.player, topic, message.event, message.payload);
  }
}

void GamesService::save(const std::string& game_id, GameSession& session) {
  SessionRecord record;
  record.snapshot = session.snapshot();
  record.version = session.version();
  record.state = state_of(session);
  record.standings = session.standings();
  record.starts_at_ms = session.starts_at_ms();
  record.ends_at_ms = session.ends_at_ms();
  record.end_reason = session.end_reason();
  if (session.phase() == Phase::Aborted) {
    record.abort_reason = session.end_reason();
    if (!session.faults().empty()) record.abort_reason += ": " + session.faults().back();
  }
  for (const auto& player : session.players()) {
    if (player.left) record.left.push_back(player.id);
  }
  writer_.save(game_id, std::move(record));
}

void GamesService::over(const std::string& game_id, GameSession& session) {
  save(game_id, session);
  running_.set(static_cast<double>(loop_.running()));
  Meta meta;
  {
    std::lock_guard lock(mutex_);
    auto it = games_.find(game_id);
    if (it != games_.end()) meta = it->second;
  }
  logger_->info("game {} {}: {}", game_id, state_of(session), session.end_reason());
  events_.publish("game.finished", {{"game_id", game_id},
                                    {"room_id", meta.room_id},
                                    {"mode", meta.mode},
                                    {"state", state_of(session)},
                                    {"reason", session.end_reason()},
                                    {"standings", session.standings()}});
}

void GamesService::observe_handlers(modes::GameRuntime& runtime) {
  runtime.set_call_observer([this](const char* handler, const modes::CallOutcome& outcome) {
    handler_cpu_.observe(std::chrono::duration<double>(outcome.cpu).count(), {handler});
  });
}

}  // namespace arena::games
