n = int(input())
dims = list(map(int, input().split()))  # matrix k has dims[k - 1] rows and dims[k] columns
cost = [[0] * n for _ in range(n)]
split = [[0] * n for _ in range(n)]
for length in range(2, n + 1):
    for i in range(n - length + 1):
        j = i + length - 1
        cost[i][j] = None
        for k in range(i, j):
            c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
            if cost[i][j] is None or c < cost[i][j]:
                cost[i][j], split[i][j] = c, k


def show(i, j):
    if i == j:
        return f"A{i + 1}"
    return f"({show(i, split[i][j])}{show(split[i][j] + 1, j)})"


print(cost[0][n - 1])
print(show(0, n - 1))
