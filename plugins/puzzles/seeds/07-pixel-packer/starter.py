def encode(s):
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append((str(j - i) if j - i > 1 else '') + s[i])
        i = j
    return ''.join(out)


def decode(s):
    out = []
    count = ''
    for ch in s:
        if ch.isdigit():
            count = ch
        else:
            out.append(ch * int(count or 1))
            count = ''
    return ''.join(out)


n = int(input())
for _ in range(n):
    mode, text = input().split()
    print(encode(text) if mode == 'E' else decode(text))
