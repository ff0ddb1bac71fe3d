#pragma once

// Test plugins announce their setup on the bus, so a test can see the load order.
#include <arena/Plugin.h>

namespace test_plugins {

class OrderRecordingPlugin : public arena::Plugin {
 public:
  explicit OrderRecordingPlugin(std::string name) : name_(std::move(name)) {}
  void setup(arena::PluginContext& context) override {
    context.events().publish("test.setup", {{"plugin", name_}});
    context.router().add("GET", "/api/" + name_, arena::Role::Public,
                         [this](arena::Request&) { return arena::Response::json({{"plugin", name_}}); });
  }

 private:
  std::string name_;
};

}  // namespace test_plugins
