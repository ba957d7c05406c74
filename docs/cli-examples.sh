#!/bin/sh
# Re-runs every command-line example of docs/guide.md in a scratch directory and prints what
# each one wrote to the terminal, so the excerpts in the guide can be checked against the real
# tool. Usage: docs/cli-examples.sh [DATA_DIR]   (default ../shared/data; needs a release build:
# cargo build --release --bin micronum, binary taken from $CARGO_TARGET_DIR or target/)
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
data=$(cd "${1:-$repo/../shared/data}" && pwd)
bin=${CARGO_TARGET_DIR:-$repo/target}/release
[ -x "$bin/micronum" ] || { echo "build first: cargo build --release --bin micronum" >&2; exit 2; }
PATH="$bin:$PATH"
cd "$(mktemp -d)"
cp "$data/social_network_ads.csv" "$data/messy_ads.csv" "$data/customers_10k.csv" "$data/messy_customers_10k.csv" .
run() { printf '\n$ %s\n' "$*"; "$@" 2>&1; printf '[exit %s]\n' "$?"; }

run micronum inspect social_network_ads.csv
run micronum clean messy_ads.csv --log log.json --out clean.csv
run micronum train social_network_ads.csv --target Purchased --model ads_model.json --metrics ads_metrics.json --predictions test_predictions.csv
run head -3 test_predictions.csv
run micronum predict social_network_ads.csv --model ads_model.json --out scores.csv
run sed -n '1p;36,37p' scores.csv
run micronum segment social_network_ads.csv --target Purchased --by Age,EstimatedSalary --bins 4 --out segments.csv --assignments rows.csv
run head -4 segments.csv
run micronum segment customers_10k.csv --target purchased --by region,channel --out region_channel.csv
run micronum segment customers_10k.csv --target purchased --method discover --max-conditions 2 --out discovered.csv --members members.csv
run sh -c 'cut -d, -f2,3,5,15,16 discovered.csv | head -4'
run micronum report customers_10k.csv --target purchased --segment-by region,channel --out report.html

# A pipeline: a model trained on the first 8000 customers; the last 2000 are "tonight's batch";
# customers aged 50 or more make a batch that has drifted.
head -n 8001 customers_10k.csv > train.csv
{ head -n 1 customers_10k.csv; tail -n 2000 customers_10k.csv; } > batch.csv
awk -F, 'NR == 1 || $3 >= 50' customers_10k.csv > older.csv
run micronum train train.csv --target purchased --min-samples-leaf 20 --cv 5 --model m.json --metrics metrics.json
run micronum evaluate batch.csv --model m.json --metrics batch_metrics.json
run micronum drift --model m.json batch.csv --fail-on major --out drift.json
run micronum drift --model m.json older.csv --fail-on major --out drift_older.json
run micronum predict messy_customers_10k.csv --model m.json --out /dev/null
run micronum export-sql --model ads_model.json --dialect sqlite --table batch --out score.sql
run head -n 4 score.sql
if command -v sqlite3 >/dev/null; then
  printf '\n$ sqlite3 (import social_network_ads.csv as table batch, run score.sql)\n'
  sqlite3 -cmd ".mode csv" -cmd ".import social_network_ads.csv batch" -cmd ".headers on" ads.db ".read score.sql" > sql_scores.csv
  sed -n '1p;36,37p' sql_scores.csv
fi

# Deploy: the messy demo's model as ONNX, four new customers scored by predict and onnxruntime
# (with the venv of tests/onnx_check.py when it exists, else a python3 that has onnxruntime).
run micronum train messy_ads.csv --target Purchased --model messy_model.json
run micronum export-onnx --model messy_model.json --out messy_model.onnx
printf 'User ID,Gender,Age,EstimatedSalary\n1,male,19,19000\n2,NA,46,"$41,000"\n3,Other,,88000\n4,Female,999,\n' > new_customers.csv
run cat new_customers.csv
run micronum predict new_customers.csv --model messy_model.json
cat > score.py <<'PY'
import numpy as np
import onnxruntime as ort

session = ort.InferenceSession("messy_model.onnx")
for i in session.get_inputs():
    print(i.name, i.type, i.shape)

