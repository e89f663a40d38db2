#!/usr/bin/env bash
# Benchmarks `sower select` on a generated metadata export of N records (default 1,000,000).
#
#   bench/select.sh [RECORDS] [WORKDIR]
#
# Writes WORKDIR/metadata.json.tar.xz once (records shaped like the Danbooru2019 export: all
# numbers as strings, ~29 tags, favs; ~2.2 KB of JSON each) with bench/MetadataGen.java, then
# times three queries and prints records/s, MB/s and the time extrapolated to 3.69M records.
# Needs java 17+, tar and xz. The archive is compressed with `xz -1` to keep generation short;
# decoding speed barely depends on the preset. Two archives of the same tar are timed: a
# multi-block one (`xz -T2`) and a single-block one (`xz -T1`, as single-threaded xz writes), each
# with every decoder in XZ_DECODERS (default "java native"; see --xz-decoder).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
records="${1:-1000000}"
work="${2:-${TMPDIR:-/tmp}/sower-select-bench}"
archive="$work/metadata.json.tar.xz"
mkdir -p "$work"

if [ ! -s "$archive" ] || [ "$(cat "$work/records" 2>/dev/null)" != "$records" ]; then
  echo "generating $records records in $work ..." >&2
  rm -rf "$work/json"
  java "$here/bench/MetadataGen.java" "$work/json" "$records"
  tar -C "$work/json" -cf - . | xz -T2 -1 > "$archive.tmp"
  mv "$archive.tmp" "$archive"
  echo "$records" > "$work/records"
  rm -rf "$work/json"
fi
single="$work/metadata.single.tar.xz"
if [ ! -s "$single" ] || [ "$single" -ot "$archive" ]; then
  echo "recompressing as a single xz block ..." >&2
  xz -dc "$archive" | xz -T1 -1 > "$single.tmp"
  mv "$single.tmp" "$single"
fi
raw_bytes="$(xz --robot --list "$archive" | awk '$1 == "totals" { print $5 }')"
decoders="${XZ_DECODERS:-java native}"

"$here/sower" --version >/dev/null   # build the jar first, outside the timings

run() {
  local file="$1" label="$2"; shift 2
  local lines secs cpu
  lines="$(/usr/bin/time -f '%e %U %S' -o "$work/time" \
    "$here/sower" select --metadata "$file" "$@" 2>"$work/stderr" | wc -l)"
  read -r secs user sys < "$work/time"
  cpu="$(echo "$user + $sys" | bc -l)"
  printf '%-48s %8d lines %6.1f s wall %6.1f s cpu %8.0f rec/s %6.1f MB/s | 3.69M records: %5.1f s\n' \
    "$label" "$lines" "$secs" "$cpu" "$(echo "$records / $secs" | bc -l)" \
    "$(echo "$raw_bytes / $secs / 1000000" | bc -l)" "$(echo "3690000 * $secs / $records" | bc -l)"
  grep -v '^sower select: [0-9]* records read' "$work/stderr" >&2 || true
}

echo "archive: $(du -h "$archive" | cut -f1) compressed, $((raw_bytes / 1000000)) MB of JSON, $records records;" \
  "$(nproc) cores, load $(cut -d" " -f1 /proc/loadavg)" >&2
for blocks in single multi; do
  file="$archive"
  [ "$blocks" = single ] && file="$single"
  echo "$blocks block(s): $(xz --robot --list "$file" | awk '$1 == "totals" { print $3 }') blocks;" \
    "load $(cut -d" " -f1 /proc/loadavg)" >&2
  for d in $decoders; do
    run "$file" "all originals (paths) [$d]" --xz-decoder "$d"
    run "$file" "tag+not-tag+rating+score+since [$d]" --xz-decoder "$d" \
      --tag solo --not-tag smile --rating s --min-score 10 --since 2010-01-01
    run "$file" "512px subset (ids) [$d]" --xz-decoder "$d" --tree 512px --format ids
  done
done
