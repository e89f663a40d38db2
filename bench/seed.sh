#!/usr/bin/env bash
# Seeding benchmark: aria2c downloads one >= 1 GB torrent from Sower and from a
# python3-libtorrent seeder of the same files (same torrent, same tracker: Sower's embedded
# one), side by side on loopback, BENCH_RUNS times, alternating which seeder goes first. Prints
# per run both download times, their ratio and Sower's restart-to-seeding time (a restart with
# file stamps known: no re-hash), then the medians. Every Sower run starts from a fresh
# daemon, so every piece of its first ("cold") download goes through the first-serve check and
# the JVM compiles as it serves; libtorrent's seed mode likewise hashes each piece when first
# requested. Each seeder then serves a second ("warm") download from the same process: that is
# the throughput of a daemon that has been running for a while (pieces checked, code compiled).
#
#   bench/seed.sh [WORKDIR]      (default bench/target/seed; the dataset is kept for re-runs)
#
# Environment: BENCH_FILES (10000), BENCH_KIB (average file size, 105 KiB -> ~1 GB),
# BENCH_PIECE_LOG2 (20 = 1 MiB pieces), BENCH_RUNS (3), BENCH_JAR (server/target/sower.jar),
# BENCH_JAVA_OPTS (extra JVM options for the timed Sower seeder, e.g. -XX:StartFlightRecording=...),
# BENCH_OUT (where aria2c writes its copies; default a directory on /dev/shm when that tmpfs has
# room for two copies (one per run, removed at exit), else WORKDIR: on a disk, aria2c's own write path dominated the timings,
# its system time swinging from 1.9 to 8.5 s per copy with the writeback of the previous copy).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$here/bench/target/seed}"
files="${BENCH_FILES:-10000}"
kib="${BENCH_KIB:-105}"
piece_log2="${BENCH_PIECE_LOG2:-20}"
runs="${BENCH_RUNS:-3}"
python=/usr/bin/python3
export LC_ALL=C.UTF-8

for tool in aria2c mktorrent "$python" curl java; do
  command -v "$tool" >/dev/null || { echo "bench: missing $tool" >&2; exit 1; }
done
"$python" -c 'import libtorrent' || { echo "bench: python3-libtorrent missing" >&2; exit 1; }

jar="${BENCH_JAR:-$here/server/target/sower.jar}"
if [ -z "${BENCH_JAR:-}" ] && [ ! -f "$jar" ]; then
  (cd "$here" && mvn -q -B -DskipTests -Dmaven.test.skip=true -pl server -am package)
fi

mkdir -p "$work"
data="$work/dataset"
if [ ! -f "$work/dataset.done" ]; then
  echo "bench: writing $files files of ~${kib} KiB under $data ..."
  rm -rf "$data"
  "$python" - "$data" "$files" "$kib" <<'PY'
import os, random, sys
root, n, kib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(1)
block = os.urandom(4 << 20)
for i in range(n):
    d = os.path.join(root, "original", "%04d" % (i % 1000))
    os.makedirs(d, exist_ok=True)
    size = rnd.randint(kib * 512, kib * 1536)
    off = rnd.randrange(0, len(block) - size)
    with open(os.path.join(d, "%d.jpg" % i), "wb") as f:
        f.write(block[off:off + size])
PY
  touch "$work/dataset.done"
fi
bytes=$(du -sb "$data" | cut -f1)
out="${BENCH_OUT:-}"
if [ -z "$out" ]; then
  out="$work"
  shm_free=$(df -B1 --output=avail /dev/shm 2>/dev/null | tail -1 || echo 0)
  # One directory per run: two benches at once must not delete each other's copies.
  if [ "${shm_free:-0}" -gt $((bytes * 5 / 2)) ]; then out=/dev/shm/sower-seed-bench.$$; fi
fi
mkdir -p "$out"

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_port=$(free_port)
bt_port=$(free_port)
release="$work/release"
rm -rf "$release" "$work/state" "$work/out-"* "$out/out-"*
mkdir -p "$release"
mktorrent -t 2 -l "$piece_log2" -a "http://127.0.0.1:$http_port/announce" \
  -o "$release/dataset.torrent" "$data" >/dev/null

config() { # $1 = true|false (seed with Sower)
  cat > "$work/sower.yaml" <<YAML
dataset: $data
torrents: $release
state-dir: $work/state
http:
  listen: 127.0.0.1:$http_port
bittorrent:
  enabled: $1
  listen: 127.0.0.1:$bt_port
tracker:
  interval: 5
rsync:
  enabled: false
YAML
}

daemon_pid=""
seeder_pid=""
cleanup() {
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
  [ -n "$seeder_pid" ] && kill "$seeder_pid" 2>/dev/null && wait "$seeder_pid" 2>/dev/null || true
}
trap 'cleanup; rm -rf "$out/out-sower" "$out/out-libtorrent"; [ "$out" != /dev/shm/sower-seed-bench.$$ ] || rm -rf "$out"' EXIT

