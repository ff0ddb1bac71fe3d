#include "config/HostConfigSchema.h"

namespace arena::host {

const nlohmann::json& host_config_schema() {
  static const nlohmann::json schema = nlohmann::json::parse(R"json({
  "env": {"type": "string", "default": "development", "enum": ["development", "production"],
          "doc": "development generates missing secrets under paths.var and shows more detail; production requires every secret"},
  "server": {"type": "object", "doc": "The HTTP server", "keys": {
    "host": {"type": "string", "default": "0.0.0.0", "doc": "Address to listen on"},
    "port": {"type": "integer", "default": 8080, "min": 0, "max": 65535, "doc": "TCP port (0 picks a free one)"},
    "threads": {"type": "integer", "default": 128, "min": 2, "max": 4096,
                "doc": "Worker threads; a kept-alive connection holds one while it is open"},
    "max_queued": {"type": "integer", "default": 1024, "min": 1, "doc": "Accepted connections waiting for a thread"},
    "max_body_bytes": {"type": "integer", "default": 1048576, "min": 1024, "doc": "Largest request body (413 beyond)"},
    "keep_alive_timeout_s": {"type": "integer", "default": 15, "min": 1, "doc": "Idle time before a kept-alive connection closes"},
    "request_timeout_s": {"type": "integer", "default": 30, "min": 1, "doc": "Socket receive/send timeout"},
    "shutdown_timeout_s": {"type": "integer", "default": 10, "min": 0, "doc": "How long in-flight requests may finish on shutdown"},
    "cors_origins": {"type": "array", "items": "string", "default": [],
                     "doc": "Origins allowed to call the API from a browser (exact match, e.g. http://localhost:5173)"},
    "trust_proxy": {"type": "boolean", "default": false,
                    "doc": "Take client address and scheme from X-Forwarded-For/-Proto (only behind your own proxy)"},
    "content_security_policy": {"type": "string",
      "default": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
      "doc": "The Content-Security-Policy header on every response"}
  }},
  "database": {"type": "object", "doc": "PostgreSQL", "keys": {
    "url": {"type": "string", "default": "", "secret": true,
            "doc": "libpq connection string or URI; empty: the private development cluster under paths.var/pg"},
    "pool_size": {"type": "integer", "default": 16, "min": 1, "max": 512, "doc": "Most connections the pool opens"},
    "acquire_timeout_ms": {"type": "integer", "default": 5000, "min": 1, "doc": "Wait for a free connection before 503"},
    "statement_timeout_ms": {"type": "integer", "default": 15000, "min": 0, "doc": "Longest a statement may run (0: no limit)"},
    "connect_timeout_s": {"type": "integer", "default": 5, "min": 1, "doc": "Connection attempt timeout"}
  }},
  "plugins": {"type": "object", "doc": "Feature plugins", "keys": {
    "enabled": {"type": "array", "items": "string", "default": [], "doc": "Plugins to load, by name; order does not matter"},
    "path": {"type": "string", "default": "", "doc": "Directory of libarena_<name>.so files; empty: ../plugins next to the arena binary"}
  }},
  "web": {"type": "object", "doc": "The web UI", "keys": {
    "root": {"type": "string", "default": "web/dist", "doc": "Directory of static files; client routes fall back to its index.html"}
  }},
  "log": {"type": "object", "doc": "Logging", "keys": {
    "level": {"type": "string", "default": "info", "enum": ["trace", "debug", "info", "warn", "error", "off"], "doc": "Least level logged"},
    "access": {"type": "boolean", "default": true, "doc": "One access-log line per HTTP request"}
  }},
  "metrics": {"type": "object", "doc": "Prometheus endpoint GET /metrics", "keys": {
    "allow": {"type": "array", "items": "string", "default": ["127.0.0.1", "::1"],
              "doc": "Client addresses allowed to read /metrics; [\"*\"] for any"}
  }},
  "realtime": {"type": "object", "doc": "WebSocket channels on /socket/websocket (Phoenix Channels v2)", "keys": {
    "threads": {"type": "integer", "default": 2, "min": 1, "max": 64, "doc": "Event-loop threads serving every socket"},
    "heartbeat_timeout_ms": {"type": "integer", "default": 60000, "min": 100,
                             "doc": "A socket that sends nothing (not even a heartbeat) this long is closed"},
    "max_frame_bytes": {"type": "integer", "default": 65536, "min": 128,
                        "doc": "Largest incoming message, fragments included (close 1009 beyond)"},
    "max_queue_bytes": {"type": "integer", "default": 262144, "min": 1024,
                        "doc": "Outgoing bytes queued for one socket; a consumer that falls further behind is disconnected"},
    "events_per_second": {"type": "number", "default": 20, "min": 0,
                          "doc": "Messages a socket may send per second, bursts of twice as many (0: no limit)"},
    "upgrades_per_minute": {"type": "integer", "default": 20, "min": 0,
                            "doc": "Socket connections a user may open per minute (0: no limit)"}
  }},
  "modes": {"type": "object", "doc": "Game modes: the Lua scripts of modes.path (modes/README.md)", "keys": {
    "path": {"type": "string", "default": "modes", "doc": "Directory of the mode files (*.lua), one mode each"},
    "hot_reload": {"type": "boolean", "default": true,
                   "doc": "Watch modes.path and reload a mode file when it changes (new games use it at once)"},
    "memory_mb": {"type": "integer", "default": 8, "min": 1, "max": 1024, "doc": "Memory one game's Lua state may allocate"},
    "instructions": {"type": "integer", "default": 1000000, "min": 1000, "max": 1000000000,
                     "doc": "Lua instructions one handler call may run before it is stopped (a fault)"},
    "max_faults": {"type": "integer", "default": 5, "min": 1, "max": 1000,
                   "doc": "Handler faults (errors, limits hit) that abort a game; each one before drops only that handler's effect"}
  }},
  "games": {"type": "object", "doc": "The game loop that runs every live game", "keys": {
    "countdown_seconds": {"type": "integer", "default": 15, "min": 0, "max": 300,
                          "doc": "Countdown before a game starts, unless the room announced its own start or the mode sets one"},
    "grace_seconds": {"type": "integer", "default": 10, "min": 0, "max": 600,
                      "doc": "How long submissions in flight when time is up are still awaited (unless the mode sets its own)"},
    "threads": {"type": "integer", "default": 2, "min": 1, "max": 64, "doc": "Worker threads running the games' handlers"},
    "code_updates_per_second": {"type": "number", "default": 5, "min": 0.1, "max": 100,
                                "doc": "A player's live code reaches the mode (on_code) at most this often; the latest wins"},
    "leave_after_seconds": {"type": "integer", "default": 120, "min": 1, "max": 86400,
                            "doc": "A player whose sockets have all been gone this long has left the game"}
  }},
  "paths": {"type": "object", "doc": "Local state", "keys": {
    "var": {"type": "string", "default": "var", "doc": "Directory for generated secrets, the dev database and plugin data"}
  }}
})json");
  return schema;
}

}  // namespace arena::host
