#!/usr/bin/env bash
# Peak resident memory of native `micronum train` (issue 23): 1,000,000 rows × 9 columns of
# gen_customers.py (seed 31, ~42 MB, cached in target/bench like bench/common.py's files),
# 100 trees, --min-samples-leaf 20, 2 threads, measured with /usr/bin/time -v, and the size of
# the model file it writes. Prints one Markdown table row per binary.
#
#   bench/memory.sh [BINARY...]        (default: the release build of this tree)
#
# Pass an older build (e.g. main's binary copied aside) as well to compare before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-1000000}
data=target/bench/customers_${rows}.csv
if [[ ! -f $data ]]; then
  mkdir -p target/bench
  python3 ../shared/tools/gen_customers.py --rows "$rows" --seed 31 > "$data"
fi
if [[ $# -eq 0 ]]; then
  cargo build --release --quiet --bin micronum
  set -- target/release/micronum
fi
size=$(stat -c %s "$data")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "file: $data ($size bytes); load average at start: $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| binary | peak RSS MB | × file | wall s | model file MB | held-out accuracy |"
echo "|---|---:|---:|---:|---:|---:|"
for bin in "$@"; do
  /usr/bin/time -v "$bin" train "$data" --target purchased --n-estimators 100 \
    --min-samples-leaf 20 --threads 2 --random-state 42 --model "$out/model.json" \
    --metrics "$out/metrics.json" > "$out/stdout" 2> "$out/time"
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/time")
  model=$(stat -c %s "$out/model.json")
  acc=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['accuracy'], 4))" "$out/metrics.json")
  awk -v b="$bin" -v kb="$kb" -v size="$size" -v wall="$wall" -v model="$model" -v acc="$acc" 'BEGIN {
    n = split(wall, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i];
    printf "| %s | %.0f | %.1f× | %.1f | %.1f | %s |\n", b, kb / 1024, kb * 1024 / size, s, model / 1e6, acc }'
done
