// The WebSocket endpoint end to end: real sockets over loopback against a TestServer with the
// realtime_probe plugin (token identity, "test:*" channel).
#include "support/HttpClient.h"
#include "support/TestServer.h"
#include "support/WebSocketClient.h"

#include "realtime/WebSocketFrames.h"

#include <arena/JudgeService.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <set>
#include <sys/resource.h>
#include <thread>

namespace {

using arena::test::http;
using arena::test::TestServer;
using arena::test::WebSocketClient;
using nlohmann::json;
namespace ws = arena::host::realtime::ws;

std::unique_ptr<TestServer> server_with(std::vector<std::string> sets = {}) {
  return std::make_unique<TestServer>(std::vector<std::string>{"realtime_probe"}, std::move(sets));
}

std::string status_of(const arena::test::PhoenixFrame& reply) { return reply.payload.value("status", ""); }

int process_threads() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("Threads:")) return std::stoi(line.substr(8));
  }
  return -1;
}

TEST(RealtimeConnect, AGoodTokenUpgrades) {
  auto server = server_with();
  WebSocketClient client;
  EXPECT_EQ(client.connect(server->port(), "alice"), 101);
  auto ref = client.heartbeat();
  auto reply = client.reply_to(ref);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->topic, "phoenix");
  EXPECT_EQ(reply->payload, json({{"status", "ok"}, {"response", json::object()}}));
  EXPECT_TRUE(reply->join_ref.is_null());
}

TEST(RealtimeConnect, BadMissingAndBannedTokensAreRefusedBeforeTheUpgrade) {
  auto server = server_with();
  {
    WebSocketClient client;
    std::string body;
    EXPECT_EQ(client.connect(server->port(), "bad-token", &body), 401);
    EXPECT_NE(body.find("invalid token"), std::string::npos) << body;
  }
  {
    WebSocketClient client;
    std::string body;
    EXPECT_EQ(client.connect(server->port(), std::nullopt, &body), 401);
    EXPECT_NE(body.find("missing token"), std::string::npos) << body;
  }
  {
    WebSocketClient client;
    std::string body;
    EXPECT_EQ(client.connect(server->port(), "mallory:user:banned", &body), 403);
    EXPECT_NE(body.find("banned"), std::string::npos) << body;
  }
  {
    WebSocketClient client;
    std::string body;
    EXPECT_EQ(client.connect(server->port(), "alice", &body, "vsn=1.0.0"), 400);
  }
  auto plain = http("GET", server->port(), "/socket/websocket?vsn=2.0.0&token=alice");
  EXPECT_EQ(plain.status, 426);
}

TEST(RealtimeConnect, UpgradesPerUserAreLimited) {
  auto server = server_with({"realtime.upgrades_per_minute=3"});
  std::vector<std::unique_ptr<WebSocketClient>> open;
  for (int i = 0; i < 3; ++i) open.push_back(WebSocketClient::open(server->port(), "alice"));
  WebSocketClient fourth;
  EXPECT_EQ(fourth.connect(server->port(), "alice"), 429);
  WebSocketClient bob;
  EXPECT_EQ(bob.connect(server->port(), "bob"), 101);
}

TEST(RealtimeChannels, JoinEventAndLeave) {
  auto server = server_with();
  auto client = WebSocketClient::open(server->port(), "alice");
  auto joined = client->join("test:a");
  ASSERT_TRUE(joined);
  EXPECT_EQ(status_of(*joined), "ok");
  EXPECT_EQ(joined->payload["response"], json({{"joined", "test:a"}, {"user", "alice"}}));
  EXPECT_EQ(joined->join_ref, client->join_ref_of("test:a"));

  auto ref = client->send("test:a", "echo", {{"x", 1}});
  auto echoed = client->reply_to(ref);
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->payload, json({{"status", "ok"}, {"response", {{"x", 1}}}}));

  auto unknown = client->reply_to(client->send("test:a", "nonsense"));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->payload, json({{"status", "error"}, {"response", {{"reason", "unknown event"}}}}));

  auto denied = client->join("test:b", {{"deny", true}});
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->payload, json({{"status", "error"}, {"response", {{"reason", "denied"}, {"why", "asked to"}}}}));

  auto left = client->reply_to(client->send("test:a", "phx_leave"));
  ASSERT_TRUE(left);
  EXPECT_EQ(status_of(*left), "ok");
  EXPECT_TRUE(client->wait_for("test:a", "phx_close"));
  auto after = client->reply_to(client->send("test:a", "echo"));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->payload["response"]["reason"], "unmatched topic");
}

