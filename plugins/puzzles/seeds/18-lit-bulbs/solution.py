import sys


def total_bits(n):
    total = 0
    bit = 1
    while bit <= n:
        cycle = bit * 2
        total += (n + 1) // cycle * bit + max(0, (n + 1) % cycle - bit)
        bit = cycle
    return total


for token in sys.stdin.read().split()[1:]:
    print(total_bits(int(token)))