start_daemon() { # $1 = extra JVM options (unquoted: a list)
  # shellcheck disable=SC2086
  java ${1:-} --add-opens java.base/sun.nio.fs=ALL-UNNAMED -cp "$jar" \
    dev.sower.server.SeedingDaemonMain "$work/sower.yaml" >>"$work/daemon.log" 2>&1 &
  daemon_pid=$!
}
stop_daemon() {
  kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=""
}
# Waits until the embedded tracker lists a seeder (scrape: complete >= 1).
await_seeder() {
  for _ in $(seq 1 1200); do
    if curl -fs "http://127.0.0.1:$http_port/scrape" 2>/dev/null | grep -qa '8:completei[1-9]'; then
      return 0
    fi
    sleep 0.05
  done
  echo "bench: no seeder announced; see $work/daemon.log" >&2; exit 1
}
now() { date +%s.%N; }
# CPU seconds (user + system) a process has used so far: on a shared machine the seeders'
# CPU cost per download is steadier than wall time.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
download() { # $1 = output dir; prints seconds
  local t0; t0=$(now)
  aria2c --seed-time=0 --enable-dht=false --enable-dht6=false --bt-enable-lpd=false \
    --enable-peer-exchange=false --bt-stop-timeout=120 --console-log-level=warn \
    --summary-interval=0 --file-allocation=none --dir="$1" "$release/dataset.torrent" \
    >"$1.log" 2>&1
  echo "$(now) - $t0" | bc
}

: >"$work/daemon.log"
echo "bench: dataset $bytes bytes in $files files, pieces 2^$piece_log2, $runs runs, copies in $out"

# Sower: the first start hashes everything and saves file stamps; each run times a restart.
# Empties $1, downloads into it, checks the copy equals the dataset; prints seconds.
checked_download() { # $1 = output dir, $2 = the copy's name in an error
  rm -rf "$1"
  local s; s=$(download "$1")
  diff -r -q "$data" "$1/dataset" >/dev/null \
    || { echo "bench: $2 DIFFERS from the dataset" >&2; exit 1; }
  echo "$s"
}

run_sower() { # $1 = run number; sets sower_s, sower_cpu, restart, sower_warm
  config true
  if [ ! -d "$work/state" ]; then start_daemon; await_seeder; stop_daemon; fi
  local t0; t0=$(now); start_daemon "${BENCH_JAVA_OPTS:-}"; await_seeder
  restart=$(echo "$(now) - $t0" | bc)
  local c0; c0=$(cpu_s "$daemon_pid")
  sower_s=$(checked_download "$out/out-sower" "run $1: aria2c's copy from Sower")
  sower_cpu=$(echo "$(cpu_s "$daemon_pid") - $c0" | bc)
  sower_warm=$(checked_download "$out/out-sower" "run $1: aria2c's warm copy from Sower")
  stop_daemon
}

# libtorrent seeding the same files (seed mode: no hash check), Sower's tracker only.
run_libtorrent() { # $1 = run number; sets lt_s, lt_cpu, lt_warm
  config false
  start_daemon
  "$python" - "$release/dataset.torrent" "$work" >"$work/libtorrent.log" 2>&1 <<'PY' &
import sys, time
import libtorrent as lt
# min_announce_interval: follow the tracker's 5 s interval (default 300 s), since the tracker
# forgets peers silent for two intervals and a slow aria2c start could find no seeder.
ses = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False, 'enable_lsd': False,
                  'enable_upnp': False, 'enable_natpmp': False, 'min_announce_interval': 1})
h = ses.add_torrent({'ti': lt.torrent_info(sys.argv[1]), 'save_path': sys.argv[2],
                     'flags': lt.torrent_flags.seed_mode})
while True:
    time.sleep(1)
PY
  seeder_pid=$!
  await_seeder
  local c0; c0=$(cpu_s "$seeder_pid")
  lt_s=$(checked_download "$out/out-libtorrent" "run $1: aria2c's copy from libtorrent")
  lt_cpu=$(echo "$(cpu_s "$seeder_pid") - $c0" | bc)
  lt_warm=$(checked_download "$out/out-libtorrent" "run $1: aria2c's warm copy from libtorrent")
  kill "$seeder_pid"; wait "$seeder_pid" 2>/dev/null || true; seeder_pid=""
  stop_daemon
}

mbps() { echo "scale=1; $bytes / $1 / 1000000" | bc; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: >"$work/results"
for run in $(seq 1 "$runs"); do
  if [ $((run % 2)) -eq 1 ]; then run_sower "$run"; run_libtorrent "$run"
  else run_libtorrent "$run"; run_sower "$run"; fi
  ratio=$(echo "$sower_s / $lt_s" | bc -l)
  warm_ratio=$(echo "$sower_warm / $lt_warm" | bc -l)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  printf 'run %d: Sower %5.1f s (%s MB/s, %s s CPU), libtorrent %5.1f s (%s MB/s, %s s CPU), ratio %.2f, restart %.2f s, load %s\n' \
    "$run" "$sower_s" "$(mbps "$sower_s")" "$sower_cpu" "$lt_s" "$(mbps "$lt_s")" "$lt_cpu" \
    "$ratio" "$restart" "$load"
  printf 'run %d warm: Sower %5.1f s (%s MB/s), libtorrent %5.1f s (%s MB/s), ratio %.2f\n' \
    "$run" "$sower_warm" "$(mbps "$sower_warm")" "$lt_warm" "$(mbps "$lt_warm")" "$warm_ratio"
  echo "$sower_s $lt_s $ratio $restart $sower_cpu $lt_cpu $sower_warm $lt_warm $warm_ratio" \
    >>"$work/results"
done
col() { cut -d' ' -f"$1" "$work/results" | median; }
printf 'median of %d runs: aria2c from Sower %.1f s, from libtorrent %.1f s\n' "$runs" "$(col 1)" "$(col 2)"
printf 'median ratio Sower/libtorrent time: %.2f (cold)\n' "$(col 3)"
printf 'median warm: aria2c from Sower %.1f s, from libtorrent %.1f s, ratio %.2f\n' \
  "$(col 7)" "$(col 8)" "$(col 9)"
printf 'median Sower restart to seeding (announced): %.2f s\n' "$(col 4)"
printf 'median seeder CPU per download: Sower %.1f s, libtorrent %.1f s\n' "$(col 5)" "$(col 6)"
