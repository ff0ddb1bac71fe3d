n = int(input())
a = list(map(int, input().split()))
best, best_l, best_r = a[0], 0, 0
cur, cur_l = 0, 0
for i, x in enumerate(a):
    if cur < 0:
        cur, cur_l = 0, i
    cur += x
    if cur > best:
        best, best_l, best_r = cur, cur_l, i
print(best, best_l + 1, best_r + 1)
