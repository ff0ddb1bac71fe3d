import heapq
import sys

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
names = data[2:2 + n]
after = {name: [] for name in names}
waiting = {name: 0 for name in names}
for i in range(m):
    a, b = data[2 + n + 2 * i], data[3 + n + 2 * i]
    after[a].append(b)
    waiting[b] += 1
ready = [name for name in names if waiting[name] == 0]
heapq.heapify(ready)
order = []
while ready:
    name = heapq.heappop(ready)
    order.append(name)
    for nxt in after[name]:
        waiting[nxt] -= 1
        if waiting[nxt] == 0:
            heapq.heappush(ready, nxt)
print(' '.join(order) if len(order) == n else 'IMPOSSIBLE')
