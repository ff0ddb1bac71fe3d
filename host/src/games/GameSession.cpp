#include "games/GameSession.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>

namespace arena::games {

using nlohmann::json;

const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::Countdown:
      return "countdown";
    case Phase::Playing:
      return "playing";
    case Phase::Overtime:
      return "overtime";
    case Phase::Finished:
      return "finished";
    case Phase::Aborted:
      return "aborted";
  }
  return "unknown";
}

namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
// A timer fires at least this long after it was set, so a chain of ctx.after(0) cannot keep
// advance() busy forever (at most 100 fires a second, like the shortest tick's 10).
constexpr std::int64_t kMinTimerDelayMs = 10;
// Pending timers per game; more are ignored (with a note) instead of growing without bound.
constexpr std::size_t kMaxTimers = 1000;

// Events the host sends itself (and the client's own event names, and Phoenix's): a mode must
// not forge them, or clients would take a mode's message for the host's word.
bool reserved_event(const std::string& name) {
  static const std::set<std::string, std::less<>> kReserved = {
      "game_started",      "view",           "standings",        "player_completed",
      "player_eliminated", "player_left",    "player_connected", "submission_accepted",
      "submission_result", "run_result",     "game_completed",   "game_aborted",
      "mode_migrated",     "code_update",    "submit_code",      "run_code",
      "leave_game",        "presence_state", "presence_diff"};
  return name.empty() || kReserved.contains(name) || name.starts_with("phx_");
}

// Characters as the README promises modders: UTF-8 code points (continuation bytes skipped).
std::size_t code_points(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

json player_json(const modes::PlayerFacts& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"index", p.index},
          {"connected", p.connected},
          {"left", p.left},
          {"eliminated", p.eliminated},
          {"completed", p.completed}};
}

modes::PlayerFacts player_from_json(const json& j) {
  modes::PlayerFacts p;
  p.id = j.at("id").get<std::string>();
  p.name = j.value("name", "");
  p.index = j.value("index", 0);
  p.connected = j.value("connected", false);
  p.left = j.value("left", false);
  p.eliminated = j.value("eliminated", false);
  p.completed = j.value("completed", false);
  return p;
}

std::string hex64(std::uint64_t value) {
  static const char* kDigits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
  return out;
}

