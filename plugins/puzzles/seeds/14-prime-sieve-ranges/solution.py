import sys
from itertools import accumulate

data = list(map(int, sys.stdin.read().split()))
q = data[0]
queries = list(zip(data[1:2 * q + 1:2], data[2:2 * q + 1:2]))
limit = max(r for _, r in queries)
sieve = bytearray([1]) * (limit + 1)
sieve[0] = sieve[1] = 0
for i in range(2, int(limit ** 0.5) + 1):
    if sieve[i]:
        sieve[i * i::i] = bytes(len(range(i * i, limit + 1, i)))
prefix = list(accumulate(sieve))
for l, r in queries:
    print(prefix[r] - prefix[l - 1])
