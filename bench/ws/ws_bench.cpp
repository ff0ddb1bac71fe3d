// bench/ws load client: N WebSocket clients in rooms of 8, one chat message per room per
// second (sent by the room's first member, stamped with CLOCK_MONOTONIC), delivered to all 8.
// One epoll thread drives every client. Speaks Phoenix v2 (arena) or Socket.io v4 (the
// reference server in socketio/). Prints one JSON line of results.
//   ws_bench --port P --protocol phoenix|socketio --clients N --seconds S [--server-pid PID]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

std::int64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

std::string masked_text(const std::string& payload) {
  std::string out;
  out.push_back(static_cast<char>(0x81));
  std::size_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<char>((n >> s) & 0xFF));
  }
  const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
  out.append(reinterpret_cast<const char*>(mask), 4);
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>(payload[i] ^ mask[i & 3]));
  return out;
}

struct Client {
  int fd = -1;
  int room = 0;
  bool sender = false;
  bool upgraded = false;
  bool joined = false;
  std::string in;
  std::string out;  // unsent bytes
};

long rss_kb(int pid) {
  if (pid <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0, clients_n = 1000, seconds = 20, server_pid = 0;
  std::string protocol = "phoenix";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i];
    if (key == "--port") port = std::atoi(argv[i + 1]);
    else if (key == "--clients") clients_n = std::atoi(argv[i + 1]);
    else if (key == "--seconds") seconds = std::atoi(argv[i + 1]);
    else if (key == "--server-pid") server_pid = std::atoi(argv[i + 1]);
    else if (key == "--protocol") protocol = argv[i + 1];
  }
  const bool phoenix = protocol == "phoenix";
  long rss_idle = rss_kb(server_pid);
  int ep = epoll_create1(0);
  std::vector<Client> clients(static_cast<std::size_t>(clients_n));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

  auto send_all = [&](Client& c, const std::string& bytes) {
    c.out += bytes;
    while (!c.out.empty()) {
      ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n <= 0) break;
      c.out.erase(0, static_cast<std::size_t>(n));
    }
  };
  std::vector<std::int64_t> latencies;
  latencies.reserve(4000000);
  long delivered = 0, sent = 0, errors = 0;
  bool measuring = false;
  std::size_t upgraded = 0, joined = 0;

  auto on_text = [&](Client& c, std::string_view text) {
    if (phoenix) {
      if (!c.joined && text.find("\"phx_reply\"") != std::string_view::npos && text.find("\"ok\"") != std::string_view::npos &&
          text.find("\"bench:") != std::string_view::npos) {
        c.joined = true;
        ++joined;
        return;
      }
      if (text.find("\"chat\"") == std::string_view::npos || text.find("phx_reply") != std::string_view::npos) return;
    } else {
      if (text == "2") {  // Engine.IO ping
        send_all(c, masked_text("3"));
        return;
      }
      if (text.starts_with("0")) {  // open: connect the default namespace
        send_all(c, masked_text("40"));
        return;
      }
      if (text.starts_with("40")) {
        send_all(c, masked_text("42[\"join\",\"room-" + std::to_string(c.room) + "\"]"));
        return;
      }
      if (text.find("\"joined\"") != std::string_view::npos && !c.joined) {
        c.joined = true;
        ++joined;
        return;
      }
      if (text.find("\"chat\"") == std::string_view::npos) return;
    }
    auto at = text.find("\"t\":");
    if (at == std::string_view::npos) return;
    std::int64_t stamp = std::strtoll(text.data() + at + 4, nullptr, 10);
    if (measuring) {
      ++delivered;
      latencies.push_back(now_ns() - stamp);
    }
  };

  auto pump = [&](Client& c) {
    char buffer[65536];
    while (true) {
      ssize_t n = ::recv(c.fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n <= 0) {
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
          ++errors;
          epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
          ::close(c.fd);
          c.fd = -1;
        }
        return;
      }
      c.in.append(buffer, static_cast<std::size_t>(n));
      if (!c.upgraded) {
        auto end = c.in.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        c.upgraded = c.in.compare(9, 3, "101") == 0;
        c.in.erase(0, end + 4);
        if (!c.upgraded) {
          ++errors;
          continue;
        }
        ++upgraded;
        if (phoenix) {
          send_all(c, masked_text("[\"1\",\"1\",\"bench:" + std::to_string(c.room) + "\",\"phx_join\",{}]"));
        }
      }
      std::size_t at = 0;
      while (c.in.size() - at >= 2) {
        auto b1 = static_cast<unsigned char>(c.in[at + 1]);
        std::size_t len = b1 & 0x7F, header = 2;
        if (len == 126) {
          if (c.in.size() - at < 4) break;
          len = (static_cast<unsigned char>(c.in[at + 2]) << 8) | static_cast<unsigned char>(c.in[at + 3]);
          header = 4;
        } else if (len == 127) {
          if (c.in.size() - at < 10) break;
          len = 0;
          for (int i = 0; i < 8; ++i) len = (len << 8) | static_cast<unsigned char>(c.in[at + 2 + i]);
          header = 10;
        }
        if (c.in.size() - at < header + len) break;
        auto opcode = static_cast<unsigned char>(c.in[at]) & 0x0F;
        if (opcode == 1) on_text(c, std::string_view(c.in.data() + at + header, len));
        at += header + len;
      }
      c.in.erase(0, at);
    }
  };

  // Connect everyone (a few hundred handshakes in flight at a time).
  for (int i = 0; i < clients_n; ++i) {
    Client& c = clients[static_cast<std::size_t>(i)];
    c.room = i / 8;
    c.sender = i % 8 == 0;
    c.fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(c.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      std::fprintf(stderr, "connect %d: %s\n", i, std::strerror(errno));
      return 1;
    }
    std::string path = phoenix ? "/socket/websocket?vsn=2.0.0&token=u" + std::to_string(i)
                               : "/socket.io/?EIO=4&transport=websocket";
    send_all(c, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u32 = static_cast<std::uint32_t>(i);
    epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &event);
  }
  std::vector<epoll_event> events(1024);
  auto pump_for = [&](std::int64_t until_ns, auto&& each_ms) {
    while (now_ns() < until_ns) {
      int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 1);
      for (int i = 0; i < n; ++i) {
        Client& c = clients[events[i].data.u32];
        if (c.fd >= 0) pump(c);
      }
      each_ms();
    }
  };
  auto deadline = now_ns() + 60LL * 1000000000LL;
  while (joined < clients.size() && now_ns() < deadline && errors == 0) pump_for(now_ns() + 50000000LL, [] {});
  if (joined < clients.size()) {
    std::fprintf(stderr, "only %zu of %zu clients joined (%zu upgraded, %ld errors)\n", joined, clients.size(), upgraded,
                 errors);
    return 1;
  }
  pump_for(now_ns() + 1000000000LL, [] {});  // settle
  long rss_connected = rss_kb(server_pid);

  // Each room's sender sends once a second, senders spread evenly over the second.
  std::vector<std::size_t> senders;
  for (std::size_t i = 0; i < clients.size(); i += 8) senders.push_back(i);
  std::int64_t start = now_ns();
  std::int64_t end = start + static_cast<std::int64_t>(seconds) * 1000000000LL;
  std::size_t next_sender = 0;
  std::int64_t period = 1000000000LL / static_cast<std::int64_t>(senders.size());
  std::int64_t next_send = start;
  measuring = true;
  const std::string text(100, 'x');  // a chat-sized message
  pump_for(end, [&] {
    std::int64_t now = now_ns();
    while (next_send <= now) {
      Client& c = clients[senders[next_sender]];
      std::string stamp = std::to_string(now_ns());
      if (c.fd >= 0) {
        if (phoenix)
          send_all(c, masked_text("[\"1\",\"" + std::to_string(sent) + "\",\"bench:" + std::to_string(c.room) +
                                  "\",\"chat\",{\"text\":\"" + text + "\",\"t\":" + stamp + "}]"));
        else
          send_all(c, masked_text("42[\"chat\",{\"room\":\"room-" + std::to_string(c.room) + "\",\"text\":\"" + text +
                                  "\",\"t\":" + stamp + "}]"));
        ++sent;
      }
      next_sender = (next_sender + 1) % senders.size();
      next_send += period;
    }
  });
  measuring = false;
  double elapsed = static_cast<double>(now_ns() - start) / 1e9;
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) {
    if (latencies.empty()) return 0.0;
    return static_cast<double>(latencies[static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1))]) / 1e6;
  };
  double expected = static_cast<double>(sent) * 8;
  std::printf(
      "{\"protocol\":\"%s\",\"clients\":%d,\"sent\":%ld,\"delivered\":%ld,\"expected\":%.0f,\"delivered_per_s\":%.0f,"
      "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"errors\":%ld,\"rss_idle_kb\":%ld,\"rss_connected_kb\":%ld,"
      "\"kb_per_socket\":%.2f}\n",
      protocol.c_str(), clients_n, sent, delivered, expected, static_cast<double>(delivered) / elapsed, pct(0.5),
      pct(0.99), errors, rss_idle, rss_connected,
      clients_n > 0 ? static_cast<double>(rss_connected - rss_idle) / clients_n : 0.0);
  for (auto& c : clients)
    if (c.fd >= 0) ::close(c.fd);
  return 0;
}
