// The rooms plugin: the lobby, waiting rooms with chat and presence, and matchmaking, over
// the SDK's Channels (Phoenix topics) and a few HTTP routes.
#include "MatchmakerThread.h"
#include "RoomService.h"
#include "channels/LobbyChannel.h"
#include "channels/RoomChannel.h"
#include "channels/UserChannel.h"
#include "routes/RoomRoutes.h"

#include <arena/JudgeService.h>
#include <arena/Plugin.h>
#include <arena/PuzzleCatalog.h>

#include <stdexcept>

namespace rooms {

class RoomsPlugin final : public arena::Plugin {
 public:
  ~RoomsPlugin() override {
    if (thread_) thread_->stop();
  }

  void setup(arena::PluginContext& context) override {
    auto settings = RoomsSettings::from_config(context.config());
    auto logger = context.logger();
    service_ =
        std::make_unique<RoomService>(settings, context.database(), context.channels(), context.events(), logger);
    service_->set_metrics(context.metrics());

    // Languages come from the judge and puzzles from the puzzles plugin when they are
    // enabled; otherwise any language names and puzzle ids are accepted. Looked up per
    // request: those plugins may be set up after us.
    arena::ServiceRegistry& services = context.services();
    service_->set_option_sources(
        [&services]() -> std::optional<std::vector<arena::LanguageInfo>> {
          auto judge = services.find<arena::JudgeService>();
          if (!judge) return std::nullopt;
          return judge->languages();
        },
        [&services](const std::string& puzzle_id) {
          auto catalog = services.find<arena::PuzzleCatalog>();
          return !catalog || catalog->game_puzzle(puzzle_id).has_value();
        });

    context.channels().add("lobby", std::make_shared<LobbyChannel>(*service_));
    context.channels().add("room:*", std::make_shared<RoomChannel>(*service_));
    try {
      context.channels().add("user:*", std::make_shared<UserChannel>());
    } catch (const std::invalid_argument&) {
      logger->debug("rooms: user:* is served by someone else; match_found goes through it");
    }
    // The game issue's mode loader replaces the built-in list through the bus.
    context.events().subscribe(kModesLoadedEvent, [this, logger](const arena::Event& event) {
      try {
        service_->set_modes(modes_from_json(event.payload));
      } catch (const std::exception& e) {
        logger->error("rooms: ignoring {}: {}", kModesLoadedEvent, e.what());
      }
    });
    // The game loop (host/src/games) tells which game a started room made and when it ended.
    for (const char* name : {"game.created", "game.finished"}) {
      context.events().subscribe(name, [this, name = std::string(name)](const arena::Event& event) {
        auto room_id = event.payload.value("room_id", std::string());
        auto game_id = event.payload.value("game_id", std::string());
        if (room_id.empty() || game_id.empty()) return;
        if (name == "game.created")
          service_->game_created(room_id, game_id);
        else
          service_->game_over(room_id, game_id, event.payload);
      });
    }
    add_game_routes(context.router(), *service_);
    add_match_routes(context.router(), *service_);

    thread_ = std::make_unique<MatchmakerThread>(
        settings.tick, [this] { service_->tick(); },
        [logger](const std::exception& e) { logger->error("rooms: matchmaker tick failed: {}", e.what()); });
  }

  void start() override { thread_->start(); }
  void stop() override { thread_->stop(); }

 private:
  std::unique_ptr<RoomService> service_;
  std::unique_ptr<MatchmakerThread> thread_;
};

}  // namespace rooms

ARENA_PLUGIN(rooms::RoomsPlugin, "rooms", "1.0.0",
             "Lobby, waiting rooms (chat, presence, kick, start) and rating-based matchmaking",
             rooms::kRoomsConfigSchema, "auth")
