#!/usr/bin/env python3
"""onnxruntime scores a CSV batch with the ONNX file of `micronum export-onnx`; every score must
equal `micronum predict`'s to 1e-6.

Usage: python3 tests/onnx_check.py MODEL.onnx BATCH.csv PREDICTIONS.csv

Checks, in order: `onnx.checker.check_model(full_check=True)`; the output is `probability`
[N, 1]; the metadata has the model's description; onnxruntime's score of every row of
PREDICTIONS.csv (`row,[id,]proba,y_pred` from `micronum predict`, `row` the 0-based record of
BATCH.csv) is within 1e-6 of `proba`; onnx's own reference evaluator agrees with onnxruntime
on the first rows. Inputs are fed as the graph declares them, [N, 1] each: a double input
takes the cell as a number (blank, a missing token or anything unreadable is NaN; "$52,000"
reads as 52000, as micronum reads formatted numbers), a string input the cell trimmed ("" when
blank). Prints one `metadata: {json}` line and one summary line.

Python packages (pinned below) go into a venv: $MICRONUM_ONNX_VENV, else target/onnx-venv,
created on first use. Exit codes: 0 every row agrees, 1 a check failed, 2 no environment.
"""
import csv
import json
import math
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PINNED = ["onnx==1.23.2", "onnxruntime==1.31.1", "numpy==2.4.6"]
TOLERANCE = 1e-6
REFERENCE_ROWS = 40
METADATA_KEYS = ["micronum_version", "target", "negative_label", "positive_label", "fingerprint"]


def ensure_venv():
    """Re-runs this script inside the venv, with the pinned packages installed once."""
    venv = Path(os.environ.get("MICRONUM_ONNX_VENV", REPO / "target" / "onnx-venv"))
    py = venv / "bin" / "python"
    if Path(sys.prefix).resolve() == venv.resolve():
        return
    marker = venv / "micronum-pinned.txt"
    if not (py.exists() and marker.exists() and marker.read_text() == "\n".join(PINNED)):
        steps = [
            [sys.executable, "-m", "venv", str(venv)],
            [str(py), "-m", "pip", "install", "--quiet", *PINNED],
        ]
        for cmd in steps:
            if subprocess.run(cmd).returncode != 0:
                print(f"error: could not set up {venv} ({' '.join(cmd[:4])} … failed); "
                      f"these tests need Python 3 with venv and PyPI for {', '.join(PINNED)}",
                      file=sys.stderr)
                sys.exit(2)
        marker.write_text("\n".join(PINNED))
    os.execv(str(py), [str(py), __file__, *sys.argv[1:]])


def number(cell):
    """A cell as a double, as the graph's contract asks the caller to read it."""
    c = cell.strip()
    try:
        return float(c) if c else math.nan
    except ValueError:
        pass
    stripped = "".join(ch for ch in c if ch not in "$€£¥, \u00a0'_").removesuffix("%").lstrip("+")
    try:
        return float(stripped)
    except ValueError:
        return math.nan


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def feeds(model, batch):
    """The [N, 1] input arrays of `model`'s graph from the CSV `batch`."""
    import numpy as np
    from onnx import TensorProto

    header, rows = read_csv(batch)
    out = {}
    for inp in model.graph.input:
        name = inp.name
        names = [h.strip() for h in header]
        if name not in names:
            fail(f"{batch} has no column {name!r}, which the graph reads")
        j = names.index(name)
        if inp.type.tensor_type.elem_type == TensorProto.DOUBLE:
            out[name] = np.array([[number(r[j])] for r in rows], dtype=np.float64)
        else:
            out[name] = np.array([[r[j].strip()] for r in rows], dtype=object)
    return out, len(rows)


def fail(message):
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    ensure_venv()
    import numpy as np
    import onnx
    import onnxruntime as ort
    from onnx.reference import ReferenceEvaluator

    path, batch, predictions = sys.argv[1:]
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    outputs = [(o.name, [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim])
               for o in model.graph.output]
    if outputs != [("probability", ["N", 1])]:
        fail(f"outputs are {outputs}")
    metadata = {p.key: p.value for p in model.metadata_props}
    missing = [k for k in METADATA_KEYS if not metadata.get(k)]
    if missing:
        fail(f"metadata lacks {missing}")
    print("metadata: " + json.dumps(metadata, sort_keys=True))

    inputs, n = feeds(model, batch)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    scores = session.run(["probability"], inputs)[0]
    if scores.shape != (n, 1):
        fail(f"onnxruntime returned shape {scores.shape} for {n} rows")
    header, rows = read_csv(predictions)
    proba = header.index("proba")
    worst, worst_row = 0.0, None
    for r in rows:
        row, p = int(r[0]), float(r[proba])
        d = abs(float(scores[row, 0]) - p)
        if not d <= worst:
            worst, worst_row = d, row
    if worst > TOLERANCE:
        fail(f"row {worst_row}: onnxruntime {scores[worst_row, 0]!r}, micronum differs by {worst:.3e}")

    few = {k: v[:REFERENCE_ROWS] for k, v in inputs.items()}
    reference = ReferenceEvaluator(model).run(["probability"], few)[0]
    gap = float(np.max(np.abs(reference - scores[:REFERENCE_ROWS])))
    if not gap <= 1e-12:
        fail(f"onnx's reference evaluator differs from onnxruntime by {gap:.3e}")
    print(f"{Path(path).name}: {len(rows)} of {n} rows scored by onnxruntime {ort.__version__}, "
          f"max |onnxruntime - micronum| = {worst:.3e}; reference evaluator agrees on "
          f"{min(n, REFERENCE_ROWS)} rows (max gap {gap:.1e})")


if __name__ == "__main__":
    main()
