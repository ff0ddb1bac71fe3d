n = int(input())
heights = list(map(int, input().split()))
stack = []  # (first index the bar can extend back to, height), heights increasing
best = 0
for i, h in enumerate(heights + [0]):
    start = i
    while stack and stack[-1][1] >= h:
        start, height = stack.pop()
        best = max(best, height * (i - start))
    stack.append((start, h))
print(best)
