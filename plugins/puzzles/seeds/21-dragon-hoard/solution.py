n, cap = map(int, input().split())
best = [0] * (cap + 1)  # best[c] = most valuable loot weighing at most c
for _ in range(n):
    w, v = map(int, input().split())
    for c in range(cap, w - 1, -1):
        best[c] = max(best[c], best[c - w] + v)
print(best[cap])