std::uint64_t parse_hex64(const std::string& text) {
  if (text.empty() || text.size() > 16) throw std::invalid_argument("bad rng state");
  std::size_t used = 0;
  auto value = std::stoull(text, &used, 16);
  if (used != text.size()) throw std::invalid_argument("bad rng state");
  return value;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// creation and restore

std::unique_ptr<GameSession> GameSession::create(Setup setup, std::unique_ptr<modes::GameRuntime> runtime,
                                                 std::string* error) {
  if (!runtime) {
    if (error) *error = "no runtime";
    return nullptr;
  }
  std::unique_ptr<GameSession> s(new GameSession());
  s->runtime_ = std::move(runtime);
  s->settings_ = setup.settings;
  s->created_at_ms_ = setup.created_at_ms;
  s->starts_at_ms_ = setup.starts_at_ms;
  s->ends_at_ms_ = setup.starts_at_ms + static_cast<std::int64_t>(s->runtime_->facts().duration_s) * 1000;
  s->now_ms_ = setup.created_at_ms;
  s->players_ = std::move(setup.players);
  for (std::size_t i = 0; i < s->players_.size(); ++i) {
    auto& p = s->players_[i];
    p.index = static_cast<int>(i) + 1;
    p.left = p.eliminated = p.completed = false;
  }
  s->runtime_->set_rng_state(setup.seed);
  s->configure_from_script();
  s->next_tick_ms_ = s->starts_at_ms_ + s->tick_ms_;

  s->prepare(setup.created_at_ms);
  auto init = s->runtime_->init();
  if (!init.ok) {
    if (error) *error = "init: " + init.error;
    return nullptr;
  }
  s->settle("init", init, /*recompute=*/false);
  for (std::size_t i = 0; i < s->players_.size() && !s->over(); ++i) {
    s->prepare(setup.created_at_ms);
    auto player = s->players_[i];
    auto joined = s->runtime_->on_join(player);
    s->settle("on_join", joined, /*recompute=*/false);
  }
  if (!s->over()) s->recompute_standings();
  s->dirty_ = true;
  return s;
}

std::unique_ptr<GameSession> GameSession::restore(const json& snapshot, std::unique_ptr<modes::GameRuntime> runtime,
                                                  SessionSettings settings, std::string* error) {
  auto fail = [&](const std::string& why) -> std::unique_ptr<GameSession> {
    if (error) *error = why;
    return nullptr;
  };
  if (!runtime) return fail("no runtime");
  if (!snapshot.is_object() || snapshot.value("format", 0) != 1) return fail("not a game snapshot (format 1)");
  std::unique_ptr<GameSession> s(new GameSession());
  try {
    const auto version = snapshot.at("version").get<std::string>();
    if (version != runtime->script().version()) {
      return fail("the snapshot runs version " + version + " but the runtime has " + runtime->script().version());
    }
    std::string restore_error;
    if (!runtime->restore(snapshot.at("state"), &restore_error)) return fail("mode state: " + restore_error);
    runtime->set_rng_state(parse_hex64(snapshot.at("rng").get<std::string>()));
    s->runtime_ = std::move(runtime);
    s->settings_ = settings;

    const auto phase = snapshot.at("phase").get<std::string>();
    bool known = false;
    for (auto p : {Phase::Countdown, Phase::Playing, Phase::Overtime, Phase::Finished, Phase::Aborted}) {
      if (phase == phase_name(p)) s->phase_ = p, known = true;
    }
    if (!known) return fail("unknown phase " + phase);
    s->end_reason_ = snapshot.value("end_reason", "");
    s->created_at_ms_ = snapshot.at("created_at_ms").get<std::int64_t>();
    s->starts_at_ms_ = snapshot.at("starts_at_ms").get<std::int64_t>();
    s->ends_at_ms_ = snapshot.at("ends_at_ms").get<std::int64_t>();
    s->next_tick_ms_ = snapshot.at("next_tick_ms").get<std::int64_t>();
    s->now_ms_ = snapshot.at("now_ms").get<std::int64_t>();
    s->configure_from_script();
    for (const auto& p : snapshot.at("players")) s->players_.push_back(player_from_json(p));
    for (const auto& t : snapshot.at("timers")) {
      s->timers_.push_back(
          {t.at("at_ms").get<std::int64_t>(), t.at("seq").get<std::uint64_t>(), t.at("tag").get<std::string>()});
    }
    s->next_timer_seq_ = snapshot.at("next_timer_seq").get<std::uint64_t>();
    for (const auto& p : snapshot.at("pending")) {
      Pending pending;
      pending.key = p.at("key").get<std::string>();
      pending.player = p.at("player").get<std::string>();
      pending.puzzle = p.at("puzzle").get<int>();
      pending.run = p.at("run").get<bool>();
      pending.language = p.at("language").get<std::string>();
      pending.code_as_written = p.at("code").get<std::string>();
      pending.submitted_at = p.at("submitted_at").get<std::int64_t>();
      for (const auto& test : p.at("run_tests")) {
        pending.run_tests.emplace_back(test.at(0).get<std::string>(), test.at(1).get<std::string>());
      }
      s->pending_.push_back(std::move(pending));
    }
    for (const auto& [player, slot] : snapshot.at("live_code").items()) {
      LiveCode live;
      live.code = slot.at("code").get<std::string>();
      live.last_call_ms = slot.at("last_call_ms").get<std::int64_t>();
      live.waiting = slot.at("waiting").get<bool>();
      s->live_code_[player] = std::move(live);
    }
    s->next_key_ = snapshot.at("next_key").get<std::uint64_t>();
    s->standings_ = snapshot.at("standings");
    s->faults_ = snapshot.at("faults").get<std::vector<std::string>>();
    s->fault_count_ = snapshot.at("fault_count").get<int>();
  } catch (const std::exception& e) {
    return fail(std::string("bad snapshot: ") + e.what());
  }
  s->dirty_ = false;
  return s;
}

json GameSession::snapshot() const {
  json players = json::array();
  for (const auto& p : players_) players.push_back(player_json(p));
  json timers = json::array();
  for (const auto& t : timers_) timers.push_back({{"at_ms", t.at_ms}, {"seq", t.seq}, {"tag", t.tag}});
  json pending = json::array();
  for (const auto& p : pending_) {
    json tests = json::array();
    for (const auto& [input, output] : p.run_tests) tests.push_back({input, output});
    pending.push_back({{"key", p.key},
                       {"player", p.player},
                       {"puzzle", p.puzzle},
                       {"run", p.run},
                       {"language", p.language},
                       {"code", p.code_as_written},
                       {"submitted_at", p.submitted_at},
                       {"run_tests", std::move(tests)}});
  }
  json live = json::object();
  for (const auto& [player, slot] : live_code_) {
    live[player] = {{"code", slot.code}, {"last_call_ms", slot.last_call_ms}, {"waiting", slot.waiting}};
  }
  return {{"format", 1},
          {"id", facts().game_id},
          {"mode", runtime_->script().name()},
          {"version", version()},
          {"phase", phase_name(phase_)},
          {"end_reason", end_reason_},
          {"created_at_ms", created_at_ms_},
          {"starts_at_ms", starts_at_ms_},
          {"ends_at_ms", ends_at_ms_},
          {"next_tick_ms", next_tick_ms_},
          {"now_ms", now_ms_},
          {"state", runtime_->state()},
          {"rng", hex64(runtime_->rng_state())},
          {"players", std::move(players)},
          {"timers", std::move(timers)},
          {"next_timer_seq", next_timer_seq_},
          {"pending", std::move(pending)},
          {"live_code", std::move(live)},
          {"next_key", next_key_},
          {"standings", standings_},
          {"faults", faults_},
          {"fault_count", fault_count_}};
}

// The tick and the grace come from the script (they change when a game migrates).
void GameSession::configure_from_script() {
  const auto& info = runtime_->script().info();
  tick_ms_ = info.tick_s > 0 ? std::max<std::int64_t>(1, std::llround(info.tick_s * 1000.0)) : 0;
  grace_ms_ = static_cast<std::int64_t>(info.grace_s >= 0 ? info.grace_s : settings_.grace_s) * 1000;
}

// ---------------------------------------------------------------------------------------------
// reads

const modes::GameFacts& GameSession::facts() const {
  return runtime_->facts();
}
const std::string& GameSession::version() const {
  return runtime_->script().version();
}

modes::PlayerFacts* GameSession::find(const std::string& player) {
  for (auto& p : players_) {
    if (p.id == player) return &p;
  }
  return nullptr;
}
const modes::PlayerFacts* GameSession::find(const std::string& player) const {
  for (const auto& p : players_) {
    if (p.id == player) return &p;
  }
  return nullptr;
}
bool GameSession::is_player(const std::string& player) const {
  return find(player) != nullptr;
}

json GameSession::view(const std::string& player) {
  prepare(now_ms_);
  const modes::PlayerFacts* p = find(player);
  auto outcome = runtime_->view(p);
  json v = json::object();
  if (!outcome.ok) {
    fault("view", outcome.error);
  } else if (outcome.value.is_object()) {
    v = std::move(outcome.value);
  } else if (!outcome.value.is_null() && !outcome.value.empty()) {
    note("view: returned " + std::string(outcome.value.type_name()) + ", not a table of fields (ignored)");
  }
  v["phase"] = phase_name(phase_);
  v["now_ms"] = game_clock();
  v["starts_at_ms"] = starts_at_ms_;
  v["ends_at_ms"] = ends_at_ms_;
  v["puzzle_count"] = facts().puzzles.size();
  return v;
}

json GameSession::summary() const {
  json players = json::array();
  for (const auto& p : players_) players.push_back(player_json(p));
  const auto& f = facts();
  return {{"id", f.game_id},
          {"mode", f.mode.empty() ? runtime_->script().name() : f.mode},
          {"title", runtime_->script().info().title},
          {"version", version()},
          {"phase", phase_name(phase_)},
          {"created_at_ms", created_at_ms_},
          {"starts_at_ms", starts_at_ms_},
          {"ends_at_ms", ends_at_ms_},
          {"duration", f.duration_s},
          {"options", f.options},
          {"languages", f.languages},
          {"puzzle_count", f.puzzles.size()},
          {"players", std::move(players)},
          {"standings", standings_},
          {"reason", end_reason_.empty() ? json(nullptr) : json(end_reason_)}};
}

std::vector<Outgoing> GameSession::drain() {
  return std::exchange(outbox_, {});
}

bool GameSession::take_dirty() {
  return std::exchange(dirty_, false);
}

// ---------------------------------------------------------------------------------------------
// handler plumbing

void GameSession::prepare(std::int64_t at_ms) {
  now_ms_ = std::max(now_ms_, at_ms);
  runtime_->set_clock(game_clock());
  runtime_->set_players(players_);
}

// Every input that reaches the mode starts here: a version offered since the last event is
// switched to first, so the event is handled by the new version.
void GameSession::begin_event(std::int64_t at_ms) {
  prepare(at_ms);
  if (offered_) migrate_now();
}

bool GameSession::settle(const std::string& handler, modes::CallOutcome& outcome, bool recompute) {
  dirty_ = true;
  if (!outcome.ok) {
    fault(handler, outcome.error);
    return false;
  }
  if (!outcome.effects.empty()) apply(outcome.effects);
  if (recompute && !over()) recompute_standings();
  return true;
}

void GameSession::apply(const std::vector<modes::Effect>& effects) {
  using Kind = modes::Effect::Kind;
  std::optional<std::string> finish_reason;
  bool refresh_all = false;
  std::vector<std::string> refresh;
  for (const auto& e : effects) {
    switch (e.kind) {
      case Kind::Broadcast:
        if (reserved_event(e.name)) {
          note("broadcast: event name '" + e.name + "' is reserved for the host (ignored)");
        } else {
          outbox_.push_back({"", e.name, e.payload});
        }
        break;
      case Kind::Send:
        if (reserved_event(e.name)) {
          note("send: event name '" + e.name + "' is reserved for the host (ignored)");
        } else if (!find(e.player)) {
          note("send: no player '" + e.player + "' (ignored)");
        } else {
          outbox_.push_back({e.player, e.name, e.payload});
        }
        break;
      case Kind::Refresh:
        if (e.player.empty()) {
          refresh_all = true;
        } else if (!find(e.player)) {
          note("refresh: no player '" + e.player + "' (ignored)");
        } else if (std::find(refresh.begin(), refresh.end(), e.player) == refresh.end()) {
          refresh.push_back(e.player);
        }
        break;
      case Kind::Complete:
        if (auto* p = find(e.player); !p) {
          note("complete: no player '" + e.player + "' (ignored)");
        } else if (!p->completed) {
          p->completed = true;
          outbox_.push_back({"", "player_completed", {{"player", p->id}, {"name", p->name}, {"at", game_clock()}}});
        }
        break;
      case Kind::Eliminate:
        if (auto* p = find(e.player); !p) {
          note("eliminate: no player '" + e.player + "' (ignored)");
        } else if (!p->eliminated) {
          p->eliminated = true;
          live_code_.erase(p->id);
          outbox_.push_back({"", "player_eliminated", {{"player", p->id}, {"name", p->name}, {"reason", e.name}}});
        }
        break;
      case Kind::Finish:
        if (!finish_reason) finish_reason = e.name.empty() ? "finished" : e.name;
        break;
      case Kind::After:
        if (timers_.size() >= kMaxTimers) {
          note("after: more than " + std::to_string(kMaxTimers) + " timers pending; '" + e.name + "' ignored");
        } else {
          timers_.push_back({now_ms_ + std::max(kMinTimerDelayMs, e.delay_ms), next_timer_seq_++, e.name});
        }
        break;
      case Kind::Log:
        if (logger_)
          logger_->info("game {} ({} {}): {}", facts().game_id, runtime_->script().name(), version(), e.name);
        break;
    }
  }
  // Views after every effect of the handler: they see completions and eliminations.
  if (refresh_all) {
    push_views();
  } else {
    for (const auto& player : refresh) push_view(player);
  }
  if (finish_reason && !over()) {
    recompute_standings();
    finish(*finish_reason);
  }
}

void GameSession::recompute_standings() {
  runtime_->set_players(players_);
  auto outcome = runtime_->standings();
  if (!outcome.ok) {
    fault("standings", outcome.error);
    return;
  }
  const json& value = outcome.value;
  json rows = json::array();
  if (!value.is_array() && !(value.is_object() && value.empty()) && !value.is_null()) {
    fault("standings", "returned " + std::string(value.type_name()) + ", not an array of rows");
    return;
  }
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      const auto& row = value[i];
      if (!row.is_object() || !row.contains("player")) {
        fault("standings", "row " + std::to_string(i + 1) + " is not a table with a player");
        return;
      }
      std::string player = row["player"].is_string() ? row["player"].get<std::string>() : row["player"].dump();
      const auto* p = find(player);
      json place = row.contains("place") && row["place"].is_number() ? row["place"] : json(i + 1);
      json score = row.contains("score") && row["score"].is_number() ? row["score"] : json(0);
      std::string detail = row.contains("detail") && row["detail"].is_string()  ? row["detail"].get<std::string>()
                           : row.contains("detail") && !row["detail"].is_null() ? row["detail"].dump()
                                                                                : "";
      rows.push_back(
          {{"player", player}, {"name", p ? p->name : ""}, {"place", place}, {"score", score}, {"detail", detail}});
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const json& a, const json& b) { return a["place"].get<double>() < b["place"].get<double>(); });
  if (rows != standings_) {
    standings_ = std::move(rows);
    dirty_ = true;
    outbox_.push_back({"", "standings", {{"standings", standings_}}});
  }
}

