#!/usr/bin/env bash
# Checks the demo puzzles under plugins/puzzles/seeds/.
#
# For every puzzle folder (or only the folders given as arguments) it
#   - validates puzzle.json (fields, difficulty, tags, examples, validators) and statement.md,
#   - runs the reference solution on every example and validator and compares the output
#     exactly, after normalizing a single trailing newline,
#   - checks that the starter (DEBUG mode), when present, runs fine but fails at least one validator,
# then prints one line per puzzle and a final "N passed, M failed" line.
# Exit status: 0 when every puzzle passes, 1 otherwise, 2 on a usage or environment error.
#
# Usage: scripts/check-seed-puzzles.sh [-v] [plugins/puzzles/seeds/NN-slug ...]
#   -v  print every problem found instead of the first few per puzzle
#
# Environment: PYTHON (default /usr/bin/python3), NODE (default /usr/bin/node),
# CXX (default g++), SEED_TIMEOUT (seconds before a run is killed, default 10),
# SEED_TIME_LIMIT (slowest allowed reference run in seconds, default 2).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SEEDS_DIR="${SEEDS_DIR:-$ROOT/plugins/puzzles/seeds}"
export PYTHON="${PYTHON:-/usr/bin/python3}"
export NODE="${NODE:-/usr/bin/node}"
export CXX="${CXX:-g++}"
export SEED_TIMEOUT="${SEED_TIMEOUT:-10}"
export SEED_TIME_LIMIT="${SEED_TIME_LIMIT:-2}"

if ! command -v python3 >/dev/null 2>&1; then
    echo "check-seed-puzzles: python3 is required" >&2
    exit 2
fi

exec python3 - "$@" <<'PY'
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(os.environ['SEEDS_DIR'])
TIMEOUT = float(os.environ['SEED_TIMEOUT'])
TIME_LIMIT = float(os.environ['SEED_TIME_LIMIT'])
DIFFICULTIES = ['BEGINNER', 'EASY', 'INTERMEDIATE', 'ADVANCED', 'HARD', 'EXPERT']
TAGS = {'math', 'strings', 'io', 'arrays', 'sorting', 'greedy', 'dp', 'graphs', 'simulation',
        'parsing', 'geometry', 'bits', 'recursion', 'search', 'combinatorics', 'number-theory'}
LANGUAGES = {'python': 'py', 'cpp': 'cpp', 'javascript': 'js'}
KEYS = {'title', 'difficulty', 'tags', 'constraints', 'solution', 'starter', 'examples', 'validators'}
FOLDER_RE = re.compile(r'^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$')
HTML_RE = re.compile(r'<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?\s*>|<!--')
MAX_INPUT = 20 * 1024
MAX_SOLUTION_LINES = 39   # TYPERACER: reference solutions stay under 40 lines
VERBOSE = '-v' in sys.argv[1:]


def normalize(text):
    return text[:-1] if text.endswith('\n') else text


class Program:
    """A solution or starter, compiled when needed, runnable on an input."""

    def __init__(self, language, path, workdir):
        self.language, self.path, self.cmd, self.error = language, path, None, None
        if language == 'python':
            self.cmd = [os.environ['PYTHON'], str(path)]
        elif language == 'javascript':
            self.cmd = [os.environ['NODE'], str(path)]
        else:
            exe = Path(workdir) / (path.parent.name + '-' + path.stem)
            p = subprocess.run([os.environ['CXX'], '-O2', '-std=gnu++20', '-pipe', '-o', str(exe), str(path)],
                               capture_output=True, text=True)
            if p.returncode != 0:
                self.error = 'compile error: ' + (p.stderr.strip().splitlines() or ['?'])[0][:200]
            else:
                self.cmd = [str(exe)]

    def run(self, data):
        """Returns (stdout, seconds, problem or None)."""
        start = time.monotonic()
        try:
            p = subprocess.run(self.cmd, input=data, capture_output=True, text=True, timeout=TIMEOUT,
                               cwd=str(self.path.parent))
        except subprocess.TimeoutExpired:
            return '', TIMEOUT, f'timed out after {TIMEOUT:g}s'
        elapsed = time.monotonic() - start
        if p.returncode != 0:
            err = (p.stderr.strip().splitlines() or [''])[-1][:200]
            return p.stdout, elapsed, f'exit status {p.returncode} {err}'.strip()
        return p.stdout, elapsed, None


def statement_problems(text, examples):
    problems = []
    words = len(text.split())
    if not 80 <= words <= 400:
        problems.append(f'statement.md has {words} words (expected 80..400)')
    blocks = re.findall(r'^```[^\n]*\n(.*?)^```', text, flags=re.S | re.M)
    if not blocks:
        problems.append('statement.md has no fenced code block')
    for i, ex in enumerate(examples, 1):
        for part in ('input', 'output'):
            value = ex.get(part)
            if isinstance(value, str) and not any(value in b for b in blocks):
                problems.append(f'statement.md does not show example {i} {part} in a fenced code block')
    outside = re.sub(r'^```.*?^```', '', text, flags=re.S | re.M)
    outside = re.sub(r'`[^`\n]*`', '', outside)
    if HTML_RE.search(outside):
        problems.append('statement.md contains HTML: ' + HTML_RE.search(outside).group(0)[:40])
    if re.search(r'!\[', outside):
        problems.append('statement.md contains an image')
    return problems


