#pragma once

#include "core/MetricsRegistry.h"
#include "realtime/ChannelRegistry.h"
#include "realtime/EventLoop.h"
#include "realtime/RealtimeSettings.h"

#include <arena/Identity.h>
#include <arena/Request.h>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <memory>
#include <mutex>
#include <spdlog/logger.h>
#include <unordered_map>
#include <vector>

namespace arena::host::realtime {

/// The WebSocket endpoint: checks an upgrade request on the HTTP thread (token, limits),
/// answers 101, takes the socket away from Poco and hands it to one of the event loops; the
/// HTTP thread returns at once. Messages go to the ChannelRegistry.
class RealtimeServer {
 public:
  static constexpr const char* kPath = "/socket/websocket";

  RealtimeServer(const RealtimeSettings& settings, ChannelRegistry& registry, std::shared_ptr<Identity> identity,
                 MetricsRegistry& metrics, std::shared_ptr<spdlog::logger> logger);
  ~RealtimeServer();

  /// Serves an upgrade request on an HTTP thread: true when the socket now belongs to a loop;
  /// throws HttpError (400, 401, 403, 429, 503) to refuse before the upgrade.
  bool upgrade(Request& request, Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out);
  /// Closes every socket and stops the loops.
  void stop();
  /// Open sockets across loops.
  std::size_t sockets() const;

 private:
  void on_message(Connection& connection, std::string_view text);
  void on_close(Connection& connection);
  bool allow_upgrade(const std::string& user_id);

  RealtimeSettings settings_;
  ChannelRegistry& registry_;
  std::shared_ptr<Identity> identity_;
  std::shared_ptr<spdlog::logger> logger_;
  Counter& upgrades_total_;
  std::vector<std::unique_ptr<EventLoop>> loops_;
  std::atomic<std::uint64_t> next_id_{1};
  std::atomic<std::size_t> next_loop_{0};
  std::mutex upgrades_mutex_;
  struct Bucket {
    double tokens;
    std::int64_t at_ms;
  };
  std::unordered_map<std::string, Bucket> upgrade_buckets_;  // user id -> bucket
  bool stopped_ = false;
};

}  // namespace arena::host::realtime