void GameSession::push_view(const std::string& player) {
  const auto* p = find(player);
  if (!p || p->left) return;
  auto v = view(player);
  outbox_.push_back({player, "view", std::move(v)});
}

void GameSession::push_views() {
  for (std::size_t i = 0; i < players_.size(); ++i) {
    if (!players_[i].left) push_view(players_[i].id);
  }
}

void GameSession::fault(const std::string& handler, const std::string& error) {
  faults_.push_back(handler + ": " + error);
  ++fault_count_;
  dirty_ = true;
  if (logger_) {
    logger_->warn("game {} ({} {}): {} failed: {}", facts().game_id, runtime_->script().name(), version(), handler,
                  error);
  }
  if (!over() && fault_count_ >= std::max(1, settings_.max_faults)) {
    abort("too_many_faults",
          std::to_string(fault_count_) + " errors in the game mode; the last: " + handler + ": " + error);
  }
}

// Something the mode asked for was ignored: recorded and logged, not counted as a fault.
void GameSession::note(const std::string& what) {
  faults_.push_back(what);
  dirty_ = true;
  if (logger_) logger_->warn("game {} ({} {}): {}", facts().game_id, runtime_->script().name(), version(), what);
}

void GameSession::finish(const std::string& reason) {
  if (over()) return;
  phase_ = Phase::Finished;
  end_reason_ = reason;
  pending_.clear();
  timers_.clear();
  live_code_.clear();
  dirty_ = true;
  json winner = nullptr;
  int first = 0;
  for (const auto& row : standings_) {
    if (row["place"] == 1) {
      ++first;
      winner = {{"player", row["player"]}, {"name", row["name"]}};
    }
  }
  if (first != 1) winner = nullptr;
  outbox_.push_back({"", "game_completed", {{"reason", reason}, {"standings", standings_}, {"winner", winner}}});
  push_views();  // the final view (phase "finished"), e.g. the mode's closing message
}

