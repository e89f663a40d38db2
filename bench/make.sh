#!/usr/bin/env bash
# Benchmark of `sower make` against `mktorrent -t 2` on the same generated dataset, from the page
# cache, plus the time of the next release's make with --previous.
#
# usage: bench/make.sh [WORKDIR]        (default: /tmp/sower-bench; reused between runs)
# Prints wall times (best of REPEAT) and CPU times (user + system, lowest of REPEAT): on a shared
# machine the CPU ratio shows the cost of the work itself, the wall ratio also the load.
# env:   IMAGES (default 25000), MEAN_KIB (default 48), THREADS (default 2),
#        REPEAT (default 3: each timing is the best of REPEAT runs, since shared machines are noisy)
#
# Release 2 is made the way an operator updates a dataset in place: a hard-linked copy of
# release 1 brought up to date with `rsync -a --delete`, so unchanged files keep their inodes and
# make --previous reuses their piece hashes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/sower-bench}"
images="${IMAGES:-25000}"
mean="${MEAN_KIB:-48}"
threads="${THREADS:-2}"
repeat="${REPEAT:-3}"
jar="$here/server/target/sower.jar"
sower() { java --add-opens java.base/sun.nio.fs=ALL-UNNAMED -jar "$jar" "$@"; }
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }

"$here/sower" --version >/dev/null   # builds the jar when stale
mkdir -p "$work"
if [ ! -d "$work/r1/ds" ]; then
  sower sample --out "$work/r1/ds" --images "$images" --mean-kib "$mean" >/dev/null
fi
if [ ! -d "$work/r2/ds" ]; then
  sower sample --out "$work/r2/ds" --update-from "$work/r1/ds" >/dev/null
fi
if [ ! -d "$work/live/ds" ]; then
  mkdir -p "$work/live"
  cp -al "$work/r1/ds" "$work/live/ds"
  touch "$work/live/.release1"
fi

bytes=$(du -sb --apparent-size "$work/r1/ds" | cut -f1)
files=$(find "$work/r1/ds" -type f | wc -l)
echo "dataset: $files files, $bytes bytes ($(numfmt --to=iec "$bytes")), $(nproc) cores"
[ "$bytes" -ge 1000000000 ] || echo "warning: dataset below 1 GB"
[ "$files" -ge 20000 ] || echo "warning: dataset below 20k files"

echo "warming the page cache"
find "$work/r1/ds" "$work/r2/ds" -type f -print0 | xargs -0 cat > /dev/null

# One timed run of "$@": sets $wall and $cpu (user + system seconds of the process and its
# children; on a shared machine CPU time varies less than wall time).
timed() {
  local t
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" > "$work/last.log"; } 2>&1 )
  wall=$(echo "$t" | tail -1 | cut -d' ' -f1)
  cpu=$(echo "$t" | tail -1 | awk '{print $2 + $3}')
}
mk_once() { rm -f "$work/mktorrent.torrent"; mktorrent -t "$threads" -l 18 -o "$work/mktorrent.torrent" "$work/r1/ds"; }
sw_once() { rm -rf "$work/out1"; sower make --dataset "$work/r1/ds" --out "$work/out1" --threads "$threads"; }
sw256_once() {
  rm -rf "$work/out1-256k"
  sower make --dataset "$work/r1/ds" --out "$work/out1-256k" --piece-size 256K --threads "$threads"
}
# best of $repeat, the three commands interleaved so that load changes hit them alike
declare -A best_wall best_cpu
for _ in $(seq "$repeat"); do
  for k in mk sw sw256; do
    timed "${k}_once"
    if [ -z "${best_wall[$k]:-}" ] || [ "$(echo "$wall < ${best_wall[$k]}" | bc -l)" = 1 ]; then
      best_wall[$k]=$wall
      cp "$work/last.log" "$work/best-$k.log"
    fi
    if [ -z "${best_cpu[$k]:-}" ] || [ "$(echo "$cpu < ${best_cpu[$k]}" | bc -l)" = 1 ]; then
      best_cpu[$k]=$cpu
    fi
  done
done
mk=${best_wall[mk]}; sw=${best_wall[sw]}; sw256=${best_wall[sw256]}
cp "$work/best-sw.log" "$work/make1.log"; cp "$work/best-sw256.log" "$work/make1-256k.log"

# release 2, in place: unchanged files keep their inodes
rsync -a --delete "$work/r2/ds/" "$work/live/ds/"
rm -f "$work/live/.release1"
find "$work/live/ds" -type f -print0 | xargs -0 cat > /dev/null
rm -rf "$work/out2"
t0=$(now)
sower make --dataset "$work/live/ds" --name ds --out "$work/out2" --previous "$work/out1" \
  --threads "$threads" > "$work/make2.log"
t1=$(now)
up=$(secs "$t0" "$t1")
# put release 1 back for the next run
rm -rf "$work/live"

echo "best of $repeat runs each; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'mktorrent -t %s -l 18 (1 torrent):          %6.2f s  %s/s  cpu %.2f s\n' "$threads" "$mk" \
  "$(numfmt --to=iec "$(echo "$bytes / $mk" | bc)")" "${best_cpu[mk]}"
printf 'sower make (21 torrents, auto pieces):     %6.2f s  %s/s  ratio %.2f  cpu %.2f s (ratio %.2f)\n' \
  "$sw" "$(numfmt --to=iec "$(echo "$bytes / $sw" | bc)")" "$(echo "$sw / $mk" | bc -l)" \
  "${best_cpu[sw]}" "$(echo "${best_cpu[sw]} / ${best_cpu[mk]}" | bc -l)"
printf 'sower make --piece-size 256K:              %6.2f s  %s/s  ratio %.2f  cpu %.2f s (ratio %.2f)\n' \
  "$sw256" "$(numfmt --to=iec "$(echo "$bytes / $sw256" | bc)")" "$(echo "$sw256 / $mk" | bc -l)" \
  "${best_cpu[sw256]}" "$(echo "${best_cpu[sw256]} / ${best_cpu[mk]}" | bc -l)"
printf 'sower make --previous (release 2 in place): %6.2f s\n' "$up"
grep -E "since the previous|hashed" "$work/make2.log" | sed 's/^/  /'
echo "sower phases (best auto run):"
grep -E "^(scanned|re-checked|encoded|wrote)|hashed" "$work/make1.log" | sed 's/^/  /'
echo "(JVM start-up included in sower's times; logs in $work/make*.log)"
