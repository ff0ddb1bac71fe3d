#include "JudgeRuntime.h"

#include <unistd.h>

namespace judge {

std::string process_name() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(::getpid());
}

namespace {

std::string describe(const arena::sandbox::Capabilities& caps) {
  std::string text = caps.privileged ? "privileged" : "unprivileged";
  if (!caps.cgroup_version.empty()) {
    text += ", cgroup " + caps.cgroup_version + ":";
    if (caps.cgroup_memory) text += " memory";
    if (caps.cgroup_pids) text += " pids";
    if (caps.cgroup_cpu) text += " cpu";
  } else {
    text += ", no cgroups";
  }
  if (caps.seccomp) text += ", seccomp";
  if (caps.network_namespace) text += ", no network";
  return text;
}

}  // namespace

JudgeRuntime::JudgeRuntime(arena::PluginContext& context, const JudgeSettings& settings,
                           const LanguageCatalog& languages, JobQueue& queue, JudgeServiceImpl& service,
                           JudgeMetrics& metrics)
    : context_(context),
      settings_(settings),
      languages_(languages),
      queue_(queue),
      service_(service),
      metrics_(metrics),
      logger_(context.logger()) {}

bool JudgeRuntime::start_engine() {
  if (engine_) return usable_;
  arena::sandbox::Options options;
  options.slots = settings_.sandbox_slots;
  options.uid = settings_.sandbox_uid;
  options.gid = settings_.sandbox_gid;
  options.cgroup_parent = settings_.sandbox_cgroup_parent;
  try {
    auto runner = std::make_unique<SandboxRunner>(options);
    const auto& caps = runner->capabilities();
    for (const auto& warning : caps.warnings) logger_->warn("sandbox: {}", warning);
    arena::sandbox::RunSpec probe;
    probe.argv = {"/usr/bin/true"};
    auto result = runner->run(probe);
    if (result.verdict != arena::sandbox::Verdict::OK) {
      status_ = "sandbox self-test failed: " + result.message;
      logger_->error("judge: {}", status_);
    } else {
      status_ = "sandbox " + describe(caps);
      usable_ = true;
    }
    engine_ =
        std::make_unique<JudgeEngine>(settings_, languages_, std::move(runner), context_.data_dir() / "compile-cache",
                                      [this](CacheTier tier) { metrics_.cache(tier); });
  } catch (const std::exception& e) {
    status_ = std::string("sandbox unusable: ") + e.what();
    logger_->error("judge: {}", status_);
  }
  if (usable_) service_.attach(engine_.get());
  return usable_;
}

void JudgeRuntime::start(int threads, bool announce) {
  if (threads > 0 && usable_) {
    WorkerOptions options{threads, settings_.max_attempts, settings_.lease_seconds, settings_.poll_interval_ms,
                          process_name()};
    pool_ = std::make_unique<WorkerPool>(queue_, engine_->judge, options, logger_,
                                         [this](const std::string& verdict, double latency) {
                                           metrics_.jobs.inc({verdict});
                                           metrics_.latency.observe(latency);
                                         });
    pool_->start();
    threads_ = threads;
  } else if (threads > 0) {
    logger_->error("judge: no workers started ({}); jobs wait for a working `arena judge-worker`", status_);
  }
  QueueListener::Callbacks callbacks;
  if (pool_) callbacks.job_queued = [this](const std::string&) { pool_->wake(); };
  if (announce) {
    announcer_ = std::make_unique<Announcer>(queue_, context_.events(), logger_);
    callbacks.progress = [this](const std::string& payload) { announcer_->progress(payload); };
    callbacks.finished = [this](const std::string& id) { announcer_->finished(id); };
    callbacks.reconnected = [this](double since) { announcer_->catch_up(since - 2); };
  }
  callbacks.tick = [this] {
    if (++ticks_ % 5 != 0) return;
    try {
      auto depth = queue_.depth();
      metrics_.queue.set(static_cast<double>(depth.queued), {"queued"});
      metrics_.queue.set(static_cast<double>(depth.running), {"running"});
    } catch (const std::exception&) {
      // The database is away; the listener reports that on its own.
    }
  };
  listener_ = std::make_unique<QueueListener>(context_.database(), std::move(callbacks), logger_);
  listener_->start();
}

void JudgeRuntime::stop() {
  if (pool_) pool_->stop();
  if (listener_) listener_->stop();
  listener_.reset();
  pool_.reset();
  announcer_.reset();
}

std::string JudgeRuntime::status() const {
  std::string text = status_;
  if (pool_) text += "; " + std::to_string(threads_) + " worker(s)";
  if (listener_ && !listener_->connected()) text += "; queue listener disconnected";
  return text;
}

}  // namespace judge
