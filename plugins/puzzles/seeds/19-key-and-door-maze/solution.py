from collections import deque

r, c = map(int, input().split())
grid = [input() for _ in range(r)]
start = next((i, j, False) for i in range(r) for j in range(c) if grid[i][j] == 'S')
dist = {start: 0}
queue = deque([start])
while queue:
    y, x, key = queue.popleft()
    if grid[y][x] == 'E':
        print(dist[(y, x, key)])
        break
    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
        if not (0 <= ny < r and 0 <= nx < c):
            continue
        cell = grid[ny][nx]
        if cell == '#' or (cell == 'D' and not key):
            continue
        state = (ny, nx, key or cell == 'K')
        if state not in dist:
            dist[state] = dist[(y, x, key)] + 1
            queue.append(state)
else:
    print(-1)
