#!/usr/bin/env bash
# Benchmark: downloads with the stock rsync client from a native `rsync --daemon` and from the
# Sower gateway's sender, side by side on loopback, from the page cache.
#
# usage: bench/rsync-transfer.sh [WORKDIR]     (default: a fresh mktemp dir, removed at exit)
# env:   RUNS (default 3: each timing is the best and the median of RUNS runs),
#        NEW_FILES (10000), NEW_KIB (100: 10k x 100 KiB ~ 1 GB), SMALL_FILES (100000),
#        TEXT_MIB (64, compressible data for -z),
#        CASES (all six unless set: a space-separated subset of new small unchanged checksum
#        delta z, e.g. CASES=z NEW_FILES=10 SMALL_FILES=10 for the -z case alone),
#        SOWER_JAVA_OPTS (extra JVM options for the gateway, e.g.
#        -XX:StartFlightRecording=filename=/tmp/gw.jfr,settings=profile),
#        WARMUP (default 0: untimed runs per server before each case's timed runs; the JIT of
#        a fresh gateway otherwise compiles during the first runs, ~1.5 s of CPU per run for
#        the first two or three 1 GB runs),
#        GATEWAY_WARM_UP (default 1: the gateway runs its start-up warm-up, as `sower serve` does
#        by default, and the timed runs begin once it is done; 0: a cold gateway),
#        BEFORE_CLASSES (a directory of the gateway's classes from another build, e.g. main's:
#        adds a fourth server "before", run from them ahead of this build's, for A/B runs)
#
# Three servers per case:
#   native/md5  native daemon, client forced into Sower's dialect:
#               --checksum-choice=md5 (and --compress-choice=zlib with -z)
#   native/def  native daemon, the client's default negotiation (xxh128, zstd with -z)
#   sower       the gateway (protocol 31: MD5, zlib), started from the test classes
# The native daemon keeps its other defaults (incremental recursion).
# Cases: 1 GB in 10k new files (-a); 100k small new files (-a); unchanged re-run of the 1 GB
# (-a); -c re-run of the 1 GB (-ac); delta after editing 1% of the client's files (100 of
# the 10k get 1 KiB overwritten in the middle; -a); -z of compressible text (-az, new).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-0}
NEW_FILES=${NEW_FILES:-10000}
NEW_KIB=${NEW_KIB:-100}
SMALL_FILES=${SMALL_FILES:-100000}
TEXT_MIB=${TEXT_MIB:-64}
CASES=${CASES:-new small unchanged checksum delta z}
read -r -a SOWER_JAVA_OPTS <<< "${SOWER_JAVA_OPTS:-}"
GATEWAY_WARM_UP=${GATEWAY_WARM_UP:-1}
if [[ "$GATEWAY_WARM_UP" == 1 ]]; then SOWER_JAVA_OPTS+=(-Dsower.warmUp=true); else SOWER_JAVA_OPTS+=(-Dsower.warmUp=false); fi
if [[ -n "${1:-}" ]]; then WORK=$1; KEEP=1; mkdir -p "$WORK"; else WORK=$(mktemp -d /tmp/sower-xfer.XXXXXX); KEEP=0; fi
NATIVE_PID=""; SOWER_PID=""
cleanup() {
  [[ -n "$NATIVE_PID" ]] && kill "$NATIVE_PID" 2>/dev/null || true
  [[ -n "$SOWER_PID" ]] && kill "$SOWER_PID" 2>/dev/null || true
  [[ -n "${BEFORE_PID:-}" ]] && kill "$BEFORE_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  [[ "$KEEP" == 0 ]] && rm -rf "$WORK"
  true
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "server on port $1 did not start" >&2; exit 1
}

echo "== data in $WORK"
/usr/bin/python3 - "$WORK/src" "$NEW_FILES" "$NEW_KIB" "$SMALL_FILES" "$TEXT_MIB" <<'PY'
import os, sys, random
root, nnew, kib, nsmall, tmib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
def mk(p, data):
    os.makedirs(os.path.dirname(p), exist_ok=True)
    if not os.path.exists(p):
        with open(p, "wb") as f: f.write(data)
rnd = random.Random(1)
blob = os.urandom(kib * 1024 + 4096)
for i in range(nnew):
    off = rnd.randrange(4096)
    mk(os.path.join(root, "new", "%03d" % (i % 100), "%06d.bin" % i), blob[off:off + kib * 1024 - 8] + i.to_bytes(8, "little"))
for i in range(nsmall):
    mk(os.path.join(root, "small", "%04d" % (i % 1000), "%07d.jpg" % i), (b"%d " % i) * (1 + i % 300))
words = [b"sower", b"rsync", b"dataset", b"image", b"anime", b"tag", b"rating", b"width", b"height", b"md5"]
for i in range(64):
    p = os.path.join(root, "text", "meta-%02d.json" % i)
    if not os.path.exists(p):
        parts = []
        size = 0
        while size < tmib * 1024 * 1024 // 64:
            line = b'{"id": %d, "%s": "%s"}\n' % (rnd.randrange(10**7), rnd.choice(words), rnd.choice(words))
            parts.append(line); size += len(line)
        mk(p, b"".join(parts))
