#include "games/GameLoop.h"

#include <ctime>
#include <limits>
#include <string_view>

namespace arena::games {

namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
constexpr std::size_t kBatch = 32;  // inputs one game may run before others get a turn

std::chrono::nanoseconds thread_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct GameLoop::Entry {
  std::string id;
  std::string mode;
  std::unique_ptr<GameSession> session;
  std::mutex mutex;  // guards inputs and queued
  std::deque<std::pair<const char*, Task>> inputs;
  bool queued = false;                         // in ready_ or being run by a worker
  std::atomic<std::int64_t> deadline{kNever};  // the deadline the heap holds for it
  bool over = false;                           // strand only
};

GameLoop::GameLoop(int threads, Hooks hooks, std::shared_ptr<spdlog::logger> logger)
    : threads_(threads < 1 ? 1 : threads), hooks_(std::move(hooks)), logger_(std::move(logger)) {}

GameLoop::~GameLoop() {
  stop();
  std::unique_lock lock(games_mutex_);
  games_.clear();
}

void GameLoop::start() {
  if (scheduler_.joinable()) return;
  {
    std::scoped_lock lock(timers_mutex_, ready_mutex_);
    stopping_ = false;
  }
  scheduler_ = std::thread([this] { scheduler_loop(); });
  for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { worker_loop(); });
}

void GameLoop::stop() {
  {
    std::scoped_lock lock(timers_mutex_, ready_mutex_);
    stopping_ = true;
  }
  timers_changed_.notify_all();
  ready_changed_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  // Inputs not run are dropped: their promises break, so callers waiting on them return.
  std::shared_lock lock(games_mutex_);
  for (auto& [id, entry] : games_) {
    std::lock_guard entry_lock(entry->mutex);
    entry->inputs.clear();
    entry->queued = false;
  }
  std::lock_guard ready_lock(ready_mutex_);
  ready_.clear();
}

void GameLoop::add(const std::string& game_id, std::unique_ptr<GameSession> session) {
  auto entry = std::make_shared<Entry>();
  entry->id = game_id;
  entry->mode = session->summary().value("mode", "");
  entry->session = std::move(session);
  {
    std::unique_lock lock(games_mutex_);
    games_[game_id] = entry;
  }
  ++running_;
  // The first input delivers what creation queued (views, standings) and schedules the start.
  enqueue(entry, "add", [](GameSession&, std::int64_t) {});
}

bool GameLoop::post(const std::string& game_id, const char* kind, Task task) {
  auto entry = find(game_id);
  if (!entry) return false;
  enqueue(entry, kind, std::move(task));
  return true;
}

bool GameLoop::post_at(const std::string& game_id, std::int64_t at_ms, const char* kind, Task task) {
  auto entry = find(game_id);
  if (!entry) return false;
  schedule(Timer{at_ms, 0, entry, kind, std::move(task)});
  return true;
}

bool GameLoop::contains(const std::string& game_id) const {
  return find(game_id) != nullptr;
}

std::vector<std::string> GameLoop::game_ids() const {
  std::shared_lock lock(games_mutex_);
  std::vector<std::string> ids;
  ids.reserve(games_.size());
  for (const auto& [id, _] : games_) ids.push_back(id);
  return ids;
}

std::size_t GameLoop::size() const {
  std::shared_lock lock(games_mutex_);
  return games_.size();
}

std::shared_ptr<GameLoop::Entry> GameLoop::find(const std::string& game_id) const {
  std::shared_lock lock(games_mutex_);
  auto it = games_.find(game_id);
  return it == games_.end() ? nullptr : it->second;
}

void GameLoop::remove(const std::string& game_id) {
  {
    std::unique_lock lock(games_mutex_);
    games_.erase(game_id);
  }
  if (hooks_.removed) hooks_.removed(game_id);
}

void GameLoop::enqueue(const std::shared_ptr<Entry>& entry, const char* kind, Task task) {
  {
    std::lock_guard lock(entry->mutex);
    entry->inputs.emplace_back(kind, std::move(task));
    if (entry->queued) return;  // a worker has it (or will): the input waits its turn
    entry->queued = true;
  }
  {
    std::lock_guard lock(ready_mutex_);
    ready_.push_back(entry);
  }
  ready_changed_.notify_one();
}

void GameLoop::schedule(Timer timer) {
  {
    std::lock_guard lock(timers_mutex_);
    timer.seq = next_seq_++;
    timers_.push(std::move(timer));
  }
  timers_changed_.notify_one();
}