void GameSession::abort(const std::string& reason, const std::string& message) {
  if (over()) return;
  phase_ = Phase::Aborted;
  end_reason_ = reason;
  pending_.clear();
  timers_.clear();
  live_code_.clear();
  dirty_ = true;
  outbox_.push_back({"", "game_aborted", {{"reason", reason}, {"message", message}}});
}

// ---------------------------------------------------------------------------------------------
// hot reload

void GameSession::offer_version(std::shared_ptr<const modes::ModeScript> next) {
  if (!next || over()) return;
  // Only a newer version of this game's mode that can take the state over; anything else
  // leaves the game pinned to the version it runs.
  if (next->name() != runtime_->script().name() || next->version() == version() || !next->info().has_migrate) {
    return;
  }
  offered_ = std::move(next);
}

void GameSession::migrate_now() {
  auto next = std::exchange(offered_, nullptr);
  if (!next || over()) return;
  const std::string from = version();
  const auto old_tick = tick_ms_;
  auto outcome = runtime_->migrate(next);
  dirty_ = true;
  if (!outcome.ok) {
    note("migrate to " + next->version() + " failed, staying on " + from + ": " + outcome.error);
    return;
  }
  if (logger_) logger_->info("game {}: migrated {} from {} to {}", facts().game_id, next->name(), from, version());
  configure_from_script();
  if (tick_ms_ != old_tick && tick_ms_ > 0) {
    next_tick_ms_ = (phase_ == Phase::Countdown ? starts_at_ms_ : now_ms_) + tick_ms_;
  }
  outbox_.push_back({"", "mode_migrated", {{"version", version()}, {"from", from}}});
  prepare(now_ms_);
  recompute_standings();
  if (phase_ != Phase::Countdown) push_views();
}

