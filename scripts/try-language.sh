#!/usr/bin/env bash
# Compiles and runs a program the way the judge will, each step in its own bubblewrap sandbox set
# up like arena-sandbox's: the toolchains read-only, a private /box, no network, uid 65334.
#
#   try-language.sh ID FILE [STDIN_FILE]   compile and run FILE as language ID (config/languages.json);
#                                          the program's stdout goes to stdout, everything else to
#                                          stderr, then one line of timings; exits with its status
#                                          (200: compile error, 201: not available, 202: bad usage)
#   try-language.sh --check [ID...]        every language (or those named): run the hello and echo
#                                          programs of tests/languages/programs/ID/, check their
#                                          output and the toolchain's version; prints a table
#   try-language.sh --list                 ids and whether each toolchain is installed
#
# Environment: LANGUAGES_JSON (default config/languages.json), KEEP=1 keeps the work directories,
# PROCESSES=N overrides every language's process limit (to find how many one needs),
# ARENA_SANDBOX=build/bin/arena-sandbox runs each step in the real sandbox (cgroup memory, CPU and
# pids limits, seccomp) with the judge's limits instead of the bwrap imitation.
# Needs root (it drops to an otherwise unused uid itself), bwrap, /usr/bin/python3, /usr/bin/time.
# The real sandbox also has cgroup memory/pids/CPU limits and seccomp; here the process limit is
# RLIMIT_NPROC of that uid and memory is only measured (peak RSS of the largest process).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
config=${LANGUAGES_JSON:-$root/config/languages.json}
programs=$root/tests/languages/programs
PY=/usr/bin/python3
sandbox_uid=65334   # the uid programs see (arena::sandbox::Options::uid)
outer_uid=65330     # the host uid bwrap runs as: unused by anything else, so RLIMIT_NPROC counts
                    # only this run (the sandbox's own tests run as 65334 on the host)

# The judge's defaults for what a language does not override (docs/languages.md).
default_compile_wall_ms=20000 default_compile_cpu_ms=10000 default_compile_memory_mb=512
default_run_wall_ms=5000 default_run_cpu_ms=2000 default_run_memory_mb=256
default_processes=64 default_open_files=64 file_mb=16

die() { echo "try-language: $*" >&2; exit 202; }
[ "$(id -u)" -eq 0 ] || die "run as root (it switches to uid $outer_uid itself)"
for tool in bwrap setpriv prlimit timeout /usr/bin/time $PY; do
  command -v "$tool" >/dev/null || die "missing $tool"
done
[ -f "$config" ] || die "no $config"
sbx=sbx
if [ -n "${ARENA_SANDBOX:-}" ]; then
  [ -x "$ARENA_SANDBOX" ] || die "ARENA_SANDBOX=$ARENA_SANDBOX is not an executable"
  sbx=sbx_real
fi

# load ID: sets the language's fields as shell variables (arrays for lists).
load() {
  local code
  code=$($PY - "$config" "$1" <<'EOF'
import json, shlex, sys
cfg = json.load(open(sys.argv[1]))
lang = next((l for l in cfg["languages"] if l["id"] == sys.argv[2]), None)
if lang is None:
    sys.exit("unknown language " + sys.argv[2])
q = shlex.quote
def arr(name, value): print(f"{name}=({' '.join(q(str(v)) for v in (value or []))})")
print(f"L_name={q(lang['name'])}")
print(f"L_version={q(lang['version'])}")
print(f"L_source={q(lang['source_file'])}")
arr("L_compile", lang.get("compile"))
arr("L_run", lang["run"])
arr("L_artifacts", lang.get("artifacts"))
arr("L_mounts", lang.get("mounts"))
arr("L_env", lang.get("env"))
arr("L_version_cmd", lang.get("version_command"))
arr("L_requires", lang.get("requires"))
limits = lang.get("limits") or {}
for key in ("compile_memory_mb", "compile_cpu_ms", "compile_wall_ms", "run_memory_mb", "processes", "open_files"):
    print(f"L_{key}={q(str(limits.get(key, '')))}")
EOF
) || exit 202
  eval "$code"
}

