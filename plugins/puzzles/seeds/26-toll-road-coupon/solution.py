import heapq
import sys

data = list(map(int, sys.stdin.read().split()))
n, m = data[0], data[1]
roads = [[] for _ in range(n + 1)]
for i in range(m):
    a, b, toll = data[2 + 3 * i:5 + 3 * i]
    roads[a].append((b, toll))
    roads[b].append((a, toll))
INF = float('inf')
cost = [[INF, INF] for _ in range(n + 1)]  # cost[town][coupon already used?]
cost[1][0] = 0
heap = [(0, 1, 0)]
while heap:
    c, town, used = heapq.heappop(heap)
    if c > cost[town][used]:
        continue
    for nxt, toll in roads[town]:
        moves = [(c + toll, used)] + ([(c, 1)] if not used else [])
        for nc, nused in moves:
            if nc < cost[nxt][nused]:
                cost[nxt][nused] = nc
                heapq.heappush(heap, (nc, nxt, nused))
best = min(cost[n])
print(best if best < INF else -1)
