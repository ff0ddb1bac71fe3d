// The judge plugin: runs submissions against test cases in the sandbox, through a PostgreSQL
// queue worked by threads of the host or by `arena judge-worker` processes.
#include "JudgePlugin.h"

namespace judge {

JudgePlugin::~JudgePlugin() {
  if (runtime_) runtime_->stop();
}

void JudgePlugin::setup(arena::PluginContext& context) {
  context_ = &context;
  settings_ = JudgeSettings::from_config(context.config());
  load_languages();
  metrics_ = std::make_unique<JudgeMetrics>(context.metrics());
  queue_ = std::make_unique<JobQueue>(context.database(), settings_.lease_seconds);
  service_ = std::make_shared<JudgeServiceImpl>(settings_, languages_, *queue_, metrics_.get());
  context.services().provide<arena::JudgeService>(service_);
  runtime_ = std::make_unique<JudgeRuntime>(context, settings_, languages_, *queue_, *service_, *metrics_);

  routes_ = std::make_unique<RouteState>(settings_, *service_);
  add_language_routes(context.router(), *routes_);
  add_execute_routes(context.router(), *routes_);
  add_piston_routes(context.router(), *routes_);

  context.health().add("judge", [this] { return health(); });
  context.commands().add("judge-worker", "[--workers N]   judge queued submissions (no HTTP) until SIGINT/SIGTERM",
                         [this](const std::vector<std::string>& args) { return run_worker(args); });
}

void JudgePlugin::load_languages() {
  auto path = std::filesystem::absolute(settings_.languages_file);
  try {
    languages_ = LanguageCatalog::load(path);
    for (const auto& language : languages_.all()) {
      if (!language.available) context_->logger()->info("language {} unavailable: {}", language.id, language.reason);
    }
  } catch (const std::exception& e) {
    // Not fatal: the rest of the server works; health says what is wrong.
    languages_error_ = e.what();
    context_->logger()->error("judge: {}", languages_error_);
  }
}

void JudgePlugin::start() {
  runtime_->start_engine();
  runtime_->start(settings_.workers, /*announce=*/true);
}

void JudgePlugin::stop() {
  runtime_->stop();
}

arena::HealthStatus JudgePlugin::health() const {
  if (!languages_error_.empty()) return {false, languages_error_};
  std::size_t available = languages_.available_count();
  std::string detail = std::to_string(available) + " of " + std::to_string(languages_.all().size()) +
                       " languages available; " + runtime_->status();
  return {available > 0 && runtime_->usable(), detail};
}

}  // namespace judge

ARENA_PLUGIN(judge::JudgePlugin, "judge", "1.0.0",
             "Judges programs in the sandbox: submission queue, workers, execute and Piston-compatible routes",
             judge::kJudgeConfigSchema)