void GameLoop::scheduler_loop() {
  std::unique_lock lock(timers_mutex_);
  while (!stopping_) {
    if (timers_.empty()) {
      timers_changed_.wait(lock);
      continue;
    }
    std::int64_t now = wall_ms();
    if (timers_.top().at_ms > now) {
      timers_changed_.wait_for(lock, std::chrono::milliseconds(timers_.top().at_ms - now));
      continue;
    }
    Timer timer = timers_.top();
    timers_.pop();
    lock.unlock();
    if (auto entry = timer.entry.lock()) {
      if (timer.kind != nullptr) {
        enqueue(entry, timer.kind, std::move(timer.task));
      } else if (entry->deadline.load() == timer.at_ms) {
        // A deadline still current (a newer one replaces it in the heap; stale ones are skipped).
        std::int64_t due = timer.at_ms;
        enqueue(entry, "advance", [this, due](GameSession& session, std::int64_t now_ms) {
          if (hooks_.lag) hooks_.lag(std::chrono::milliseconds(now_ms > due ? now_ms - due : 0));
          session.advance(now_ms);
        });
      }
    }
    lock.lock();
  }
}

void GameLoop::worker_loop() {
  while (true) {
    std::shared_ptr<Entry> entry;
    {
      std::unique_lock lock(ready_mutex_);
      ready_changed_.wait(lock, [&] { return stopping_ || !ready_.empty(); });
      if (stopping_) return;
      entry = std::move(ready_.front());
      ready_.pop_front();
    }
    run_batch(entry);
  }
}

void GameLoop::run_batch(const std::shared_ptr<Entry>& entry) {
  for (std::size_t done = 0; done < kBatch; ++done) {
    std::pair<const char*, Task> input;
    {
      std::lock_guard lock(entry->mutex);
      if (entry->inputs.empty()) {
        entry->queued = false;
        return;
      }
      input = std::move(entry->inputs.front());
      entry->inputs.pop_front();
    }
    GameSession& session = *entry->session;
    std::size_t faults_before = session.faults().size();
    auto cpu_before = thread_cpu();
    try {
      input.second(session, wall_ms());
    } catch (const std::exception& e) {
      logger_->error("game {}: input {} failed: {}", entry->id, input.first, e.what());
    }
    after_input(*entry, faults_before, std::string_view(input.first) == "advance");
    if (hooks_.input_cpu) hooks_.input_cpu(input.first, thread_cpu() - cpu_before);
  }
  // A busy game goes to the back of the line so the others get their turn.
  {
    std::lock_guard lock(entry->mutex);
    if (entry->inputs.empty()) {
      entry->queued = false;
      return;
    }
  }
  {
    std::lock_guard lock(ready_mutex_);
    ready_.push_back(entry);
  }
  ready_changed_.notify_one();
}

void GameLoop::after_input(Entry& entry, std::size_t faults_before, bool advanced) {
  GameSession& session = *entry.session;
  try {
    auto messages = session.drain();
    if (!messages.empty() && hooks_.deliver) hooks_.deliver(entry.id, session, messages);
    const auto& faults = session.faults();
    for (std::size_t i = faults_before; i < faults.size(); ++i) {
      if (hooks_.fault) hooks_.fault(entry.id, entry.mode, faults[i]);
    }
    if (session.take_dirty() && hooks_.save) hooks_.save(entry.id, session);
  } catch (const std::exception& e) {
    logger_->error("game {}: delivering its output failed: {}", entry.id, e.what());
  }
  if (session.over() && !entry.over) {
    entry.over = true;
    --running_;
    try {
      if (hooks_.over) hooks_.over(entry.id, session);
    } catch (const std::exception& e) {
      logger_->error("game {}: finishing failed: {}", entry.id, e.what());
    }
    std::string id = entry.id;
    post_at(id, wall_ms() + retention_.count(), "expire", [this, id](GameSession&, std::int64_t) { remove(id); });
  }
  std::int64_t next = entry.over ? kNever : session.next_deadline();
  if (next != kNever) {
    // A deadline that advance() did not consume would spin: retry it a little later.
    std::int64_t now = wall_ms();
    if (advanced && next <= now && entry.deadline.load() == next) next = now + 50;
  }
  if (next != entry.deadline.load()) {
    entry.deadline.store(next);
    if (next != kNever) {
      auto self = find(entry.id);
      if (self) schedule(Timer{next, 0, self, nullptr, {}});
    }
  }
}

}  // namespace arena::games