# The four customers of new_customers.csv, one [N, 1] array per input column.
batch = {
    "Gender": np.array([["male"], ["NA"], ["Other"], ["Female"]], dtype=object),
    "Age": np.array([[19], [46], [np.nan], [999]], dtype=np.float64),
    "EstimatedSalary": np.array([[19000], [41000], [88000], [np.nan]], dtype=np.float64),
}
print(session.run(["probability"], batch)[0].ravel())

meta = session.get_modelmeta().custom_metadata_map
print({k: meta[k] for k in ["target", "positive_label", "fingerprint", "micronum_version"]})
PY
py=$repo/target/onnx-venv/bin/python
[ -x "$py" ] || py=python3
if "$py" -c "import onnxruntime" 2>/dev/null; then run "$py" score.py; fi

# Segments that travel: tree segments of train.csv tag tonight's batch, in micronum and in SQL.
run micronum segment train.csv --target purchased --method tree --max-depth 3 --out tree.csv --save segments.json
run micronum assign batch.csv --segments segments.json --out batch_segments.csv --mix mix.json
run head -4 batch_segments.csv
run micronum assign older.csv --segments segments.json --out older_segments.csv --fail-on major
run micronum export-sql --segments segments.json --dialect sqlite --table batch --out segments.sql
if command -v sqlite3 >/dev/null; then
  printf '\n$ sqlite3 (import batch.csv as table batch, run segments.sql)\n'
  sqlite3 -cmd ".mode csv" -cmd ".import batch.csv batch" -cmd ".headers on" seg.db ".read segments.sql" | head -4
fi
run micronum export-sql --segments segments.json --dialect duckdb --table batch --out segments_duckdb.sql
cat > segments_duckdb.py <<'PY'
import duckdb

con = duckdb.connect()
con.execute("CREATE TABLE batch AS SELECT * FROM read_csv('batch.csv')")
tagged = con.sql(open("segments_duckdb.sql").read())
print(tagged.limit(3))
print(con.sql("SELECT segment, count(*) AS n FROM tagged GROUP BY segment ORDER BY n DESC"))
PY
# DuckDB from a venv made with: python3 -m venv target/duckdb-venv &&
# target/duckdb-venv/bin/pip install duckdb==1.4.2 (else a python3 that has duckdb).
dpy=$repo/target/duckdb-venv/bin/python
[ -x "$dpy" ] || dpy=python3
if "$dpy" -c "import duckdb" 2>/dev/null; then run "$dpy" segments_duckdb.py; fi
run micronum export-sql --segments segments.json --dialect postgres --table batch --out segments_pg.sql
# PostgreSQL only when asked (it creates the table "batch" in the database PGHOST/PGDATABASE name).
if [ "${MICRONUM_PSQL:-0}" = 1 ]; then
  run psql -c "CREATE TABLE batch (customer_id bigint, gender text, age integer, estimated_salary double precision, region text, channel text, tenure_months integer, visits_last_90d integer, purchased integer)"
  run psql -c "\copy batch FROM 'batch.csv' WITH (FORMAT csv, HEADER true)"
  psql --csv -f segments_pg.sql > pg_segments.csv && cmp pg_segments.csv batch_segments.csv && echo identical
fi
cat > nightly_segments.sh <<'SH'
#!/bin/sh
# Tag last night's batch with the saved segments. Publish nothing when the batch has moved far
# from the training data, in its columns (`drift`) or in its segment mix (`assign`): both exit 3
# then. Any other error exits 2.
set -u
cd "$(dirname "$0")"
batch=${1:-batch.csv}
micronum drift --model m.json "$batch" --fail-on major --out drift.json
case $? in
  0) ;;
  3) echo "major drift in $batch: segments not published, remake them" >&2; exit 3 ;;
  *) exit 2 ;;
esac
micronum assign "$batch" --segments segments.json --out tagged.csv --mix mix.json --fail-on major
case $? in
  0) ;;
  3) echo "the segment mix of $batch moved far from training: not published" >&2; exit 3 ;;
  *) exit 2 ;;
esac
mv tagged.csv published_segments.csv
echo "published the segments of $(($(wc -l < published_segments.csv) - 1)) rows of $batch"
SH
chmod +x nightly_segments.sh
run ./nightly_segments.sh batch.csv
run ./nightly_segments.sh older.csv