// ---------------------------------------------------------------------------------------------
// time

bool GameSession::holds_overtime() const {
  return std::any_of(pending_.begin(), pending_.end(), [](const Pending& p) { return !p.run; });
}

// The earliest piece of work due at or before `now_ms` (kNever as the bound gives the next at
// all). Same-time work goes in a fixed order: start, code slots, timers, tick, end of time.
bool GameSession::next_due(std::int64_t now_ms, std::int64_t* at, Due* kind, std::string* who) const {
  if (over()) return false;
  std::int64_t best = kNever;
  Due best_kind = Due::GraceOver;
  auto consider = [&](std::int64_t t, Due k, const std::string& w) {
    if (t > now_ms) return;
    if (t < best || (t == best && static_cast<int>(k) < static_cast<int>(best_kind))) {
      best = t;
      best_kind = k;
      *who = w;
    }
  };
  if (phase_ == Phase::Countdown) {
    consider(starts_at_ms_, Due::Start, "");
  } else {
    if (phase_ == Phase::Playing) {
      for (const auto& [player, slot] : live_code_) {
        if (slot.waiting) consider(slot.last_call_ms + settings_.code_update_interval_ms, Due::CodeSlot, player);
      }
      if (tick_ms_ > 0 && next_tick_ms_ < ends_at_ms_) consider(next_tick_ms_, Due::Tick, "");
      consider(ends_at_ms_, Due::TimeUp, "");
    } else {
      consider(ends_at_ms_ + grace_ms_, Due::GraceOver, "");
    }
    const Timer* first = nullptr;
    for (const auto& t : timers_) {
      if (!first || t.at_ms < first->at_ms || (t.at_ms == first->at_ms && t.seq < first->seq)) first = &t;
    }
    if (first) consider(first->at_ms, Due::Timer, std::to_string(first->seq));
  }
  if (best == kNever) return false;
  *at = best;
  *kind = best_kind;
  return true;
}

