#pragma once

#include "realtime/PhoenixMessage.h"

#include <arena/Channels.h>

#include <atomic>
#include <map>
#include <memory>
#include <shared_mutex>
#include <spdlog/logger.h>
#include <unordered_map>

namespace arena::host::realtime {

/// Where the registry sends bytes: one client connection. deliver() takes a complete
/// WebSocket frame, must not block and must not call back into the registry.
class Outlet {
 public:
  virtual ~Outlet() = default;
  virtual void deliver(const std::shared_ptr<const std::string>& frame) = 0;
};

/// Counters the socket layer and the registry share; exported on /metrics.
struct RealtimeCounters {
  std::atomic<std::uint64_t> joins{0};
  std::atomic<std::uint64_t> messages_in{0};
  std::atomic<std::uint64_t> messages_out{0};
  std::atomic<std::uint64_t> slow_consumers{0};
  std::atomic<std::int64_t> sockets_open{0};
};

/// The arena::Channels implementation: which channel serves a topic, which sockets joined
/// which topic, and presence. It also runs the Phoenix side of a socket's messages
/// (receive()): joins, leaves, events and heartbeats, with the replies the phoenix client expects.
///
/// Locking: one shared_mutex over sockets, topics and presence. Broadcasts hold it shared
/// while they hand frames to outlets (which never block); joins, leaves and presence changes
/// hold it exclusive. Plugin code (Channel::join/handle/leave) never runs under the lock, so
/// handlers may call back into the registry freely.
class ChannelRegistry final : public Channels {
 public:
  explicit ChannelRegistry(std::shared_ptr<spdlog::logger> logger);

  // arena::Channels
  void add(const std::string& pattern, std::shared_ptr<Channel> channel) override;
  void broadcast(const std::string& topic, const std::string& event, const nlohmann::json& payload) override;
  void broadcast_from(std::uint64_t except_socket, const std::string& topic, const std::string& event,
                      const nlohmann::json& payload) override;
  void push(std::uint64_t socket_id, const std::string& topic, const std::string& event,
            const nlohmann::json& payload) override;
  void push_user(const std::string& user_id, const std::string& topic, const std::string& event,
                 const nlohmann::json& payload) override;
  void kick(std::uint64_t socket_id, const std::string& topic) override;
  std::vector<Subscriber> subscribers(const std::string& topic) const override;
  void track(const std::string& topic, const Subscriber& who, nlohmann::json meta) override;
  void update_presence(const std::string& topic, const Subscriber& who, nlohmann::json meta) override;
  nlohmann::json presence(const std::string& topic) const override;

  // The socket layer's side.
  /// A new authenticated socket.
  void connect(std::shared_ptr<Outlet> outlet, Subscriber who);
  /// The socket closed: it leaves every topic (Channel::leave, presence diffs).
  void disconnect(std::uint64_t socket_id);
  /// One decoded message from a socket. Runs on the socket's thread; never throws.
  void receive(std::uint64_t socket_id, const PhoenixMessage& message);

  RealtimeCounters& counters() { return counters_; }
  /// Drops every channel (before plugins unload).
  void clear_channels();

 private:
  struct Joined {
    std::string join_ref;
    std::shared_ptr<Channel> channel;
  };
  struct SocketEntry {
    std::shared_ptr<Outlet> outlet;
    Subscriber who;
    std::unordered_map<std::string, Joined> topics;
    std::string joining;  // the topic whose Channel::join is running (track() is allowed then)
  };
  struct PresenceMeta {
    std::uint64_t socket_id;
    nlohmann::json meta;  // with phx_ref
  };
  using TopicPresence = std::map<std::string, std::vector<PresenceMeta>>;  // user id -> metas

  std::shared_ptr<Channel> find_channel(const std::string& topic) const;
  void join(std::uint64_t socket_id, const PhoenixMessage& message);
  void leave(std::uint64_t socket_id, const std::string& topic, bool kicked, const nlohmann::json& ref);
  void event(std::uint64_t socket_id, const PhoenixMessage& message);
  void send(Outlet& outlet, const PhoenixMessage& message);
  void send(std::uint64_t socket_id, const PhoenixMessage& message);
  // Under the exclusive lock:
  void broadcast_locked(const std::string& topic, const std::shared_ptr<const std::string>& frame,
                        std::uint64_t except);
  /// Removes the socket's presence on the topic; broadcasts the leave diff. False if none.
  bool untrack_locked(const std::string& topic, std::uint64_t socket_id);
  std::string next_ref();
  /// Unsubscribes a socket from a topic; returns the channel for leave(), or null.
  std::shared_ptr<Channel> unsubscribe_locked(std::uint64_t socket_id, const std::string& topic,
                                              std::string* join_ref = nullptr);

  std::shared_ptr<spdlog::logger> logger_;
  RealtimeCounters counters_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Channel>> exact_;
  std::vector<std::pair<std::string, std::shared_ptr<Channel>>> prefixes_;  // longest first, '*' stripped
  std::unordered_map<std::uint64_t, SocketEntry> sockets_;
  std::unordered_map<std::string, std::unordered_map<std::uint64_t, Outlet*>> topics_;
  std::unordered_map<std::string, TopicPresence> presence_;
  std::atomic<std::uint64_t> ref_counter_{0};
};

/// The complete text frame for a message (encoded once, shared by every recipient).
std::shared_ptr<const std::string> text_frame(const PhoenixMessage& message);

}  // namespace arena::host::realtime
