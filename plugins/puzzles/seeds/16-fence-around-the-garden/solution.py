import sys

data = list(map(int, sys.stdin.read().split()))
n = data[0]
xs, ys = data[1:2 * n + 1:2], data[2:2 * n + 1:2]
twice = 0
for i in range(n):
    j = (i + 1) % n
    twice += xs[i] * ys[j] - xs[j] * ys[i]
twice = abs(twice)
print(f"{twice // 2}.{5 if twice % 2 else 0}")
