#!/usr/bin/env bash
# Benchmark: `rsync --list-only -r` of a 100k-entry module, native rsync daemon vs Sower.
#
# Usage: bench/rsync-list.sh [ENTRIES] [RUNS]
#   ENTRIES  files to create (default 100000, in 1000 bucket dirs like original/NNNN/ID.jpg)
#   RUNS     timed runs per server after one warm-up run (default 5); the median is reported
#
# Both servers serve the same tree on random loopback ports; the client is the installed
# rsync. Sower's second and later listings come from its encoded-listing cache.
set -euo pipefail

ENTRIES=${1:-100000}
RUNS=${2:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/sower-rsync-bench.XXXXXX)
NATIVE_PID=""
SOWER_PID=""

cleanup() {
  [[ -n "$NATIVE_PID" ]] && kill "$NATIVE_PID" 2>/dev/null || true
  [[ -n "$SOWER_PID" ]] && kill "$SOWER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_port() {
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "server on port $1 did not start" >&2
  exit 1
}

echo "== building a tree of $ENTRIES files in $WORK/tree"
python3 - "$WORK/tree" "$ENTRIES" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
buckets = 1000
for b in range(buckets):
    os.makedirs(os.path.join(root, "original", "%04d" % b), exist_ok=True)
for i in range(n):
    ident = 1000 + i
    p = os.path.join(root, "original", "%04d" % (ident % buckets), "%d.jpg" % ident)
    with open(p, "wb") as f:
        f.write(b"x" * (ident % 97))
PY


NATIVE_PORT=$(free_port)
cat > "$WORK/rsyncd.conf" <<CONF
use chroot = no
uid = $(id -un)
gid = $(id -gn)
pid file = $WORK/rsyncd.pid
lock file = $WORK/rsyncd.lock
reverse lookup = no
[bench]
path = $WORK/tree
read only = yes
CONF
rsync --daemon --no-detach --config="$WORK/rsyncd.conf" --port="$NATIVE_PORT" \
  --address=127.0.0.1 --log-file="$WORK/rsyncd.log" &
NATIVE_PID=$!

SOWER_PORT=$(free_port)
# ./sower rebuilds server/target/sower.jar first when any source is newer
"$ROOT/sower" serve \
  --dataset "$WORK/tree" --module bench --rsync-listen "127.0.0.1:$SOWER_PORT" \
  --no-bittorrent > "$WORK/sower.log" 2>&1 &
SOWER_PID=$!
wait_port "$NATIVE_PORT"
wait_port "$SOWER_PORT"

time_list() {  # port -> seconds for one listing
  local start end
  start=$(date +%s.%N)
  rsync --list-only -r "rsync://127.0.0.1:$1/bench/" > "$WORK/list.$1"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== warm-up (page cache; Sower builds and caches its listing)"
native_first=$(time_list "$NATIVE_PORT")
sower_first=$(time_list "$SOWER_PORT")
lines=$(wc -l < "$WORK/list.$NATIVE_PORT")
if ! cmp -s "$WORK/list.$NATIVE_PORT" "$WORK/list.$SOWER_PORT"; then
  echo "WARNING: the two listings differ" >&2
fi
echo "first listing: native ${native_first}s, sower ${sower_first}s ($lines lines)"

native=(); sower=()
for _ in $(seq 1 "$RUNS"); do
  native+=("$(time_list "$NATIVE_PORT")")
  sower+=("$(time_list "$SOWER_PORT")")
done
n_med=$(printf '%s\n' "${native[@]}" | median)
s_med=$(printf '%s\n' "${sower[@]}" | median)
ratio=$(echo "scale=3; $s_med / $n_med" | bc)
n_min=$(printf '%s\n' "${native[@]}" | sort -n | head -1)
s_min=$(printf '%s\n' "${sower[@]}" | sort -n | head -1)
ratio_min=$(echo "scale=3; $s_min / $n_min" | bc)
echo "client: $(rsync --version | head -1)"
echo "native rsync daemon: median ${n_med}s over $RUNS runs (${native[*]})"
echo "sower gateway:       median ${s_med}s over $RUNS runs (${sower[*]})"
echo "ratio sower/native:  ${ratio}x of medians, ${ratio_min}x of best runs (goal <= 0.5x)"
