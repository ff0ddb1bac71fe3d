#include "OrderRecordingPlugin.h"

namespace {
class AlphaPlugin final : public test_plugins::OrderRecordingPlugin {
 public:
  AlphaPlugin() : OrderRecordingPlugin("alpha") {}
  void setup(arena::PluginContext& context) override {
    OrderRecordingPlugin::setup(context);
    database_ = &context.database();
  }
  void seed() override {
    database_->transact([](pqxx::work& tx) {
      if (tx.exec("SELECT 1 FROM alpha_items LIMIT 1").empty())
        tx.exec("INSERT INTO alpha_items (label, seeded) VALUES ('demo', true)");
    });
  }

 private:
  arena::Database* database_ = nullptr;
};
}  // namespace

ARENA_PLUGIN(AlphaPlugin, "alpha", "1.2.3", "test plugin without dependencies",
             R"({"size": {"type": "integer", "default": 3, "min": 1, "max": 10, "doc": "a number"}})")
