import sys

lines = sys.stdin.read().split('\n')
n = int(lines[0])
for line in lines[1:n + 1]:
    print(sum(1 for ch in line.lower() if ch in 'aeiou'))
