"""Prints bench/ws results (JSON lines from ws_bench, arena then socket.io per size) as a table."""
import json
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip()]
head = ("clients", "server", "delivered/s", "of expected", "p50 ms", "p99 ms", "KiB/socket")
print("%8s %10s %12s %12s %8s %8s %11s" % head)


def ratio(a, b):
    return a / b if b else 0.0


for i in range(0, len(rows), 2):
    pair = rows[i:i + 2]
    for r in pair:
        name = "arena" if r["protocol"] == "phoenix" else "socket.io"
        share = ratio(r["delivered"], r["expected"]) * 100
        print("%8d %10s %12.0f %11.1f%% %8.2f %8.2f %11.2f" %
              (r["clients"], name, r["delivered_per_s"], share, r["p50_ms"], r["p99_ms"], r["kb_per_socket"]))
    if len(pair) == 2:
        a, s = pair
        print("%8s %10s %11.2fx %12s %7.2fx %7.2fx %10.2fx" %
              ("", "arena/sio", ratio(a["delivered_per_s"], s["delivered_per_s"]), "",
               ratio(a["p50_ms"], s["p50_ms"]), ratio(a["p99_ms"], s["p99_ms"]),
               ratio(a["kb_per_socket"], s["kb_per_socket"])))
