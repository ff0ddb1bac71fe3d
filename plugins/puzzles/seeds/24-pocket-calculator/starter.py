import re
import sys


def parse_sum(tokens):  # product (('+' | '-') product)*
    value = parse_product(tokens)
    while tokens[-1] in ('+', '-'):
        op = tokens.pop()
        rhs = parse_product(tokens)
        value = value + rhs if op == '+' else value - rhs
    return value


def parse_product(tokens):  # factor (('*' | '/') factor)*
    value = parse_factor(tokens)
    while tokens[-1] in ('*', '/'):
        op = tokens.pop()
        rhs = parse_factor(tokens)
        if op == '*':
            value *= rhs
        else:  # integer division truncating toward zero
            value //= rhs
    return value


def parse_factor(tokens):  # '-' factor | '(' sum ')' | number
    token = tokens.pop()
    if token == '-':
        return -parse_factor(tokens)
    if token == '(':
        value = parse_sum(tokens)
        tokens.pop()  # the closing parenthesis
        return value
    return int(token)


lines = sys.stdin.read().split('\n')
for line in lines[1:int(lines[0]) + 1]:
    print(parse_sum(['end'] + re.findall(r'\d+|[-+*/()]', line)[::-1]))
