#!/usr/bin/env bash
# fuzz/run.sh SECONDS [TARGET...] — run every cargo-fuzz target (or the ones named) for SECONDS
# each, one process at a time at the lowest priority, and print per target: executions, exec/s,
# libFuzzer's last cov/ft figures, and the crashes found (saved in fuzz/artifacts/TARGET/).
# Exits non-zero when any target crashed.
#
# Installs what it needs when missing: the nightly toolchain (used here only; the product stays
# on stable) and cargo-fuzz. Seeds fuzz/corpus/TARGET/ from ${MICRONUM_SHARED:-../shared}/data
# and data/bad, plus a real cleaning log and a small real model made by the micronum CLI.
# Environment: MICRONUM_SHARED (the shared folder), FUZZ_SANITIZER (default none: the crate has
# no unsafe code, and panics and overflows are what is looked for; `address` works too).
set -euo pipefail
# The whole script is read before it runs (the braces close at the end), so editing it while a
# long run is going cannot change what that run does.
{

usage() { echo "usage: fuzz/run.sh SECONDS [ingest|clean_log|model|segment_stats ...]" >&2; exit 2; }
[[ $# -ge 1 && $1 =~ ^[0-9]+$ ]] || usage
SECS=$1
shift
ALL=(ingest clean_log model segment_stats)
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=("${ALL[@]}")

FUZZ=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$FUZZ/.." && pwd)
SHARED=${MICRONUM_SHARED:-$ROOT/../shared}
[[ -d $SHARED/data ]] || { echo "no shared data at $SHARED/data (set MICRONUM_SHARED)" >&2; exit 2; }
SHARED=$(cd "$SHARED" && pwd)
SANITIZER=${FUZZ_SANITIZER:-none}
say() { printf '\n== %s\n' "$*"; }

# --- tools -------------------------------------------------------------------------------------
if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (for fuzzing only)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  nice -n 19 cargo install cargo-fuzz --locked -j 1
fi

# --- seed corpora ------------------------------------------------------------------------------
# Large files are cut to their first lines: libFuzzer mutates small inputs far faster, and the
# shape of the file is what matters. Files are written (not copied) so read-only sources stay
# overwritable on the next run.
seed_file() { # src dst
  if [[ $(stat -c %s "$1") -gt 60000 ]]; then
    head -c 60000 "$1" >"$2"
  else
    cat "$1" >"$2"
  fi
}
say "seed corpora"
mkdir -p "$FUZZ/corpus" "$FUZZ/artifacts"
CSVS=()
for f in "$SHARED"/data/*.csv "$SHARED"/data/bad/*.csv; do
  [[ -e $f ]] && CSVS+=("$f")
done
mkdir -p "$FUZZ/corpus/ingest"
for f in "${CSVS[@]}"; do
  seed_file "$f" "$FUZZ/corpus/ingest/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done

SEEDS=$FUZZ/corpus/.made
mkdir -p "$SEEDS"
ADS=$SHARED/data/social_network_ads.csv
MESSY=$SHARED/data/messy_ads.csv
if [[ ! -s $SEEDS/model_messy.json ]]; then
  say "making a real cleaning log and a small model with the micronum CLI"
  (cd "$ROOT" && nice -n 19 cargo build --quiet --bin micronum)
  MN=$ROOT/target/debug/micronum
  "$MN" clean "$ADS" --target Purchased --log "$SEEDS/log_ads.json" >/dev/null
  "$MN" clean "$MESSY" --target Purchased --log "$SEEDS/log_messy.json" >/dev/null
  head -n 400 "$SHARED/data/messy_customers_10k.csv" >"$SEEDS/messy_customers_head.csv"
  "$MN" clean "$SEEDS/messy_customers_head.csv" --target purchased \
    --log "$SEEDS/log_customers.json" >/dev/null
  "$MN" train "$ADS" --target Purchased --n-estimators 5 --max-depth 4 --threads 1 \
    --model "$SEEDS/model_ads.json" >/dev/null
  "$MN" train "$MESSY" --target Purchased --n-estimators 5 --max-depth 4 --threads 1 \
    --model "$SEEDS/model_messy.json" >/dev/null
fi
# JSON, a NUL byte, then a CSV batch (the targets split there).
pair() { # json csv out
  { cat "$1"; printf '\0'; if [[ -n $2 ]]; then head -n 60 "$2"; fi; } >"$3"
}
mkdir -p "$FUZZ/corpus/clean_log" "$FUZZ/corpus/model" "$FUZZ/corpus/segment_stats"
for log in ads messy customers; do
  pair "$SEEDS/log_$log.json" "" "$FUZZ/corpus/clean_log/seed-log-$log"
  pair "$SEEDS/log_$log.json" "$MESSY" "$FUZZ/corpus/clean_log/seed-log-$log-messy"
  pair "$SEEDS/log_$log.json" "$SEEDS/messy_customers_head.csv" \
    "$FUZZ/corpus/clean_log/seed-log-$log-customers"
done
for m in ads messy; do
  pair "$SEEDS/model_$m.json" "" "$FUZZ/corpus/model/seed-model-$m"
  pair "$SEEDS/model_$m.json" "$ADS" "$FUZZ/corpus/model/seed-model-$m-ads"
  pair "$SEEDS/model_$m.json" "$MESSY" "$FUZZ/corpus/model/seed-model-$m-messy"
done
# Hand-written seeds kept in the repo (every cleaning step, extreme numbers).
for d in "$FUZZ"/seeds/*/; do
  t=$(basename "$d")
  mkdir -p "$FUZZ/corpus/$t"
  for f in "$d"*; do cat "$f" >"$FUZZ/corpus/$t/seed-$(basename "$f")"; done
done
# segment_stats reads structured input from any bytes: small shared files make varied seeds.
for f in "${CSVS[@]}"; do
  if [[ $(stat -c %s "$f") -le 4096 ]]; then
    cat "$f" >"$FUZZ/corpus/segment_stats/seed-$(basename "$f")"
  fi
done

# --- build -------------------------------------------------------------------------------------
FLAGS=(--release --debug-assertions --sanitizer "$SANITIZER")
say "building the targets (nightly, sanitizer: $SANITIZER, debug assertions on)"
(cd "$ROOT" && CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} nice -n 19 cargo +nightly fuzz build "${FLAGS[@]}")

max_len() {
  case $1 in
    segment_stats) echo 4096 ;;
    *) echo 70000 ;; # above the 64 KiB cell limit, so too-long cells stay reachable
  esac
}