TEST(RealtimeChannels, UnknownTopicIsRefused) {
  auto server = server_with();
  auto client = WebSocketClient::open(server->port(), "alice");
  auto reply = client->join("nowhere:1");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->payload, json({{"status", "error"}, {"response", {{"reason", "unmatched topic"}}}}));
}

TEST(RealtimeChannels, ACrashedHandlerGivesPhxErrorAndTheSocketLives) {
  auto server = server_with();
  auto client = WebSocketClient::open(server->port(), "alice");
  ASSERT_TRUE(client->join("test:a"));
  client->send("test:a", "boom");
  auto error = client->wait_for("test:a", "phx_error");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->join_ref, client->join_ref_of("test:a"));
  EXPECT_TRUE(client->reply_to(client->heartbeat()));
}

TEST(RealtimeChannels, BroadcastsReachOnlyTheTopicsSubscribers) {
  auto server = server_with();
  auto a = WebSocketClient::open(server->port(), "alice");
  auto b = WebSocketClient::open(server->port(), "bob");
  auto c = WebSocketClient::open(server->port(), "carol");  // joined nothing
  ASSERT_EQ(status_of(*a->join("test:x")), "ok");
  ASSERT_EQ(status_of(*b->join("test:y")), "ok");
  a->send("test:x", "shout", {{"n", 1}});
  server->host().channels().broadcast("test:x", "shout", {{"n", 2}});
  auto first = a->wait_for("test:x", "shout");
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->join_ref.is_null());
  EXPECT_TRUE(first->ref.is_null());
  EXPECT_TRUE(a->wait_for("test:x", "shout"));
  EXPECT_TRUE(b->quiet("test:x", "shout", 300));
  EXPECT_TRUE(c->quiet("test:x", "shout", 100));
  // push to one socket and push_user
  auto subscribers = server->host().channels().subscribers("test:y");
  ASSERT_EQ(subscribers.size(), 1u);
  EXPECT_EQ(subscribers[0].principal.username, "bob");
  server->host().channels().push(subscribers[0].socket_id, "test:y", "hello", {{"to", "bob"}});
  EXPECT_TRUE(b->wait_for("test:y", "hello"));
  EXPECT_TRUE(a->quiet("test:y", "hello", 100));
  // kick
  server->host().channels().kick(subscribers[0].socket_id, "test:y");
  EXPECT_TRUE(b->wait_for("test:y", "phx_close"));
  EXPECT_TRUE(server->host().channels().subscribers("test:y").empty());
}

TEST(RealtimeHeartbeat, ASilentSocketIsClosedAndABeatingOneIsNot) {
  auto server = server_with({"realtime.heartbeat_timeout_ms=400"});
  auto silent = WebSocketClient::open(server->port(), "alice");
  auto beating = WebSocketClient::open(server->port(), "bob");
  std::uint16_t code = 0;
  std::string reason;
  for (int i = 0; i < 10; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    ASSERT_TRUE(beating->reply_to(beating->heartbeat()));
  }
  EXPECT_TRUE(silent->wait_closed(2000, &code, &reason));
  EXPECT_EQ(code, ws::Normal);
  EXPECT_EQ(reason, "heartbeat timeout");
  EXPECT_TRUE(beating->reply_to(beating->heartbeat()));
}

