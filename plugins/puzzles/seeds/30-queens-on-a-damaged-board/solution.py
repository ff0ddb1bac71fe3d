n = int(input())
usable = [sum(1 << j for j, cell in enumerate(input()) if cell == '.') for _ in range(n)]
full = (1 << n) - 1


def count(row, cols, down_right, down_left):
    if row == n:
        return 1
    total = 0
    free = usable[row] & ~(cols | down_right | down_left) & full
    while free:
        bit = free & -free  # lowest free column
        free ^= bit
        total += count(row + 1, cols | bit, (down_right | bit) << 1 & full, (down_left | bit) >> 1)
    return total


print(count(0, 0, 0, 0))