std::int64_t GameSession::next_deadline() const {
  std::int64_t at = kNever;
  Due kind;
  std::string who;
  if (!next_due(kNever - 1, &at, &kind, &who)) return kNever;
  return at;
}

void GameSession::advance(std::int64_t now_ms) {
  std::int64_t at = 0;
  Due kind;
  std::string who;
  bool first = true;
  while (!over() && next_due(now_ms, &at, &kind, &who)) {
    if (first) {
      begin_event(at);
      first = false;
      if (over()) break;
      continue;  // the migration may have changed what is due (the tick)
    }
    fire(kind, at, who);
  }
  // Nothing due is left before now_ms, so later handlers may see this time (views show it).
  if (!over()) now_ms_ = std::max(now_ms_, now_ms);
}

void GameSession::fire(Due kind, std::int64_t at, const std::string& who) {
  prepare(at);
  switch (kind) {
    case Due::Start: {
      phase_ = Phase::Playing;
      dirty_ = true;
      auto outcome = runtime_->on_start();
      settle("on_start", outcome);
      if (over()) return;
      push_views();
      outbox_.push_back({"", "game_started", {{"starts_at_ms", starts_at_ms_}, {"ends_at_ms", ends_at_ms_}}});
      return;
    }
    case Due::CodeSlot: {
      auto& slot = live_code_[who];
      slot.waiting = false;
      slot.last_call_ms = at;
      std::string code = std::exchange(slot.code, {});
      const auto* p = find(who);
      if (!p || p->left) return;
      auto player = *p;
      auto outcome = runtime_->on_code(player, code);
      settle("on_code", outcome);
      return;
    }
    case Due::Timer: {
      auto it =
          std::find_if(timers_.begin(), timers_.end(), [&](const Timer& t) { return std::to_string(t.seq) == who; });
      if (it == timers_.end()) return;
      std::string tag = it->tag;
      timers_.erase(it);
      dirty_ = true;
      auto outcome = runtime_->on_timer(tag);
      settle("on_timer", outcome);
      return;
    }
    case Due::Tick: {
      next_tick_ms_ = at + tick_ms_;
      dirty_ = true;
      auto outcome = runtime_->on_tick();
      settle("on_tick", outcome);
      return;
    }
    case Due::TimeUp:
      end_of_time();
      return;
    case Due::GraceOver:
      finish("time_up");
      return;
  }
}

void GameSession::end_of_time() {
  phase_ = Phase::Overtime;
  dirty_ = true;
  for (auto& [player, slot] : live_code_) slot.waiting = false;
  // Runs still in flight are answered but do not hold the game.
  if (!holds_overtime()) finish("time_up");
}

// ---------------------------------------------------------------------------------------------
// players' inputs

void GameSession::code_update(const std::string& player, const std::string& code, std::int64_t now_ms) {
  if (phase_ != Phase::Playing || !runtime_->has_handler("on_code")) return;
  const auto* p = find(player);
  if (!p || p->left || p->eliminated) return;
  auto& slot = live_code_[player];
  const bool too_soon = slot.last_call_ms != std::numeric_limits<std::int64_t>::min() &&
                        now_ms - slot.last_call_ms < settings_.code_update_interval_ms;
  if (slot.waiting || too_soon) {
    // Latest wins: the code waits for the player's next slot, which advance() delivers (now,
    // if the slot has come already).
    slot.code = code;
    slot.waiting = true;
    dirty_ = true;
    advance(now_ms);
    return;
  }
  advance(now_ms);  // a tick or timer due before this update goes first
  if (phase_ != Phase::Playing) return;
  begin_event(now_ms);
  const auto* q = find(player);
  if (over() || !q || q->left || q->eliminated) return;
  auto& fresh = live_code_[player];
  fresh.last_call_ms = now_ms_;
  fresh.waiting = false;
  fresh.code.clear();
  auto facts_of_player = *q;
  auto outcome = runtime_->on_code(facts_of_player, code);
  settle("on_code", outcome);
}

