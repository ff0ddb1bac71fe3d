#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>

namespace arena::host::realtime {

/// The `realtime` config section, read once at start.
struct RealtimeSettings {
  int threads = 2;                       ///< event-loop threads serving every socket
  int heartbeat_timeout_ms = 60000;      ///< a socket silent this long is closed
  std::size_t max_frame_bytes = 65536;   ///< largest incoming message (a fragmented one in total)
  std::size_t max_queue_bytes = 262144;  ///< outgoing bytes queued for one socket before it is dropped
  double events_per_second = 20;         ///< per socket, with a burst of twice as many
  int upgrades_per_minute = 20;          ///< socket upgrades per user

  static RealtimeSettings from_config(const nlohmann::json& config);
};

}  // namespace arena::host::realtime