def check_io_text(where, value, is_output):
    if not isinstance(value, str):
        return [f'{where} is not a string']
    problems = []
    if not value.endswith('\n'):
        problems.append(f'{where} does not end with a newline')
    if not is_output and len(value.encode()) >= MAX_INPUT:
        problems.append(f'{where} is {len(value.encode())} bytes (limit {MAX_INPUT})')
    if is_output:
        if not value.strip():
            problems.append(f'{where} is empty')
        if any(line != line.rstrip() for line in value.split('\n')):
            problems.append(f'{where} has trailing whitespace')
    return problems


def check_puzzle(folder, titles, workdir):
    """Returns (summary, problems)."""
    problems = []
    if not FOLDER_RE.match(folder.name):
        problems.append('folder name is not NN-lowercase-slug')
    try:
        spec = json.loads((folder / 'puzzle.json').read_text(encoding='utf-8'))
    except (OSError, ValueError) as e:
        return '', [f'puzzle.json: {e}']
    if not isinstance(spec, dict):
        return '', ['puzzle.json is not an object']
    unknown = set(spec) - KEYS
    if unknown:
        problems.append('puzzle.json has unknown keys: ' + ', '.join(sorted(unknown)))

    title = spec.get('title')
    if not isinstance(title, str) or not 3 <= len(title.strip()) <= 80 or title != title.strip():
        problems.append('title must be a trimmed string of 3..80 characters')
    elif title.lower() in titles:
        problems.append(f'title "{title}" is also used by {titles[title.lower()]}')
    else:
        titles[title.lower()] = folder.name
    difficulty = spec.get('difficulty')
    if difficulty not in DIFFICULTIES:
        problems.append(f'difficulty {difficulty!r} is not one of ' + '|'.join(DIFFICULTIES))
    tags = spec.get('tags')
    if not isinstance(tags, list) or not 1 <= len(tags) <= 5 or len(set(map(str, tags))) != len(tags):
        problems.append('tags must be a list of 1..5 distinct tags')
    else:
        bad = [t for t in tags if t not in TAGS]
        if bad:
            problems.append('unknown tags: ' + ', '.join(map(str, bad)))
    constraints = spec.get('constraints')
    if not isinstance(constraints, str) or not constraints.strip() or '\n' in constraints:
        problems.append('constraints must be one non-empty line')

    programs = {}
    for role in ('solution', 'starter'):
        entry = spec.get(role)
        files = sorted(p.name for p in folder.glob(role + '.*'))
        if entry is None:
            if role == 'solution':
                problems.append('solution is missing')
            elif files:
                problems.append('starter file(s) present but no "starter" entry: ' + ', '.join(files))
            continue
        if not isinstance(entry, dict) or set(entry) != {'language', 'file'}:
            problems.append(f'{role} must be {{"language", "file"}}')
            continue
        language, file = entry['language'], entry['file']
        if language not in LANGUAGES:
            problems.append(f'{role} language {language!r} is not one of ' + ', '.join(LANGUAGES))
            continue
        if file != f'{role}.{LANGUAGES[language]}':
            problems.append(f'{role} file should be {role}.{LANGUAGES[language]}, not {file!r}')
            continue
        if files != [file]:
            problems.append(f'{role} files in folder: {", ".join(files) or "none"} (expected only {file})')
        if not (folder / file).is_file():
            continue
        programs[role] = (language, folder / file)
    if 'solution' in programs and 'starter' in programs and programs['solution'][0] != programs['starter'][0]:
        problems.append('starter must be in the same language as the solution')
    allowed = {'puzzle.json', 'statement.md'} | {p.name for _, p in programs.values()}
    extra = sorted(p.name for p in folder.iterdir() if p.name not in allowed and not p.name.startswith(('solution.', 'starter.')))
    if extra:
        problems.append('unexpected files: ' + ', '.join(extra))
    if 'solution' in programs:
        lines = len(programs['solution'][1].read_text(encoding='utf-8').strip('\n').split('\n'))
        if lines > MAX_SOLUTION_LINES:
            problems.append(f'solution has {lines} lines (keep it under 40 for TYPERACER)')

    examples = spec.get('examples')
    if not isinstance(examples, list) or not 1 <= len(examples) <= 3:
        problems.append('examples must be a list of 1..3 entries')
        examples = []
    cases = []
    for i, ex in enumerate(examples, 1):
        if not isinstance(ex, dict) or not {'input', 'output'} <= set(ex) or set(ex) - {'input', 'output', 'explanation'}:
            problems.append(f'example {i} must have input, output and an optional explanation')
            continue
        if 'explanation' in ex and not isinstance(ex['explanation'], str):
            problems.append(f'example {i} explanation is not a string')
        p1 = check_io_text(f'example {i} input', ex['input'], False) + check_io_text(f'example {i} output', ex['output'], True)
        problems += p1
        if not p1:
            cases.append((f'example {i}', ex['input'], ex['output'], None))
    validators = spec.get('validators')
    if not isinstance(validators, list):
        problems.append('validators must be a list')
        validators = []
    public = hidden = 0
    for i, v in enumerate(validators, 1):
        if not isinstance(v, dict) or set(v) != {'input', 'output', 'public'} or not isinstance(v.get('public'), bool):
            problems.append(f'validator {i} must have input, output and a boolean public')
            continue
        public += v['public']
        hidden += not v['public']
        p1 = check_io_text(f'validator {i} input', v['input'], False) + check_io_text(f'validator {i} output', v['output'], True)
        problems += p1
        if not p1:
            cases.append((f'validator {i}', v['input'], v['output'], v['public']))
    if len(validators) < 6 or public < 2 or hidden < 3:
        problems.append(f'{len(validators)} validators, {public} public, {hidden} hidden (need >= 6, >= 2 public, >= 3 hidden)')

    try:
        statement = (folder / 'statement.md').read_text(encoding='utf-8')
        problems += statement_problems(statement, [e for e in examples if isinstance(e, dict)])
    except OSError as e:
        problems.append(f'statement.md: {e}')

    slowest = 0.0
    if 'solution' in programs:
        solution = Program(*programs['solution'], workdir)
        if solution.error:
            problems.append('solution ' + solution.error)
        else:
            for name, data, expected, _ in cases:
                out, elapsed, err = solution.run(data)
                slowest = max(slowest, elapsed)
                if err:
                    problems.append(f'solution on {name}: {err}')
                elif normalize(out) != normalize(expected):
                    got = normalize(out).split('\n')[0][:40]
                    want = normalize(expected).split('\n')[0][:40]
                    problems.append(f'solution on {name}: wrong output (got {got!r}..., expected {want!r}...)')
                elif elapsed > TIME_LIMIT:
                    problems.append(f'solution on {name}: took {elapsed:.2f}s (limit {TIME_LIMIT:g}s)')
    starter_note = 'no starter'
    if 'starter' in programs:
        starter = Program(*programs['starter'], workdir)
        if starter.error:
            problems.append('starter ' + starter.error)
        else:
            failed = 0
            crashes = []
            validator_cases = [c for c in cases if c[3] is not None]
            for name, data, expected, _ in validator_cases:
                out, _, err = starter.run(data)
                if err:
                    crashes.append(f'{name}: {err}')
                elif normalize(out) != normalize(expected):
                    failed += 1
            if crashes:
                problems.append(f'starter crashes on {len(crashes)} validator(s), first {crashes[0]} '
                                '(it should run fine and answer wrongly)')
            elif failed == 0:
                problems.append('starter passes every validator (it must fail at least one)')
            starter_note = f'starter fails {failed}/{len(validator_cases)}'
    language = programs.get('solution', ('?',))[0]
    summary = (f'{difficulty}, {language}, examples {len(examples)}, validators {len(validators)} '
               f'({public} public), {starter_note}, slowest {slowest:.2f}s')
    return summary, problems


