import sys

data = list(map(int, sys.stdin.read().split()))
n = data[0]
intervals = sorted(zip(data[1:2 * n + 1:2], data[2:2 * n + 1:2]))
merged = []
for a, b in intervals:
    if merged and a < merged[-1][1]:
        merged[-1][1] = max(merged[-1][1], b)
    else:
        merged.append([a, b])
print(len(merged))
for a, b in merged:
    print(a, b)
