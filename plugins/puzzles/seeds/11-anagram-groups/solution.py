import sys

words = sys.stdin.read().split()[1:]
groups = {}
for word in words:
    groups.setdefault(''.join(sorted(word)), []).append(word)
result = sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))
for group in result:
    print(' '.join(group))
