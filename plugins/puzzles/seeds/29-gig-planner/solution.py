import bisect
import sys

data = list(map(int, sys.stdin.read().split()))
n = data[0]
gigs = sorted(zip(data[2:3 * n + 1:3], data[1:3 * n + 1:3], data[3:3 * n + 1:3]))  # (end, start, pay)
ends = [end for end, _, _ in gigs]
best = [(0, 0)] * (n + 1)  # best[i] = (pay, -gigs) using only the first i gigs by end time
for i, (end, start, pay) in enumerate(gigs):
    j = bisect.bisect_right(ends, start, 0, i)  # gigs that end no later than this one starts
    take = (best[j][0] + pay, best[j][1] - 1)
    best[i + 1] = max(best[i], take)
total, minus_count = best[n]
print(total, -minus_count)