std::variant<JudgePlan, Refusal> GameSession::submit(const std::string& player, const std::string& language,
                                                     const std::string& code, std::optional<int> puzzle,
                                                     std::int64_t now_ms) {
  return accept(false, player, language, code, puzzle, now_ms);
}

std::variant<JudgePlan, Refusal> GameSession::run(const std::string& player, const std::string& language,
                                                  const std::string& code, std::optional<int> puzzle,
                                                  std::int64_t now_ms) {
  return accept(true, player, language, code, puzzle, now_ms);
}

std::variant<JudgePlan, Refusal> GameSession::accept(bool run, const std::string& player, const std::string& language,
                                                     const std::string& code, std::optional<int> puzzle,
                                                     std::int64_t now_ms) {
  const char* what = run ? "run" : "submission";
  if (!over()) advance(now_ms);  // the end of time at or before now goes first
  if (phase_ != Phase::Playing) {
    return Refusal{"not_playing", phase_ == Phase::Countdown ? "the game has not started yet"
                                  : over()                   ? "the game is over"
                                                             : "time is up"};
  }
  const auto* p = find(player);
  if (!p) return Refusal{"not_a_player", "you are not a player of this game"};
  if (p->left) return Refusal{"not_a_player", "you left this game"};
  if (p->eliminated) return Refusal{"eliminated", "you were eliminated"};
  const auto& languages = facts().languages;
  if (!languages.empty() && std::find(languages.begin(), languages.end(), language) == languages.end()) {
    return Refusal{"language_not_allowed", "this game does not allow " + language};
  }
  for (const auto& pending : pending_) {
    if (pending.player == player && pending.run == run) {
      return Refusal{"pending_submission", std::string("your previous ") + what + " is still being judged"};
    }
  }
  const int count = static_cast<int>(facts().puzzles.size());
  int index = puzzle.value_or(1);
  if (index < 1 || index > count) {
    return Refusal{"bad_puzzle", "there is no puzzle " + std::to_string(index) + " in this game"};
  }

  begin_event(now_ms);
  if (over()) return Refusal{"not_playing", "the game is over"};
  auto facts_of_player = *find(player);
  auto outcome = run ? runtime_->before_run(facts_of_player, code, language, index)
                     : runtime_->before_submit(facts_of_player, code, language, index);
  if (!settle(run ? "before_run" : "before_submit", outcome)) {
    return Refusal{"refused_by_mode", "the game mode failed to handle this " + std::string(what)};
  }
  if (phase_ != Phase::Playing) return Refusal{"not_playing", "the game is over"};
  const json& value = outcome.value;
  const json first = value.is_array() && !value.empty() ? value[0] : value;
  if (!first.is_string()) {
    std::string reason = value.is_array() && value.size() > 1 && value[1].is_string() ? value[1].get<std::string>()
                                                                                      : "refused by the game mode";
    return Refusal{"refused_by_mode", reason};
  }
  if (value.is_array() && value.size() > 1 && value[1].is_object() && value[1].contains("puzzle")) {
    const auto& chosen = value[1]["puzzle"];
    if (!chosen.is_number_integer() || chosen.get<int>() < 1 || chosen.get<int>() > count) {
      return Refusal{"bad_puzzle", "the game mode chose a puzzle this game does not have"};
    }
    index = chosen.get<int>();
  }

  JudgePlan plan;
  plan.submission_key = std::to_string(next_key_++);
  plan.player = player;
  plan.language = language;
  plan.code_to_run = first.get<std::string>();
  plan.code_as_written = code;
  plan.puzzle = index;
  plan.submitted_at = game_clock();
  if (run) {
    // The tests of the player's own view: what they can see is what they can run against.
    json v = view(player);
    const json* tests = nullptr;
    if (v.contains("puzzles") && v["puzzles"].is_array()) {
      for (const auto& entry : v["puzzles"]) {
        if (entry.is_object() && entry.value("index", 0) == index && entry.contains("tests")) tests = &entry["tests"];
      }
    }
    if (!tests && v.contains("tests")) tests = &v["tests"];
    if (tests && tests->is_array()) {
      for (const auto& t : *tests) {
        if (!t.is_object()) continue;
        auto text = [&](const char* key) {
          if (!t.contains(key)) return std::string();
          return t[key].is_string() ? t[key].get<std::string>() : t[key].dump();
        };
        plan.run_tests.emplace_back(text("input"), text("output"));
      }
    }
    if (plan.run_tests.empty()) return Refusal{"refused_by_mode", "there are no tests to run against"};
  }
  pending_.push_back({plan.submission_key, player, index, run, language, code, plan.submitted_at, plan.run_tests});
  dirty_ = true;
  if (!run) {
    outbox_.push_back(
        {"", "submission_accepted", {{"player", player}, {"submission_key", plan.submission_key}, {"puzzle", index}}});
  }
  return plan;
}

