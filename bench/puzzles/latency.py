#!/usr/bin/env python3
"""Single-player submit-to-verdict latency: POST /api/submission, then GET /api/submission/:id
every 5 ms until it is done; one submission at a time. Prints p50/p99 in ms.
   latency.py BASE_URL TOKEN PUZZLE_ID COUNT"""
import json
import sys
import time
import urllib.request

base, token, puzzle, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
headers = {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'}
code = 'a, b = map(int, input().split())\nprint(a + b)\n'


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


times, verdicts = [], {}
for i in range(count):
    start = time.monotonic()
    sid = call('POST', '/api/submission', {'puzzle_id': puzzle, 'language': 'python', 'code': code})['submission']['id']
    while True:
        submission = call('GET', '/api/submission/' + sid)['submission']
        if submission['status'] == 'done':
            break
        time.sleep(0.005)
    times.append((time.monotonic() - start) * 1000)
    verdicts[submission['verdict']] = verdicts.get(submission['verdict'], 0) + 1
times.sort()
p50 = times[len(times) // 2]
p99 = times[min(len(times) - 1, int(round(len(times) * 0.99 + 0.5)) - 1)]
print(f'submit-to-verdict, python, 10 tests: p50 {p50:.0f} ms, p99 {p99:.0f} ms over {count} '
      f'submissions (verdicts {verdicts})')