TEST(RealtimePresence, TwoTabsAreOnePresenceWithTwoMetas) {
  auto server = server_with();
  auto tab1 = WebSocketClient::open(server->port(), "alice");
  auto tab2 = WebSocketClient::open(server->port(), "alice");
  auto bob = WebSocketClient::open(server->port(), "bob");
  ASSERT_EQ(status_of(*tab1->join("test:room", {{"track", true}, {"tab", "one"}})), "ok");
  auto state1 = tab1->wait_for("test:room", "presence_state");
  ASSERT_TRUE(state1);
  ASSERT_EQ(state1->payload.size(), 1u);
  ASSERT_EQ(status_of(*tab2->join("test:room", {{"track", true}, {"tab", "two"}})), "ok");
  auto diff = tab1->wait_for("test:room", "presence_diff");
  ASSERT_TRUE(diff);
  ASSERT_EQ(bob->join("test:room", {{"track", true}, {"tab", "b"}})->payload["status"], "ok");
  auto state = bob->wait_for("test:room", "presence_state");
  ASSERT_TRUE(state);
  ASSERT_EQ(state->payload.size(), 2u) << state->payload;
  std::string alice_id;
  for (auto& [user, entry] : state->payload.items()) {
    if (entry["metas"][0]["username"] == "alice") alice_id = user;
  }
  ASSERT_FALSE(alice_id.empty());
  auto metas = state->payload[alice_id]["metas"];
  ASSERT_EQ(metas.size(), 2u);
  EXPECT_TRUE(metas[0]["phx_ref"].is_string());
  EXPECT_NE(metas[0]["phx_ref"], metas[1]["phx_ref"]);
  std::set<std::string> tabs = {metas[0]["tab"], metas[1]["tab"]};
  EXPECT_EQ(tabs, (std::set<std::string>{"one", "two"}));

  // One tab leaves: a diff with one leaving meta, alice still present with one meta.
  tab1->send("test:room", "phx_leave");
  auto leave = bob->wait_for("test:room", "presence_diff");
  ASSERT_TRUE(leave);
  EXPECT_EQ(leave->payload["joins"], json::object());
  ASSERT_EQ(leave->payload["leaves"][alice_id]["metas"].size(), 1u);
  EXPECT_EQ(leave->payload["leaves"][alice_id]["metas"][0]["tab"], "one");
  auto now = server->host().channels().presence("test:room");
  EXPECT_EQ(now[alice_id]["metas"].size(), 1u);

  // Updating a meta: a diff with the old meta leaving and the new one joining.
  tab2->send("test:room", "retrack", {{"tab", "two-b"}});
  auto update = bob->wait_for("test:room", "presence_diff");
  ASSERT_TRUE(update);
  EXPECT_EQ(update->payload["joins"][alice_id]["metas"][0]["tab"], "two-b");
  EXPECT_EQ(update->payload["leaves"][alice_id]["metas"][0]["tab"], "two");

  // The second tab disconnects: alice is gone.
  tab2.reset();
  auto gone = bob->wait_for("test:room", "presence_diff");
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->payload["leaves"].contains(alice_id));
  for (int i = 0; i < 50 && server->host().channels().presence("test:room").contains(alice_id); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(server->host().channels().presence("test:room").contains(alice_id));
}

