#!/usr/bin/env python3
"""Right by default (issue 19): micronum's forest with scikit-learn's default leaf (1) and with
`--min-samples-leaf auto`, micronum's logistic-regression baseline, and scikit-learn's default
RandomForestClassifier, on the same test rows.

Data: gen_customers.py --rows 20000 --truth, seeds 1–3 (the truth column dropped; the
Bayes-optimal accuracy on the test rows, predicting 1 iff p_true > 0.5, printed beside), and the
real files credit_data.csv (Status, positive "bad") and CreditCard.csv (card, positive "yes"),
each over 5 splits (random_state 1–5).

  * micronum: `micronum train FILE --target T --threads 1` (stratified 75/25 split by
    --random-state; its cleaning log; row numbers never features) with `--min-samples-leaf 1`
    and with the default `auto`; the baseline comes from the same run (its metrics JSON).
    Times: micronum's `fit_seconds` (binning, tuning for auto, growing — which also routes the
    held-out rows and permutation-importance copies through every tree) and the baseline's
    `seconds` (fit and 1,000 bootstrap resamples).
  * scikit-learn: RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=0), all
    defaults, trained on micronum's training rows of the file as read (the same columns micronum
    uses as features, categories one-hot with pandas.get_dummies, missing numbers left NaN: the
    forest handles them) and scored on micronum's test rows; time of `fit` alone.

Prints a markdown table and appends it to bench/RESULTS.md. Runs in the pinned ./.venv
(bench/common.py). Usage:
    python3 bench/defaults.py [--no-build]
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import REPO, SHARED, WORK, ensure_venv, release_cli


def micronum(cli, path, target, seed, extra):
    """Runs `train` and returns (metrics JSON, test rows, y_true, proba)."""
    m, p = WORK / "defaults_metrics.json", WORK / "defaults_pred.csv"
    args = [cli, "train", path, "--target", target, "--threads", "1", "--random-state", seed,
            "--metrics", m, "--predictions", p, *extra]
    subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True)
    lines = p.read_text().splitlines()[1:]
    rows = [int(l.split(",")[0]) for l in lines]
    return json.loads(m.read_text()), rows


def features_used(cli, path, target, extra):
    """The feature columns micronum uses (from the model file)."""
    model = WORK / "defaults_model.json"
    args = [cli, "train", path, "--target", target, "--min-samples-leaf", "1", "--n-estimators", "1",
            "--model", model, *extra]
    subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True)
    return [f["name"] for f in json.loads(model.read_text())["forest"]["features"]]


def sklearn_forest(df, features, y, test_rows):
    import numpy as np
    import pandas as pd
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import accuracy_score, roc_auc_score

    X = pd.get_dummies(df[features], dtype=float)
    test = np.zeros(len(df), dtype=bool)
    test[test_rows] = True
    rf = RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=0)
    t0 = time.perf_counter()
    rf.fit(X[~test], y[~test])
    fit = time.perf_counter() - t0
    proba = rf.predict_proba(X[test])[:, 1]
    return accuracy_score(y[test], proba > 0.5), roc_auc_score(y[test], proba), fit


def run_case(cli, name, path, target, positive, seeds, extra, truth=None):
    import numpy as np
    import pandas as pd

    df = pd.read_csv(path)
    y = (df[target].astype(str) == positive).astype(int).to_numpy()
    features = features_used(cli, path, target, extra)
    acc = {k: [] for k in ("leaf1", "auto", "lr", "sk", "bayes")}
    auc = {k: [] for k in ("leaf1", "auto", "lr", "sk")}
    secs = {k: [] for k in ("leaf1", "auto", "tune", "lr", "sk")}
    chosen = []
    for seed in seeds:
        m1, rows = micronum(cli, path, target, seed, ["--min-samples-leaf", "1", *extra])
        ma, rows_a = micronum(cli, path, target, seed, extra)
        assert rows == rows_a, "the same split"
        for k, m in (("leaf1", m1), ("auto", ma)):
            acc[k].append(m["accuracy"]); auc[k].append(m["roc_auc"]); secs[k].append(m["fit_seconds"])
        secs["tune"].append(ma["tuning"]["seconds"])
        chosen.append(ma["min_samples_leaf"])
        b = ma["baseline"]
        acc["lr"].append(b["accuracy"]); auc["lr"].append(b["roc_auc"]); secs["lr"].append(b["seconds"])
        a, u, t = sklearn_forest(df, features, y, rows)
        acc["sk"].append(a); auc["sk"].append(u); secs["sk"].append(t)
        if truth is not None:
            p = truth[rows]
            acc["bayes"].append(float(np.mean((p > 0.5).astype(int) == y[rows])))
    mean = lambda v: statistics.mean(v) if v else float("nan")
    bayes = f"{mean(acc['bayes']):.4f}" if acc["bayes"] else "—"
    row = (
        f"| {name} | {bayes} "
        f"| {mean(acc['leaf1']):.4f} / {mean(auc['leaf1']):.4f} / {mean(secs['leaf1']):.2f} "
        f"| {mean(acc['auto']):.4f} / {mean(auc['auto']):.4f} / {mean(secs['auto']):.2f} ({mean(secs['tune']):.2f}) "
        f"| {', '.join(map(str, chosen))} "
        f"| {mean(acc['lr']):.4f} / {mean(auc['lr']):.4f} / {mean(secs['lr']):.2f} "
        f"| {mean(acc['sk']):.4f} / {mean(auc['sk']):.4f} / {mean(secs['sk']):.2f} |"
    )
    print(row, flush=True)
    return row


def main():
    ensure_venv(__file__)
    import numpy as np
    import pandas as pd
    import sklearn

    ap = argparse.ArgumentParser()
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    cli = release_cli(build=not args.no_build)
    WORK.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()[0]
    lines = [
        "| data | Bayes-optimal accuracy | micronum leaf 1: accuracy / AUC / fit s | micronum auto: accuracy / AUC / fit s (of which tuning) | leaf chosen | logistic regression: accuracy / AUC / s | scikit-learn default forest: accuracy / AUC / fit s |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    gen = SHARED / "tools" / "gen_customers.py"
    for seed in (1, 2, 3):
        path = WORK / f"customers_20000_truth_{seed}.csv"
        if not path.exists():
            with open(path, "w") as out:
                subprocess.run([sys.executable, str(gen), "--rows", "20000", "--seed", str(seed), "--truth"],
                               stdout=out, check=True)
        truth = pd.read_csv(path)["p_true"].to_numpy()
        lines.append(run_case(cli, f"generated 20,000 rows, seed {seed}", path, "purchased", "1", ["42"],
                              ["--drop", "p_true"], truth))
    real = SHARED / "data" / "real"
    splits = [str(s) for s in range(1, 6)]
    lines.append(run_case(cli, "credit_data.csv (Status, bad), 5 splits", real / "credit_data.csv", "Status", "bad",
                          splits, []))
    lines.append(run_case(cli, "CreditCard.csv (card, yes), 5 splits", real / "CreditCard.csv", "card", "yes",
                          splits, []))
    header = (
        f"\n## {time.strftime('%Y-%m-%d')} — defaults: leaf 1 vs auto vs logistic regression vs scikit-learn "
        f"({platform.machine()}, {os.cpu_count()} cores; scikit-learn {sklearn.__version__}, numpy {np.__version__}; "
        "micronum release build, one thread)\n\n"
        "`bench/defaults.py`. Each cell: accuracy / ROC AUC / seconds on the held-out 25 % (stratified, "
        "`--random-state`; the generated files split with 42, the real ones averaged over 5 splits). "
        "micronum's fit includes routing the held-out rows and permutation-importance copies through "
        "every tree; scikit-learn's is `fit` alone. 1-minute load average "
        f"{load_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end (other jobs share the machine).\n\n"
    )
    table = "\n".join(lines)
    print(header + table)
    with open(REPO / "bench" / "RESULTS.md", "a") as f:
        f.write(header + table + "\n")


if __name__ == "__main__":
    main()