# The judge's rule: compile[0] (else run[0]) is an executable, every path of "requires" exists,
# and so does run[0] of a compiled language when it is not the compiled program in /box.
available() {
  local first=${L_compile[0]:-${L_run[0]}} path needed=("${L_requires[@]}")
  [ -x "$first" ] || { missing=$first; return 1; }
  [ ${#L_compile[@]} -gt 0 ] && [[ ${L_run[0]} != /box/* ]] && needed+=("${L_run[0]}")
  for path in "${needed[@]}"; do [ -e "$path" ] || { missing=$path; return 1; }; done
}

work=$(mktemp -d /tmp/try-language.XXXXXX)
chmod 755 "$work"
[ -n "${KEEP:-}" ] && echo "try-language: keeping $work" >&2 || trap 'rm -rf "$work"' EXIT
mkdir "$work/etc"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:%d:%d:sandbox:/box:/usr/sbin/nologin\n' \
  $sandbox_uid $sandbox_uid >"$work/etc/passwd"
printf 'root:x:0:\nsandbox:x:%d:\n' $sandbox_uid >"$work/etc/group"
chmod 644 "$work/etc/"*

# sbx BOX STDIN STDOUT STDERR WALL_MS PROCESSES ARGV...: runs ARGV in the sandbox with BOX at /box;
# leaves "wall_s user_s sys_s maxrss_kb status" in $work/time.
sbx() {
  local box=$1 in=$2 out=$3 err=$4 wall_ms=$5 procs=$6
  shift 6
  local args=(--unshare-all --die-with-parent --uid $sandbox_uid --gid $sandbox_uid
    --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64
    --symlink usr/sbin /sbin --ro-bind /etc/alternatives /etc/alternatives
    --ro-bind /etc/ld.so.cache /etc/ld.so.cache --ro-bind /etc/ssl /etc/ssl
    --ro-bind "$work/etc/passwd" /etc/passwd --ro-bind "$work/etc/group" /etc/group)
  local m e
  for m in "${L_mounts[@]}"; do
    [ -e "$m" ] || { echo "try-language: mount $m does not exist on the host" >&2; continue; }
    args+=(--ro-bind "$m" "$m")
  done
  args+=(--dev /dev --proc /proc --bind "$box" /box --tmpfs /tmp --chdir /box --clearenv
    --setenv PATH /usr/local/bin:/usr/bin:/bin --setenv HOME /box --setenv LANG C.UTF-8
    --setenv TMPDIR /tmp)
  for e in "${L_env[@]}"; do args+=(--setenv "${e%%=*}" "${e#*=}"); done
  chown -R $outer_uid:$outer_uid "$box"
  # GNU time runs inside (bwrap does not reap in a way that hands the program's rusage out) and
  # writes to fd 3, the host's $work/time. It counts as one process.
  : >"$work/time" && chown $outer_uid "$work/time"
  setpriv --reuid $outer_uid --regid $outer_uid --clear-groups \
    prlimit --nproc="$procs" --fsize=$((file_mb << 20)) --nofile="${L_open_files:-$default_open_files}" --core=0 -- \
    timeout -s KILL "$(awk "BEGIN{print $wall_ms/1000}")" \
    bwrap "${args[@]}" -- /usr/bin/time -f '%e %U %S %M' -o /proc/self/fd/3 "$@" \
    <"$in" >"$out" 2>"$err" 3>"$work/time"
  local status=$?
  [ $status -eq 137 ] && echo "try-language: killed after the wall-clock limit of ${wall_ms} ms" >>"$err"
  # time prefixes a "Command exited with non-zero status" line: keep the numbers only.
  { tail -1 "$work/time" | grep -E '^[0-9.]+ ' || echo "0 0 0 0"; } >"$work/time.last"
  mv "$work/time.last" "$work/time"
  return $status
}

# The same through the real sandbox's CLI, with the limits of the current $stage.
sbx_real() {
  local box=$1 in=$2 out=$3 err=$4 wall_ms=$5 procs=$6
  shift 6
  local args=(--json --wall-ms "$wall_ms" --processes "$procs"
    --open-files "${L_open_files:-$default_open_files}" --file-bytes $((file_mb << 20)))
  if [ "$stage" = compile ]; then
    args+=(--cpu-ms "${L_compile_cpu_ms:-$default_compile_cpu_ms}"
      --memory-kb $(( ${L_compile_memory_mb:-$default_compile_memory_mb} * 1024 )))
    local a
    for a in "${L_artifacts[@]}"; do args+=(--collect "$a"); done
    args+=(--out "$box")
  else
    args+=(--cpu-ms "$default_run_cpu_ms" --memory-kb $(( ${L_run_memory_mb:-$default_run_memory_mb} * 1024 )))
  fi
  local m e f
  for m in "${L_mounts[@]}"; do args+=(--mount "$m"); done
  for e in "${L_env[@]}"; do args+=(--env "$e"); done
  # The CLI's --file does not keep the executable bit, nor does --collect (the judge's
  # File::executable does): restore it first.
  local executables=()
  for f in "$box"/*; do
    [ -f "$f" ] || continue
    args+=(--file "$(basename "$f")=$f")
    [ -x "$f" ] || [ "/box/$(basename "$f")" = "$1" ] && executables+=("$(basename "$f")")
  done
  [ ${#executables[@]} -gt 0 ] && set -- /bin/sh -c "chmod +x ${executables[*]} && exec \"\$0\" \"\$@\"" "$@"
  [ "$in" != /dev/null ] && args+=(--stdin "$in")
  "$ARENA_SANDBOX" "${args[@]}" -- "$@" >"$work/result.json" 2>>"$err"
  $PY - "$work/result.json" "$out" "$err" "$work/time" <<'EOF'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except ValueError:
    r = {"verdict": "XX", "message": "no JSON from the sandbox", "exit_code": -1}
open(sys.argv[2], "w").write(r.get("stdout", ""))
with open(sys.argv[3], "a") as err:
    err.write(r.get("stderr", ""))
    if r["verdict"] != "OK":
        err.write(f"sandbox: {r['verdict']} {r.get('message', '')}\n")
open(sys.argv[4], "w").write("%.3f %.3f 0 %d\n" % (r.get("wall_ms", 0) / 1000, r.get("cpu_ms", 0) / 1000, r.get("memory_kb", 0)))
code = r.get("exit_code", -1)
sys.exit(0 if r["verdict"] == "OK" else (code if code > 0 else 1))
EOF
}

# Timing summary of the last sbx: "1.23s wall 2.34s cpu 123MB".
timing() { awk '{printf "%.2fs wall %.2fs cpu %dMB", $1, $2 + $3, $4 / 1024}' "$work/time"; }
cpu_ms_of() { awk '{printf "%d", ($2 + $3) * 1000}' "$work/time"; }
rss_mb_of() { awk '{printf "%d", $4 / 1024}' "$work/time"; }

# try FILE STDIN OUT ERR: compile (when the language has a compile step) and run FILE; sets
# T_compile, T_run (timings), T_stage (compile|run|done), T_status, T_note (limit warnings).
try() {
  local file=$1 in=$2 out=$3 err=$4 procs=${PROCESSES:-${L_processes:-$default_processes}}
  T_compile="-" T_run="-" T_note="" T_artifacts=""
  rm -rf "$work/compile" "$work/run"
  mkdir -p "$work/compile" "$work/run"
  if [ ${#L_compile[@]} -gt 0 ]; then
    T_stage=compile
    cp "$file" "$work/compile/$L_source"
    stage=compile
    $sbx "$work/compile" /dev/null "$work/compile.out" "$work/compile.err" \
      "${L_compile_wall_ms:-$default_compile_wall_ms}" "$procs" "${L_compile[@]}"
    T_status=$?
    T_compile=$(timing)
    (( $(cpu_ms_of) > ${L_compile_cpu_ms:-$default_compile_cpu_ms} )) && T_note+=" compile-cpu>limit"
    (( $(rss_mb_of) > ${L_compile_memory_mb:-$default_compile_memory_mb} )) && T_note+=" compile-rss>limit"
    cat "$work/compile.out" "$work/compile.err" >>"$err"
    [ $T_status -eq 0 ] || return
    local a
    for a in "${L_artifacts[@]}"; do
      if [ ! -f "$work/compile/$a" ] || [ -L "$work/compile/$a" ]; then
        echo "try-language: artifact $a missing (or not a regular file) after compiling" >>"$err"
        T_status=1
        return
      fi
      cp -p "$work/compile/$a" "$work/run/$a"
      T_artifacts+="$a:$(( $(stat -c %s "$work/compile/$a") / 1024 ))K "
    done
  else
    cp "$file" "$work/run/$L_source"
  fi
  T_stage=run
  stage=run
  $sbx "$work/run" "$in" "$out" "$err" "$default_run_wall_ms" "$procs" "${L_run[@]}"
  T_status=$?
  T_run=$(timing)
  (( $(cpu_ms_of) > default_run_cpu_ms )) && T_note+=" run-cpu>limit"
  (( $(rss_mb_of) > ${L_run_memory_mb:-$default_run_memory_mb} )) && T_note+=" run-rss>limit"
  [ $T_status -eq 0 ] && T_stage=done
}

validate() {  # the file's shape: what the judge relies on
  $PY - "$config" <<'EOF'
import json, sys
langs = json.load(open(sys.argv[1]))["languages"]
errors, names = [], {}
required = ("id", "name", "version", "aliases", "packages", "source_file", "compile", "artifacts",
            "run", "mounts", "env", "limits")
known_limits = {"compile_memory_mb", "compile_cpu_ms", "compile_wall_ms", "run_memory_mb",
                "processes", "open_files"}
def plain(name): return bool(name) and "/" not in name and name not in (".", "..")
for l in langs:
    id = l.get("id", "?")
    errors += [f"{id}: no {k}" for k in required if k not in l]
    for name in [id] + l.get("aliases", []):
        if name in names: errors.append(f"{id}: name {name} also used by {names[name]}")
        names[name] = id
    if id != id.lower(): errors.append(f"{id}: id not lowercase")
    if not plain(l.get("source_file")): errors.append(f"{id}: source_file not a plain name")
    if l.get("compile") is None and l.get("artifacts"): errors.append(f"{id}: artifacts without compile")
    if l.get("compile") is not None and not l.get("artifacts"): errors.append(f"{id}: compile without artifacts")
    errors += [f"{id}: artifact {a} not a plain name" for a in l.get("artifacts", []) if not plain(a)]
    for cmd in ("compile", "run", "version_command"):
        if l.get(cmd) is not None and not l[cmd][0].startswith("/"):
            errors.append(f"{id}: {cmd}[0] not absolute")
    errors += [f"{id}: env {e} not NAME=value" for e in l.get("env", []) if "=" not in e]
    errors += [f"{id}: unknown limit {k}" for k in l.get("limits", {}) if k not in known_limits]
print("\n".join(errors), end="\n" if errors else "", file=sys.stderr)
sys.exit(1 if errors else 0)
EOF
}

ids() { $PY -c 'import json,sys; print("\n".join(l["id"] for l in json.load(open(sys.argv[1]))["languages"]))' "$config"; }

case ${1:-} in
  ""|-h|--help)
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  --list)
    for id in $(ids); do
      load "$id"
      available && echo "$id available" || echo "$id unavailable ($missing missing)"
    done
    exit 0 ;;
  --check)
    shift
    validate || { echo "try-language: $config is malformed" >&2; exit 1; }
    list=("$@")
    [ ${#list[@]} -gt 0 ] || mapfile -t list < <(ids)
    printf 'hello\nworld 42\n' >"$work/echo.in"
    printf 'Hello, World!\n' >"$work/hello.expected"
    failed=0
    printf '%-11s %-9s %-5s %-5s %-7s %-30s %-30s %s\n' id version ver hello echo compile run notes
    for id in "${list[@]}"; do
      load "$id"
      if ! available; then
        printf '%-11s %-9s %s\n' "$id" "$L_version" "unavailable: $missing missing"
        failed=1
        continue
      fi
      dir=$programs/$id
      notes=""
      # The version the toolchain reports must contain the recorded one.
      ver=-
      if [ ${#L_version_cmd[@]} -gt 0 ]; then
        mkdir -p "$work/ver" && rm -rf "${work:?}/ver/"*
        stage=run
        $sbx "$work/ver" /dev/null "$work/ver.out" "$work/ver.err" 60000 "${L_processes:-$default_processes}" "${L_version_cmd[@]}"
        if grep -qF -- "$L_version" "$work/ver.out" "$work/ver.err"; then ver=ok; else
          ver=BAD; failed=1
          notes+=" version: $(cat "$work/ver.out" "$work/ver.err" | head -1)"
        fi
      fi
      results=()
      for prog in hello echo; do
        file=$(ls "$dir/$prog".* 2>/dev/null | head -1)
        if [ -z "$file" ]; then results+=(none); failed=1; continue; fi
        in=/dev/null
        expected=$work/hello.expected
        [ $prog = echo ] && in=$work/echo.in expected=$work/echo.in
        : >"$work/$prog.err"
        try "$file" "$in" "$work/$prog.out" "$work/$prog.err"
        if [ "$T_stage" = done ] && cmp -s "$work/$prog.out" "$expected"; then
          results+=(ok)
        else
          results+=("FAIL")
          failed=1
          notes+=" $prog: $T_stage status $T_status: $(cat "$work/$prog.out" "$work/$prog.err" 2>/dev/null | tr '\n' ' ' | cut -c1-300)"
        fi
        [ $prog = hello ] && { hello_compile=$T_compile hello_run=$T_run; }
        [ -n "$T_note" ] && notes+=" $prog:$T_note"
      done
      [ -n "$T_artifacts" ] && notes+=" artifacts: $T_artifacts"
      printf '%-11s %-9s %-5s %-5s %-7s %-30s %-30s %s\n' "$id" "$L_version" "$ver" \
        "${results[0]}" "${results[1]}" "$hello_compile" "$hello_run" "$notes"
    done
    exit $failed ;;
esac

[ $# -ge 2 ] || die "usage: try-language.sh ID FILE [STDIN_FILE] (or --check, --list, --help)"
id=$1 file=$2 in=${3:-/dev/null}
[ "$in" = - ] && in=/dev/stdin
[ -f "$file" ] || die "no file $file"
load "$id"
available || { echo "try-language: $id unavailable: $missing is not installed" >&2; exit 201; }
: >"$work/program.out"
: >"$work/program.err"
try "$file" "$in" "$work/program.out" "$work/program.err"
cat "$work/program.out"
cat "$work/program.err" >&2
echo "try-language: $id compile: $T_compile; run: $T_run${T_note:+; over the defaults:$T_note}" >&2
if [ "$T_stage" = compile ]; then
  echo "try-language: compile failed (status $T_status)" >&2
  exit 200
fi
exit "$T_status"