TEST(RealtimeProtocol, MalformedFramesCloseWithAReasonAndTheServerGoesOn) {
  auto server = server_with({"realtime.max_frame_bytes=1024"});
  struct Case {
    std::string bytes;
    std::uint16_t code;
    std::string reason_part;
  };
  std::vector<Case> cases = {
      {ws::client_frame(ws::Text, "{not json", 7), ws::InvalidPayload, "not JSON"},
      {ws::client_frame(ws::Text, R"({"topic":"x"})", 7), ws::InvalidPayload, "expected [join_ref"},
      {ws::client_frame(ws::Text, R"([null,"1",3,"e",{}])", 7), ws::InvalidPayload, "malformed"},
      {ws::client_frame(ws::Text, std::string(2000, 'x'), 7), ws::TooBig, "too big"},
      {ws::frame(ws::Text, R"([null,"1","phoenix","heartbeat",{}])"), ws::ProtocolError, "masked"},
      {ws::client_frame(ws::Binary, "abc", 7), ws::Unsupported, "binary"},
      {ws::client_frame(ws::Continuation, "abc", 7), ws::ProtocolError, "continuation"},
  };
  for (const auto& c : cases) {
    auto client = WebSocketClient::open(server->port(), "alice");
    client->send_raw(c.bytes);
    std::uint16_t code = 0;
    std::string reason;
    EXPECT_TRUE(client->wait_closed(3000, &code, &reason)) << c.reason_part;
    EXPECT_EQ(code, c.code) << c.reason_part;
    EXPECT_NE(reason.find(c.reason_part), std::string::npos) << reason;
  }
  // A fragmented message and a ping are fine.
  auto client = WebSocketClient::open(server->port(), "alice");
  std::string text = R"([null,"9","phoenix","heartbeat",{}])";
  client->send_raw(ws::client_frame(ws::Text, text.substr(0, 10), 1, false) +
                   ws::client_frame(ws::Ping, "hi", 2) + ws::client_frame(ws::Continuation, text.substr(10), 3, true));
  EXPECT_TRUE(client->reply_to("9"));
  // Unknown events on "phoenix" get an error reply.
  auto reply = client->reply_to(client->send("phoenix", "dance"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->payload["status"], "error");
}

TEST(RealtimeProtocol, EventsPerSocketAreRateLimited) {
  auto server = server_with({"realtime.events_per_second=5"});
  auto client = WebSocketClient::open(server->port(), "alice");
  ASSERT_EQ(status_of(*client->join("test:a")), "ok");
  std::vector<std::string> refs;
  for (int i = 0; i < 30; ++i) refs.push_back(client->send("test:a", "echo", {{"i", i}}));
  int limited = 0, ok = 0;
  for (const auto& ref : refs) {
    auto reply = client->reply_to(ref);
    ASSERT_TRUE(reply);
    if (reply->payload["response"].value("reason", "") == "rate limited") ++limited;
    else if (status_of(*reply) == "ok") ++ok;
  }
  EXPECT_GT(limited, 10);
  EXPECT_GE(ok, 5);
}

TEST(RealtimeDelivery, ASlowConsumerIsDroppedWithoutSlowingOthers) {
  auto server = server_with({"realtime.max_queue_bytes=1048576"});
  auto slow = WebSocketClient::open(server->port(), "slow");
  auto fast = WebSocketClient::open(server->port(), "fast");
  ASSERT_EQ(status_of(*slow->join("test:feed")), "ok");
  ASSERT_EQ(status_of(*fast->join("test:feed")), "ok");
  const int messages = 6000;
  std::string blob(4096, 'z');
  // The publisher stays at most 100 messages (400 KiB) ahead of the fast reader, however slow
  // this machine is; the slow one reads nothing and falls behind by megabytes.
  std::atomic<int> received{0};
  std::thread publisher([&] {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (int i = 0; i < messages; ++i) {
      while (i - received.load() > 100 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      server->host().channels().broadcast("test:feed", "item", {{"i", i}, {"blob", blob}});
    }
  });
  while (received < messages && fast->wait_for("test:feed", "item", 5000)) ++received;
  publisher.join();
  EXPECT_EQ(received, messages);
  EXPECT_GE(server->host().channels().counters().slow_consumers.load(), 1u);
  EXPECT_TRUE(slow->wait_closed(5000));
  // The server still answers the fast one.
  EXPECT_TRUE(fast->reply_to(fast->heartbeat()));
}

TEST(RealtimeJudge, ProgressReachesTheOwnersSubmissionTopicOnly) {
  auto server = server_with();
  auto alice = WebSocketClient::open(server->port(), "alice");
  auto bob = WebSocketClient::open(server->port(), "bob");
  auto alice_id = server->host().channels().counters().joins.load(), unused = alice_id;
  (void)unused;
  ASSERT_EQ(status_of(*alice->join("test:who")), "ok");
  std::string alice_user = server->host().channels().subscribers("test:who").at(0).principal.user_id;
  ASSERT_EQ(status_of(*alice->join("submission:s1")), "ok");
  ASSERT_EQ(status_of(*bob->join("submission:s1")), "ok");  // owner unknown yet: joined, but sees nothing
  json context = {{"submission_id", "s1"}, {"user_id", alice_user}};
  server->host().events().publish(arena::kSubmissionProgressEvent,
                                  {{"job_id", "j1"}, {"context", context}, {"done", 1}, {"total", 3}});
  auto progress = alice->wait_for("submission:s1", "progress");
  ASSERT_TRUE(progress);
  EXPECT_EQ(progress->payload["done"], 1);
  server->host().events().publish(arena::kSubmissionJudgedEvent,
                                  {{"job_id", "j1"}, {"status", "done"}, {"verdict", "OK"}, {"context", context}});
  auto judged = alice->wait_for("submission:s1", "judged");
  ASSERT_TRUE(judged);
  EXPECT_EQ(judged->payload["verdict"], "OK");
  EXPECT_TRUE(bob->quiet("submission:s1", "progress", 200));
  EXPECT_TRUE(bob->quiet("submission:s1", "judged", 50));
  // Now that the owner is known, others are refused.
  auto carol = WebSocketClient::open(server->port(), "carol");
  auto refused = carol->join("submission:s1");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->payload["response"]["reason"], "forbidden");
  // user:<id> is for that user only.
  EXPECT_EQ(status_of(*alice->join("user:" + alice_user)), "ok");
  EXPECT_EQ(status_of(*carol->join("user:" + alice_user)), "error");
  server->host().channels().broadcast("user:" + alice_user, "match_found", {{"room", "r1"}});
  EXPECT_TRUE(alice->wait_for("user:" + alice_user, "match_found"));
}

TEST(RealtimeMetrics, SocketsJoinsAndMessagesAreExported) {
  auto server = server_with();
  auto client = WebSocketClient::open(server->port(), "alice");
  ASSERT_EQ(status_of(*client->join("test:a")), "ok");
  ASSERT_TRUE(client->reply_to(client->heartbeat()));
  auto metrics = http("GET", server->port(), "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("arena_ws_sockets_open 1"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("arena_ws_joins_total 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("arena_ws_messages_in_total 2"), std::string::npos);
  EXPECT_NE(metrics.body.find("arena_ws_messages_out_total 2"), std::string::npos);
  EXPECT_NE(metrics.body.find("arena_ws_upgrades_total{outcome=\"accepted\"} 1"), std::string::npos);
}

TEST(RealtimeScale, TwoThousandSocketsDoNotMeanTwoThousandThreads) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < 5000 && limit.rlim_max >= 5000) {
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 8192);
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur < 4500) GTEST_SKIP() << "needs 4,500 file descriptors; RLIMIT_NOFILE is " << limit.rlim_cur;
  auto server = server_with({"realtime.upgrades_per_minute=0", "server.threads=8"});
  std::vector<std::unique_ptr<WebSocketClient>> clients;
  for (int i = 0; i < 2000; ++i) clients.push_back(WebSocketClient::open(server->port(), "user" + std::to_string(i % 50)));
  for (int i = 0; i < 200 && server->host().realtime()->sockets() < 2000; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(server->host().realtime()->sockets(), 2000u);
  int threads = process_threads();
  EXPECT_LT(threads, 64) << "threads: " << threads;
  // Every socket is live: all of them join and get a broadcast.
  for (auto& client : clients) client->send("test:all", "phx_join", json::object(), "1");
  for (auto& client : clients) ASSERT_TRUE(client->wait_for("test:all", "phx_reply", 5000));
  server->host().channels().broadcast("test:all", "hello", json::object());
  int got = 0;
  for (auto& client : clients) got += client->wait_for("test:all", "hello", 5000) ? 1 : 0;
  EXPECT_EQ(got, 2000);
}

}  // namespace