PY
find "$WORK/src" -type f -print0 | xargs -0 cat > /dev/null
echo "files: $(find "$WORK/src" -type f | wc -l), bytes: $(du -sb --apparent-size "$WORK/src" | cut -f1)"

NATIVE_PORT=$(free_port)
cat > "$WORK/rsyncd.conf" <<CONF
use chroot = no
uid = $(id -un)
gid = $(id -gn)
pid file = $WORK/rsyncd.pid
lock file = $WORK/rsyncd.lock
reverse lookup = no
[new]
path = $WORK/src/new
read only = yes
[small]
path = $WORK/src/small
read only = yes
[text]
path = $WORK/src/text
read only = yes
CONF
rsync --daemon --no-detach --config="$WORK/rsyncd.conf" --port="$NATIVE_PORT" \
  --address=127.0.0.1 --log-file="$WORK/rsyncd.log" &
NATIVE_PID=$!

echo "== building the gateway's test classes"
(cd "$ROOT" && mvn -q -B -o -pl rsync-gateway -am test-compile -DskipTests >/dev/null \
  && mvn -q -B -o -pl rsync-gateway dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
CP="$ROOT/rsync-gateway/target/classes:$ROOT/rsync-gateway/target/test-classes:$ROOT/dataset/target/classes:$(cat "$WORK/cp.txt")"
SOWER_PORT=$(free_port)
java -Xmx1g "${SOWER_JAVA_OPTS[@]}" --add-opens java.base/sun.nio.fs=ALL-UNNAMED -cp "$CP" \
  dev.sower.rsync.transfer.bench.ServeModules "$SOWER_PORT" \
  new="$WORK/src/new" small="$WORK/src/small" text="$WORK/src/text" > "$WORK/sower.log" 2>&1 &
SOWER_PID=$!
BEFORE_PID=""
SERVERS=(native/md5 native/def sower)
if [[ -n "${BEFORE_CLASSES:-}" ]]; then
  BEFORE_PORT=$(free_port)
  java -Xmx1g "${SOWER_JAVA_OPTS[@]}" -Dsower.warmUp=false --add-opens java.base/sun.nio.fs=ALL-UNNAMED -cp "$BEFORE_CLASSES:$CP" \
    dev.sower.rsync.transfer.bench.ServeModules "$BEFORE_PORT" \
    new="$WORK/src/new" small="$WORK/src/small" text="$WORK/src/text" > "$WORK/before.log" 2>&1 &
  BEFORE_PID=$!
  wait_port "$BEFORE_PORT"
  SERVERS+=(before)
fi
wait_port "$NATIVE_PORT"
wait_port "$SOWER_PORT"
wait_warm() {  # LOG PID: the gateway's start-up warm-up is done (or it is off)
  [[ "$GATEWAY_WARM_UP" == 1 ]] || return 0
  for _ in $(seq 1 1200); do
    if grep -q '^warm-up done' "$1"; then grep '^warm-up done' "$1"; return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then echo "gateway exited: $(tail -5 "$1")" >&2; exit 1; fi
    sleep 0.1
  done
  echo "gateway warm-up did not finish: $(tail -5 "$1")" >&2; exit 1
}
wait_warm "$WORK/sower.log" "$SOWER_PID"

now() { date +%s.%N; }
# CPU seconds (user + system) a server has used so far, its reaped children included (the
# native daemon forks one per connection): steadier than wall time on a shared machine
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15 + $16 + $17) / hz }' "/proc/$1/stat"; }
server_pid() {
  case "$1" in sower) echo "$SOWER_PID" ;; before) echo "$BEFORE_PID" ;; *) echo "$NATIVE_PID" ;; esac
}
# waits until the native daemon has reaped its connection's child (its CPU is counted then)
reaped() {
  for _ in $(seq 1 100); do
    if ! pgrep -P "$1" > /dev/null; then return 0; fi
    sleep 0.02
  done
}
# server name -> port and dialect options
opts_for() {
  case "$1" in
    native/md5) echo "$NATIVE_PORT --checksum-choice=md5" ;;
    native/def) echo "$NATIVE_PORT" ;;
    sower) echo "$SOWER_PORT" ;;
    before) echo "$BEFORE_PORT" ;;
  esac
}
# run SERVER MODULE DEST [client options...]: one timed download, prints seconds; the
# server's CPU seconds for it go to $WORK/cpu.last
run() {
  local server=$1 module=$2 dest=$3; shift 3
  local o; o=($(opts_for "$server"))
  local port=${o[0]} extra=("${o[@]:1}")
  local z=()
  if [[ " $* " == *" -az "* && "$server" == native/md5 ]]; then z=(--compress-choice=zlib); fi
  local t0 t1 pid c0
  pid=$(server_pid "$server")
  reaped "$pid"
  c0=$(cpu_s "$pid")
  t0=$(now)
  if ! rsync "$@" "${extra[@]}" "${z[@]}" "rsync://127.0.0.1:$port/$module/" "$dest/" > "$WORK/out.log" 2>&1; then
    echo "rsync $* from $server failed: $(tail -3 "$WORK/out.log")" >&2; exit 1
  fi
  t1=$(now)
  reaped "$pid"
  echo "$(cpu_s "$pid") - $c0" | bc -l > "$WORK/cpu.last"
  echo "$t1 - $t0" | bc -l
}
edit_1pct() {  # 1 KiB overwritten in the middle of every 100th file of the client's copy
  /usr/bin/python3 - "$1" "$NEW_FILES" "$NEW_KIB" <<'PY'
import os, sys
d, n, kib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(0, n, 100):
    p = os.path.join(d, "%03d" % (i % 100), "%06d.bin" % i)
    with open(p, "r+b") as f:
        f.seek(kib * 512); f.write(os.urandom(1024))
PY
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "%.3f %.3f\n", a[1], (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A BEST MED CPU
bench_case() {  # NAME PREP(server dest) MODULE OPTIONS...
  local name=$1 prep=$2 module=$3; shift 3
  local -A times=() cpus=()
  for _ in $(seq 1 "$WARMUP"); do
    for s in "${SERVERS[@]}"; do
      local dest="$WORK/dst-${s//\//-}-$module"
      $prep "$s" "$dest" "$module"
      run "$s" "$module" "$dest" "$@" > /dev/null
    done
  done
  # servers take turns run by run, and the preparation's writes are synced before each timed
  # run: drifting load and background writeback (rm -rf of 100k files) hit every server alike
  for _ in $(seq 1 "$RUNS"); do
    for s in "${SERVERS[@]}"; do
      local dest="$WORK/dst-${s//\//-}-$module"
      $prep "$s" "$dest" "$module"
      sync
      times[$s]+="$(run "$s" "$module" "$dest" "$@") "
      cpus[$s]+="$(cat "$WORK/cpu.last") "
    done
  done
  for s in "${SERVERS[@]}"; do
    read -r b m < <(printf '%s\n' ${times[$s]} | stats)
    BEST["$name|$s"]=$b; MED["$name|$s"]=$m
    read -r b m < <(printf '%s\n' ${cpus[$s]} | stats)
    CPU["$name|$s"]=$m
  done
  printf '%-28s' "$name"
  for s in "${SERVERS[@]}"; do printf ' %-10s %6.2fs' "$s" "${BEST[$name|$s]}"; done
  printf '  ratio sower/md5 %.2f (median %.2f), sower/def %.2f\n' \
    "$(echo "${BEST[$name|sower]} / ${BEST[$name|native/md5]}" | bc -l)" \
    "$(echo "${MED[$name|sower]} / ${MED[$name|native/md5]}" | bc -l)" \
    "$(echo "${BEST[$name|sower]} / ${BEST[$name|native/def]}" | bc -l)"
  if [[ -n "$BEFORE_PID" ]]; then
    printf '%-28s before/md5 %.2f (median %.2f)\n' '' \
      "$(echo "${BEST[$name|before]} / ${BEST[$name|native/md5]}" | bc -l)" \
      "$(echo "${MED[$name|before]} / ${MED[$name|native/md5]}" | bc -l)"
  fi
  printf '%-28s server CPU, median:' ''
  for s in "${SERVERS[@]}"; do printf ' %s %.2fs' "$s" "${CPU[$name|$s]}"; done
  printf '  ratio sower/md5 %s\n' \
    "$(if [[ "${CPU[$name|native/md5]}" != 0 ]]; then
         printf '%.2f' "$(echo "${CPU[$name|sower]} / ${CPU[$name|native/md5]}" | bc -l)"; else echo n/a; fi)"
}
fresh() { rm -rf "$2"; }
keep() { if [[ ! -d "$2" ]]; then run "$1" "$3" "$2" -a > /dev/null; fi; }
edited() { keep "$@"; edit_1pct "$2"; }

echo "client: $(rsync --version | head -1); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "best of $RUNS runs (wall time of the client), after $WARMUP untimed run(s) per server and case"
selected() { [[ " $CASES " == *" $1 "* ]]; }
selected new && bench_case "1 GB in ${NEW_FILES} new files" fresh new -a
selected small && bench_case "${SMALL_FILES} small new files" fresh small -a
selected unchanged && bench_case "unchanged re-run" keep new -a
selected checksum && bench_case "-c re-run" keep new -ac
selected delta && bench_case "delta after 1% edits" edited new -a
selected z && bench_case "-z compressible, new" fresh text -az
echo "load now $(cut -d' ' -f1-3 /proc/loadavg)"
