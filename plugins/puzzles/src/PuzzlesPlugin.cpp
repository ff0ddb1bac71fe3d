// The puzzles plugin: authoring and the catalogue, single-player solving through the judge,
// comments, the demo puzzles of `arena seed`, and the PuzzleCatalog service for games.
#include "CatalogService.h"
#include "PuzzleServices.h"
#include "SeedLoader.h"

#include <arena/Plugin.h>

namespace puzzles {

class PuzzlesPlugin final : public arena::Plugin {
 public:
  ~PuzzlesPlugin() override { unsubscribe(); }

  void setup(arena::PluginContext& context) override {
    context_ = &context;
    auto judge = context.services().require<arena::JudgeService>();
    services_ = std::make_unique<PuzzleServices>(PuzzlesSettings::from_config(context.config()), context.database(),
                                                 judge, context.logger());
    context.services().provide<arena::PuzzleCatalog>(std::make_shared<CatalogService>(services_->puzzles, services_->solving));
    add_puzzle_routes(context.router(), *services_);
    add_submission_routes(context.router(), *services_);
    add_comment_routes(context.router(), *services_);
    subscription_ = context.events().subscribe(arena::kSubmissionJudgedEvent, [this](const arena::Event& event) {
      services_->solving.on_judged(event.payload);
    });
  }

  void stop() override { unsubscribe(); }

  void seed() override {
    SeedLoader(context_->database(), services_->puzzles).load(services_->settings.seeds_dir, *context_->logger());
    services_->cache.clear();
  }

 private:
  void unsubscribe() {
    if (context_ != nullptr && subscription_ != 0) context_->events().unsubscribe(subscription_);
    subscription_ = 0;
  }

  arena::PluginContext* context_ = nullptr;
  std::unique_ptr<PuzzleServices> services_;
  arena::EventBus::SubscriptionId subscription_ = 0;
};

}  // namespace puzzles

ARENA_PLUGIN(puzzles::PuzzlesPlugin, "puzzles", "1.0.0",
             "Puzzles: authoring and review, the catalogue, single-player solving through the judge, comments",
             puzzles::kPuzzlesConfigSchema, "auth", "judge")
