#pragma once

#include <arena/Principal.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace arena {

/// One socket's membership of a topic, as channel handlers see it.
struct Subscriber {
  std::uint64_t socket_id = 0;  ///< unique per connection for the host's lifetime
  Principal principal;          ///< who opened the socket (the token was checked at connect)
  std::string remote_address;
};

/// Thrown by a channel handler to refuse a join or an event: the client gets
/// `phx_reply` with status "error" and `{"reason": reason, ...details}`.
class ChannelError : public std::runtime_error {
 public:
  explicit ChannelError(const std::string& reason, nlohmann::json details = nlohmann::json::object())
      : std::runtime_error(reason), details_(std::move(details)) {}
  const nlohmann::json& details() const { return details_; }

 private:
  nlohmann::json details_;
};

/// A family of topics a plugin serves ("lobby", "room:*"). Handlers run on the host's socket
/// threads: keep them short and hand long work to your own thread or queue. Calls for one
/// topic and one socket arrive in order; different sockets may be served concurrently.
class Channel {
 public:
  virtual ~Channel() = default;
  /// `who` asks to join `topic` with `payload`: authorize, then return the join reply's
  /// response (often the topic's current state). Throw ChannelError to refuse.
  virtual nlohmann::json join(const std::string& topic, const nlohmann::json& payload, const Subscriber& who) = 0;
  /// An event `who` pushed on a topic it joined. Return the reply's response (status "ok");
  /// throw ChannelError for status "error". Unknown events should throw ChannelError("unknown event").
  virtual nlohmann::json handle(const std::string& topic, const std::string& event, const nlohmann::json& payload,
                                const Subscriber& who) = 0;
  /// `who` left `topic`: phx_leave, a kick, or the socket closed. Never throws.
  virtual void leave(const std::string& topic, const Subscriber& who) { (void)topic, (void)who; }
};

/// The real-time registry (Phoenix Channels v2 protocol on /socket/websocket): plugins add
/// topics, broadcast to them, push to one socket and track presence.
/// Every function is thread-safe and may be called from any thread, including handlers.
class Channels {
 public:
  virtual ~Channels() = default;

  /// Serves topics equal to `pattern`, or starting with it when it ends with '*' ("room:*").
  /// Throws std::invalid_argument when the pattern is taken.
  virtual void add(const std::string& pattern, std::shared_ptr<Channel> channel) = 0;

  /// Sends `event` with `payload` to every socket joined to `topic`.
  virtual void broadcast(const std::string& topic, const std::string& event, const nlohmann::json& payload) = 0;
  /// The same, but not to the socket `except_socket`.
  virtual void broadcast_from(std::uint64_t except_socket, const std::string& topic, const std::string& event,
                              const nlohmann::json& payload) = 0;
  /// Sends to one socket on a topic it joined; ignored when it has not joined it (or is gone).
  virtual void push(std::uint64_t socket_id, const std::string& topic, const std::string& event,
                    const nlohmann::json& payload) = 0;
  /// Sends to every socket of user `user_id` joined to `topic` (a user may have several tabs).
  virtual void push_user(const std::string& user_id, const std::string& topic, const std::string& event,
                         const nlohmann::json& payload) = 0;
  /// Removes a socket from a topic as if it had left, sending it `phx_close`; leave() is called.
  virtual void kick(std::uint64_t socket_id, const std::string& topic) = 0;
  /// Sockets joined to `topic` now.
  virtual std::vector<Subscriber> subscribers(const std::string& topic) const = 0;

  /// Presence (Phoenix's presence_state / presence_diff): tracks `who` on `topic` under the
  /// key of its user id with `meta` (the host adds "phx_ref" and the username). A user with two
  /// sockets is one presence with two metas. Untracked automatically when the socket leaves.
  virtual void track(const std::string& topic, const Subscriber& who, nlohmann::json meta) = 0;
  /// Updates the meta of a tracked socket (broadcasts a presence_diff).
  virtual void update_presence(const std::string& topic, const Subscriber& who, nlohmann::json meta) = 0;
  /// The topic's presences in presence_state form: {user_id: {"metas": [...]}}.
  virtual nlohmann::json presence(const std::string& topic) const = 0;
};

}  // namespace arena
