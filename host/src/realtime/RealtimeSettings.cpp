#include "realtime/RealtimeSettings.h"

namespace arena::host::realtime {

RealtimeSettings RealtimeSettings::from_config(const nlohmann::json& config) {
  RealtimeSettings settings;
  if (!config.contains("realtime")) return settings;
  const auto& section = config.at("realtime");
  settings.threads = section.value("threads", settings.threads);
  settings.heartbeat_timeout_ms = section.value("heartbeat_timeout_ms", settings.heartbeat_timeout_ms);
  settings.max_frame_bytes = section.value("max_frame_bytes", settings.max_frame_bytes);
  settings.max_queue_bytes = section.value("max_queue_bytes", settings.max_queue_bytes);
  settings.events_per_second = section.value("events_per_second", settings.events_per_second);
  settings.upgrades_per_minute = section.value("upgrades_per_minute", settings.upgrades_per_minute);
  return settings;
}

}  // namespace arena::host::realtime