void GameSession::judged(const std::string& submission_key, modes::SubmissionFacts result, std::int64_t now_ms) {
  if (over()) return;
  auto is_key = [&](const Pending& p) { return p.key == submission_key; };
  if (std::none_of(pending_.begin(), pending_.end(), is_key)) return;
  // The end of time before the verdict arrived comes first: with this submission still
  // pending, the game waits in overtime for it (or it is too late: the grace is over).
  advance(now_ms);
  if (over()) return;
  auto it = std::find_if(pending_.begin(), pending_.end(), is_key);
  if (it == pending_.end()) return;
  Pending pending = std::move(*it);
  pending_.erase(it);
  dirty_ = true;
  if (result.tests_total == 0) result.tests_total = result.tests.size();
  if (result.tests_passed == 0) {
    result.tests_passed = static_cast<std::size_t>(std::count(result.tests.begin(), result.tests.end(), true));
  }

  if (pending.run) {
    // Only the player sees a run: no handler, no standings. The loop fills in the outputs.
    json tests = json::array();
    for (std::size_t i = 0; i < pending.run_tests.size(); ++i) {
      bool passed = i < result.tests.size() && result.tests[i];
      std::string verdict = passed ? "OK" : (result.verdict.empty() || result.verdict == "OK" ? "WA" : result.verdict);
      tests.push_back({{"input", pending.run_tests[i].first},
                       {"expected", pending.run_tests[i].second},
                       {"output", ""},
                       {"verdict", verdict},
                       {"passed", passed}});
    }
    outbox_.push_back({pending.player,
                       "run_result",
                       {{"submission_key", pending.key}, {"verdict", result.verdict}, {"tests", std::move(tests)}}});
    return;
  }

  result.puzzle = pending.puzzle;
  if (result.language.empty()) result.language = pending.language;
  result.code = pending.code_as_written;
  result.length = code_points(pending.code_as_written);
  result.submitted_at = pending.submitted_at;
  outbox_.push_back({"",
                     "submission_result",
                     {{"player", pending.player},
                      {"submission_key", pending.key},
                      {"puzzle", pending.puzzle},
                      {"verdict", result.verdict},
                      {"passed", result.passed},
                      {"tests_passed", result.tests_passed},
                      {"tests_total", result.tests_total},
                      {"cpu_ms", result.cpu_ms},
                      {"memory_kb", result.memory_kb},
                      {"length", result.length}}});
  begin_event(now_ms);
  if (over()) return;
  if (const auto* p = find(pending.player); p && !p->left) {
    auto player = *p;
    auto outcome = runtime_->on_result(player, result);
    settle("on_result", outcome);
  }
  if (phase_ == Phase::Overtime && !holds_overtime()) finish("time_up");
}

void GameSession::leave(const std::string& player, std::int64_t now_ms) {
  if (over()) return;
  auto* p = find(player);
  if (!p || p->left) return;
  advance(now_ms);
  if (over()) return;
  begin_event(now_ms);
  if (over()) return;
  p = find(player);
  p->left = true;
  p->connected = false;
  live_code_.erase(player);
  // A player who leaves forfeits what is still being judged.
  std::erase_if(pending_, [&](const Pending& pending) { return pending.player == player; });
  dirty_ = true;
  outbox_.push_back({"", "player_left", {{"player", p->id}, {"name", p->name}}});
  auto facts_of_player = *p;
  runtime_->set_players(players_);
  auto outcome = runtime_->on_leave(facts_of_player);
  settle("on_leave", outcome);
  if (over()) return;
  if (std::all_of(players_.begin(), players_.end(), [](const modes::PlayerFacts& q) { return q.left; })) {
    finish("everyone_left");
  } else if (phase_ == Phase::Overtime && !holds_overtime()) {
    finish("time_up");
  }
}

void GameSession::set_connected(const std::string& player, bool connected) {
  auto* p = find(player);
  if (!p || p->left || p->connected == connected) return;
  p->connected = connected;
  dirty_ = true;
  outbox_.push_back({"", "player_connected", {{"player", p->id}, {"name", p->name}, {"connected", connected}}});
}

}  // namespace arena::games
