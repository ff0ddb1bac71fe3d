n = int(input())
temps = list(map(int, input().split()))
hi = temps[0]
lo = temps[0]
for t in temps:
    hi = max(hi, t)
    lo = min(lo, t)
print(hi - lo)
