import sys

VALUES = [(1000, 'M'), (900, 'CM'), (500, 'D'), (400, 'CD'), (100, 'C'), (90, 'XC'),
          (50, 'L'), (40, 'XL'), (10, 'X'), (9, 'IX'), (5, 'V'), (4, 'IV'), (1, 'I')]
SINGLE = {'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}


def to_roman(n):
    out = ''
    for value, symbol in VALUES:
        while n >= value:
            out += symbol
            n -= value
    return out


def from_roman(s):
    total = 0
    for i, ch in enumerate(s):
        if i + 1 < len(s) and SINGLE[s[i + 1]] > SINGLE[ch]:
            total -= SINGLE[ch]
        else:
            total += SINGLE[ch]
    return total


for token in sys.stdin.read().split()[1:]:
    print(to_roman(int(token)) if token.isdigit() else from_roman(token))
