#include "realtime/ChannelRegistry.h"

#include "realtime/WebSocketFrames.h"

#include <algorithm>
#include <mutex>

namespace arena::host::realtime {

using nlohmann::json;

std::shared_ptr<const std::string> text_frame(const PhoenixMessage& message) {
  return std::make_shared<const std::string>(ws::frame(ws::Text, message.encode()));
}

namespace {

// {"reason": reason, ...details} for an error reply.
json error_response(const ChannelError& error) {
  json response = error.details().is_object() ? error.details() : json::object();
  response["reason"] = error.what();
  return response;
}

json metas_of(const std::string& user_id, const json& meta) {
  return json{{user_id, {{"metas", json::array({meta})}}}};
}

}  // namespace

ChannelRegistry::ChannelRegistry(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}

void ChannelRegistry::add(const std::string& pattern, std::shared_ptr<Channel> channel) {
  if (pattern.empty() || pattern == "*" || pattern == "phoenix") throw std::invalid_argument("invalid channel pattern '" + pattern + "'");
  if (!channel) throw std::invalid_argument("channel for '" + pattern + "' is null");
  std::unique_lock lock(mutex_);
  if (pattern.ends_with('*')) {
    std::string prefix = pattern.substr(0, pattern.size() - 1);
    for (const auto& [taken, _] : prefixes_) {
      if (taken == prefix) throw std::invalid_argument("channel pattern '" + pattern + "' is taken");
    }
    prefixes_.emplace_back(prefix, std::move(channel));
    std::stable_sort(prefixes_.begin(), prefixes_.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  } else {
    if (!exact_.emplace(pattern, std::move(channel)).second)
      throw std::invalid_argument("channel pattern '" + pattern + "' is taken");
  }
}

void ChannelRegistry::clear_channels() {
  std::unique_lock lock(mutex_);
  exact_.clear();
  prefixes_.clear();
  for (auto& [_, entry] : sockets_) {
    for (auto& [__, joined] : entry.topics) joined.channel.reset();
  }
}

std::shared_ptr<Channel> ChannelRegistry::find_channel(const std::string& topic) const {
  std::shared_lock lock(mutex_);
  if (auto it = exact_.find(topic); it != exact_.end()) return it->second;
  for (const auto& [prefix, channel] : prefixes_) {
    if (topic.starts_with(prefix)) return channel;
  }
  return nullptr;
}

std::string ChannelRegistry::next_ref() { return "p" + std::to_string(++ref_counter_); }

void ChannelRegistry::send(Outlet& outlet, const PhoenixMessage& message) {
  outlet.deliver(text_frame(message));
  ++counters_.messages_out;
}

void ChannelRegistry::send(std::uint64_t socket_id, const PhoenixMessage& message) {
  auto frame = text_frame(message);
  std::shared_lock lock(mutex_);
  if (auto it = sockets_.find(socket_id); it != sockets_.end()) {
    it->second.outlet->deliver(frame);
    ++counters_.messages_out;
  }
}

void ChannelRegistry::broadcast_locked(const std::string& topic, const std::shared_ptr<const std::string>& frame,
                                       std::uint64_t except) {
  auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  std::uint64_t sent = 0;
  for (const auto& [socket_id, outlet] : it->second) {
    if (socket_id == except) continue;
    outlet->deliver(frame);
    ++sent;
  }
  counters_.messages_out += sent;
}

void ChannelRegistry::broadcast(const std::string& topic, const std::string& event, const json& payload) {
  broadcast_from(0, topic, event, payload);
}

void ChannelRegistry::broadcast_from(std::uint64_t except_socket, const std::string& topic, const std::string& event,
                                     const json& payload) {
  auto frame = text_frame({nullptr, nullptr, topic, event, payload});
  std::shared_lock lock(mutex_);
  broadcast_locked(topic, frame, except_socket);
}

void ChannelRegistry::push(std::uint64_t socket_id, const std::string& topic, const std::string& event,
                           const json& payload) {
  auto frame = text_frame({nullptr, nullptr, topic, event, payload});
  std::shared_lock lock(mutex_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  if (auto sub = it->second.find(socket_id); sub != it->second.end()) {
    sub->second->deliver(frame);
    ++counters_.messages_out;
  }
}

void ChannelRegistry::push_user(const std::string& user_id, const std::string& topic, const std::string& event,
                                const json& payload) {
  auto frame = text_frame({nullptr, nullptr, topic, event, payload});
  std::shared_lock lock(mutex_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  for (const auto& [socket_id, outlet] : it->second) {
    auto entry = sockets_.find(socket_id);
    if (entry == sockets_.end() || entry->second.who.principal.user_id != user_id) continue;
    outlet->deliver(frame);
    ++counters_.messages_out;
  }
}

std::vector<Subscriber> ChannelRegistry::subscribers(const std::string& topic) const {
  std::vector<Subscriber> out;
  std::shared_lock lock(mutex_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return out;
  out.reserve(it->second.size());
  for (const auto& [socket_id, _] : it->second) {
    if (auto entry = sockets_.find(socket_id); entry != sockets_.end()) out.push_back(entry->second.who);
  }
  return out;
}

// ---- presence -------------------------------------------------------------------------

void ChannelRegistry::track(const std::string& topic, const Subscriber& who, json meta) {
  if (!meta.is_object()) meta = json::object();
  std::unique_lock lock(mutex_);
  auto entry = sockets_.find(who.socket_id);
  if (entry == sockets_.end()) return;
  if (!entry->second.topics.contains(topic) && entry->second.joining != topic) {
    logger_->debug("track: socket {} has not joined {}; ignored", who.socket_id, topic);
    return;
  }
  const Subscriber& subscriber = entry->second.who;
  auto& metas = presence_[topic][subscriber.principal.user_id];
  auto existing = std::find_if(metas.begin(), metas.end(), [&](const auto& m) { return m.socket_id == who.socket_id; });
  if (!meta.contains("username")) meta["username"] = subscriber.principal.username;
  meta["phx_ref"] = next_ref();
  json leaves = json::object();
  if (existing != metas.end()) {
    meta["phx_ref_prev"] = existing->meta["phx_ref"];
    leaves = metas_of(subscriber.principal.user_id, existing->meta);
    existing->meta = meta;
  } else {
    metas.push_back({who.socket_id, meta});
  }
  json diff = {{"joins", metas_of(subscriber.principal.user_id, meta)}, {"leaves", leaves}};
  broadcast_locked(topic, text_frame({nullptr, nullptr, topic, "presence_diff", diff}), 0);
}

void ChannelRegistry::update_presence(const std::string& topic, const Subscriber& who, json meta) {
  {
    std::shared_lock lock(mutex_);
    auto topic_it = presence_.find(topic);
    if (topic_it == presence_.end()) return;
    auto entry = sockets_.find(who.socket_id);
    if (entry == sockets_.end()) return;
    auto user = topic_it->second.find(entry->second.who.principal.user_id);
    if (user == topic_it->second.end()) return;
    if (std::none_of(user->second.begin(), user->second.end(),
                     [&](const auto& m) { return m.socket_id == who.socket_id; }))
      return;
  }
  track(topic, who, std::move(meta));  // tracking a tracked socket replaces its meta
}

json ChannelRegistry::presence(const std::string& topic) const {
  json state = json::object();
  std::shared_lock lock(mutex_);
  auto it = presence_.find(topic);
  if (it == presence_.end()) return state;
  for (const auto& [user_id, metas] : it->second) {
    json list = json::array();
    for (const auto& m : metas) list.push_back(m.meta);
    state[user_id] = {{"metas", std::move(list)}};
  }
  return state;
}

bool ChannelRegistry::untrack_locked(const std::string& topic, std::uint64_t socket_id) {
  auto topic_it = presence_.find(topic);
  if (topic_it == presence_.end()) return false;
  for (auto user = topic_it->second.begin(); user != topic_it->second.end(); ++user) {
    auto& metas = user->second;
    auto m = std::find_if(metas.begin(), metas.end(), [&](const auto& x) { return x.socket_id == socket_id; });
    if (m == metas.end()) continue;
    json diff = {{"joins", json::object()}, {"leaves", metas_of(user->first, m->meta)}};
    metas.erase(m);
    if (metas.empty()) topic_it->second.erase(user);
    if (topic_it->second.empty()) presence_.erase(topic_it);
    broadcast_locked(topic, text_frame({nullptr, nullptr, topic, "presence_diff", diff}), 0);
    return true;
  }
  return false;
}

// ---- sockets --------------------------------------------------------------------------

void ChannelRegistry::connect(std::shared_ptr<Outlet> outlet, Subscriber who) {
  std::unique_lock lock(mutex_);
  std::uint64_t id = who.socket_id;
  sockets_[id] = SocketEntry{std::move(outlet), std::move(who), {}, {}};
}

std::shared_ptr<Channel> ChannelRegistry::unsubscribe_locked(std::uint64_t socket_id, const std::string& topic,
                                                             std::string* join_ref) {
  auto entry = sockets_.find(socket_id);
  if (entry == sockets_.end()) return nullptr;
  auto joined = entry->second.topics.find(topic);
  if (joined == entry->second.topics.end()) return nullptr;
  auto channel = joined->second.channel;
  if (join_ref) *join_ref = joined->second.join_ref;
  entry->second.topics.erase(joined);
  if (auto t = topics_.find(topic); t != topics_.end()) {
    t->second.erase(socket_id);
    if (t->second.empty()) topics_.erase(t);
  }
  untrack_locked(topic, socket_id);
  return channel;
}

void ChannelRegistry::disconnect(std::uint64_t socket_id) {
  std::vector<std::pair<std::string, std::shared_ptr<Channel>>> left;
  Subscriber who;
  {
    std::unique_lock lock(mutex_);
    auto entry = sockets_.find(socket_id);
    if (entry == sockets_.end()) return;
    who = entry->second.who;
    std::vector<std::string> topics;
    for (const auto& [topic, _] : entry->second.topics) topics.push_back(topic);
    for (const auto& topic : topics) left.emplace_back(topic, unsubscribe_locked(socket_id, topic));
    sockets_.erase(socket_id);
  }
  for (const auto& [topic, channel] : left) {
    if (!channel) continue;
    try {
      channel->leave(topic, who);
    } catch (const std::exception& e) {
      logger_->error("channel {}: leave failed: {}", topic, e.what());
    }
  }
}

void ChannelRegistry::kick(std::uint64_t socket_id, const std::string& topic) {
  leave(socket_id, topic, /*kicked=*/true, nullptr);
}

void ChannelRegistry::leave(std::uint64_t socket_id, const std::string& topic, bool kicked, const json& ref) {
  std::shared_ptr<Channel> channel;
  std::string join_ref;
  Subscriber who;
  {
    std::unique_lock lock(mutex_);
    auto entry = sockets_.find(socket_id);
    if (entry == sockets_.end()) return;
    who = entry->second.who;
    if (!entry->second.topics.contains(topic)) {
      if (!kicked) send(*entry->second.outlet, reply(nullptr, ref, topic, "ok", json::object()));
      return;
    }
    channel = unsubscribe_locked(socket_id, topic, &join_ref);
    // Phoenix: the leave's reply, then phx_close on the channel's join_ref.
    if (!kicked) send(*entry->second.outlet, reply(join_ref, ref, topic, "ok", json::object()));
    send(*entry->second.outlet, {join_ref, join_ref, topic, "phx_close", json::object()});
  }
  if (channel) {
    try {
      channel->leave(topic, who);
    } catch (const std::exception& e) {
      logger_->error("channel {}: leave failed: {}", topic, e.what());
    }
  }
}

void ChannelRegistry::receive(std::uint64_t socket_id, const PhoenixMessage& message) {
  ++counters_.messages_in;
  try {
    if (message.topic == "phoenix") {
      if (message.event == "heartbeat") {
        send(socket_id, reply(nullptr, message.ref, "phoenix", "ok", json::object()));
      } else {
        send(socket_id, reply(message.join_ref, message.ref, "phoenix", "error", {{"reason", "unknown event"}}));
      }
    } else if (message.event == "phx_join") {
      join(socket_id, message);
    } else if (message.event == "phx_leave") {
      leave(socket_id, message.topic, false, message.ref);
    } else {
      event(socket_id, message);
    }
  } catch (const std::exception& e) {
    logger_->error("socket {}: {} on {} failed: {}", socket_id, message.event, message.topic, e.what());
  }
}

void ChannelRegistry::join(std::uint64_t socket_id, const PhoenixMessage& message) {
  const std::string& topic = message.topic;
  json join_ref = message.join_ref.is_null() ? message.ref : message.join_ref;
  Subscriber who;
  std::shared_ptr<Channel> previous;
  {
    std::unique_lock lock(mutex_);
    auto entry = sockets_.find(socket_id);
    if (entry == sockets_.end()) return;
    who = entry->second.who;
    if (!entry->second.joining.empty()) {
      send(*entry->second.outlet, reply(join_ref, message.ref, topic, "error", {{"reason", "join in progress"}}));
      return;
    }
    // A second join of a joined topic replaces the first (as Phoenix does): phx_close for the old one.
    std::string old_ref;
    previous = unsubscribe_locked(socket_id, topic, &old_ref);
    if (previous) send(*entry->second.outlet, {old_ref, old_ref, topic, "phx_close", json::object()});
  }
  if (previous) {
    try {
      previous->leave(topic, who);
    } catch (const std::exception& e) {
      logger_->error("channel {}: leave failed: {}", topic, e.what());
    }
  }
  auto channel = find_channel(topic);
  if (!channel) {
    send(socket_id, reply(join_ref, message.ref, topic, "error", {{"reason", "unmatched topic"}}));
    return;
  }
  {
    std::unique_lock lock(mutex_);
    auto entry = sockets_.find(socket_id);
    if (entry == sockets_.end()) return;
    entry->second.joining = topic;
  }
  json response;
  std::optional<json> refusal;
  try {
    response = channel->join(topic, message.payload.is_object() ? message.payload : json::object(), who);
  } catch (const ChannelError& e) {
    refusal = error_response(e);
  } catch (const std::exception& e) {
    logger_->error("channel {}: join by {} failed: {}", topic, who.principal.username, e.what());
    refusal = json{{"reason", "join crashed"}};
  }
  std::unique_lock lock(mutex_);
  auto entry = sockets_.find(socket_id);
  if (entry == sockets_.end()) return;
  entry->second.joining.clear();
  Outlet& outlet = *entry->second.outlet;
  if (refusal) {
    untrack_locked(topic, socket_id);  // anything the handler tracked before refusing
    send(outlet, reply(join_ref, message.ref, topic, "error", std::move(*refusal)));
    return;
  }
  // The reply goes out before the subscription exists, so it precedes every broadcast.
  send(outlet, reply(join_ref, message.ref, topic, "ok", std::move(response)));
  entry->second.topics[topic] = Joined{join_ref.is_string() ? join_ref.get<std::string>() : std::string(), channel};
  topics_[topic][socket_id] = &outlet;
  ++counters_.joins;
  if (auto p = presence_.find(topic); p != presence_.end()) {
    json state = json::object();
    for (const auto& [user_id, metas] : p->second) {
      json list = json::array();
      for (const auto& m : metas) list.push_back(m.meta);
      state[user_id] = {{"metas", std::move(list)}};
    }
    send(outlet, {nullptr, nullptr, topic, "presence_state", std::move(state)});
  }
}

void ChannelRegistry::event(std::uint64_t socket_id, const PhoenixMessage& message) {
  const std::string& topic = message.topic;
  std::shared_ptr<Channel> channel;
  std::string join_ref;
  Subscriber who;
  {
    std::shared_lock lock(mutex_);
    auto entry = sockets_.find(socket_id);
    if (entry == sockets_.end()) return;
    auto joined = entry->second.topics.find(topic);
    if (joined == entry->second.topics.end()) {
      send(*entry->second.outlet, reply(message.join_ref, message.ref, topic, "error", {{"reason", "unmatched topic"}}));
      return;
    }
    channel = joined->second.channel;
    join_ref = joined->second.join_ref;
    who = entry->second.who;
  }
  if (!channel) return;
  try {
    json response = channel->handle(topic, message.event, message.payload, who);
    send(socket_id, reply(join_ref, message.ref, topic, "ok", std::move(response)));
  } catch (const ChannelError& e) {
    send(socket_id, reply(join_ref, message.ref, topic, "error", error_response(e)));
  } catch (const std::exception& e) {
    // A crashed handler: Phoenix's phx_error, and the socket leaves the topic (the client rejoins).
    logger_->error("channel {}: event {} by {} failed: {}", topic, message.event, who.principal.username, e.what());
    std::shared_ptr<Channel> left;
    {
      std::unique_lock lock(mutex_);
      left = unsubscribe_locked(socket_id, topic);
      if (auto entry = sockets_.find(socket_id); entry != sockets_.end())
        send(*entry->second.outlet, {join_ref, join_ref, topic, "phx_error", json::object()});
    }
    if (left) {
      try {
        left->leave(topic, who);
      } catch (const std::exception& le) {
        logger_->error("channel {}: leave failed: {}", topic, le.what());
      }
    }
  }
}

}  // namespace arena::host::realtime