# --- run ---------------------------------------------------------------------------------------
SUMMARY=()
FAILED=0
for t in "${TARGETS[@]}"; do
  [[ -f $FUZZ/fuzz_targets/$t.rs ]] || { echo "no target $t" >&2; exit 2; }
  mkdir -p "$FUZZ/artifacts/$t"
  LOG=$FUZZ/artifacts/$t.log
  before=$(find "$FUZZ/artifacts/$t" -type f | wc -l)
  say "fuzzing $t for ${SECS}s (log: ${LOG#"$ROOT"/})"
  DICT=()
  [[ -f $FUZZ/dicts/$t.dict ]] && DICT=(-dict="$FUZZ/dicts/$t.dict")
  start=$SECONDS
  set +e
  (cd "$ROOT" && nice -n 19 cargo +nightly fuzz run "${FLAGS[@]}" -j 1 "$t" \
    -- -max_total_time="$SECS" -max_len="$(max_len "$t")" -timeout=30 -rss_limit_mb=4096 \
    -print_final_stats=1 "${DICT[@]}") >"$LOG" 2>&1
  rc=$?
  set -e
  took=$((SECONDS - start)) # a crash ends the run early
  after=$(find "$FUZZ/artifacts/$t" -type f | wc -l)
  crashes=$((after - before))
  if [[ $rc -ne 0 && $crashes -eq 0 ]]; then crashes="? (exit $rc, see log)"; fi
  [[ $rc -eq 0 ]] || FAILED=1
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$LOG" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$LOG" | grep -o '[0-9]*$' | tail -1)
  last=$(grep -E '^#[0-9]+' "$LOG" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*' || true)
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*' || true)
  corp=$(grep -o 'corp: [^ ]*' <<<"$last" | cut -d' ' -f2 || true)
  line="$t: ${took}s, execs ${execs:-?}, exec/s ${rate:-?}, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, crashes ${crashes}"
  echo "$line"
  if [[ $rc -ne 0 ]]; then
    grep -E 'panicked at|ERROR: libFuzzer|Test unit written to' "$LOG" | head -5 || true
  fi
  SUMMARY+=("$line")
done

say "summary"
printf '%s\n' "${SUMMARY[@]}"
if [[ $FAILED -ne 0 ]]; then
  echo "crashes found: reproduce with 'cargo +nightly fuzz run ${FLAGS[*]} TARGET fuzz/artifacts/TARGET/FILE'"
  exit 1
fi
exit 0
}