def main():
    args = [a for a in sys.argv[1:] if a != '-v']
    if args:
        folders = [Path(a).resolve() for a in args]
        missing = [str(f) for f in folders if not f.is_dir()]
        if missing:
            print('check-seed-puzzles: not a directory: ' + ', '.join(missing), file=sys.stderr)
            return 2
    else:
        if not SEEDS.is_dir():
            print(f'check-seed-puzzles: {SEEDS} does not exist', file=sys.stderr)
            return 2
        folders = sorted(p for p in SEEDS.iterdir() if p.is_dir())
    if not folders:
        print(f'check-seed-puzzles: no puzzle folders under {SEEDS}', file=sys.stderr)
        return 2
    passed = failed = 0
    titles = {}
    counts = {d: 0 for d in DIFFICULTIES}
    with tempfile.TemporaryDirectory(prefix='check-seed-puzzles-') as workdir:
        for folder in folders:
            summary, problems = check_puzzle(folder, titles, workdir)
            if problems:
                failed += 1
                shown = problems if VERBOSE else problems[:3]
                more = f' (+{len(problems) - len(shown)} more, use -v)' if len(shown) < len(problems) else ''
                print(f'FAIL {folder.name}: ' + '; '.join(shown) + more, flush=True)
            else:
                passed += 1
                print(f'ok   {folder.name}: {summary}', flush=True)
            try:
                counts[json.loads((folder / 'puzzle.json').read_text())['difficulty']] += 1
            except Exception:
                pass
    print('difficulties: ' + ', '.join(f'{d} {n}' for d, n in counts.items()))
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


sys.exit(main())
PY
