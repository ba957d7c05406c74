#!/usr/bin/env python3
"""micronum vs scikit-learn on the same rows with the same forest settings.

Generates customer files with ../shared/tools/gen_customers.py, splits each one stratified
75/25 (random_state 42), writes the train and test parts, then:
  * scikit-learn: RandomForestClassifier(n_estimators=100, n_jobs=1 [and -1], same
    min_samples_leaf), one-hot categoricals, fit timed with time.perf_counter;
  * micronum: `micronum train TRAIN --test-size 0 --no-clean --no-oob --threads 1|N` (fit time
    as reported by micronum, which times the fit only; `--no-oob` matches scikit-learn's default
    oob_score=False) and `micronum evaluate TEST`.
Both are scored on the identical test rows. Prints a markdown table and appends it to
bench/RESULTS.md with the date and machine.

Python dependencies go into ./.venv (created on first run). Usage:
    python3 bench/vs_sklearn.py [--rows 10000,100000] [--leaf 1,20] [--no-build]
"""
import json
import os
import platform
import subprocess
import time

from common import bench_args, ensure_venv, REPO, WORK, customers_file, release_cli


def sh(*args, **kw):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, **kw)


def main():
    ensure_venv(__file__)
    import numpy as np
    import pandas as pd
    import sklearn
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split

    args = bench_args("10000,100000")
    cli = release_cli(build=not args.no_build)
    work = WORK
    threads = os.cpu_count() or 1
    load_start = os.getloadavg()[0]
    lines = [
        f"| rows | min_samples_leaf | sklearn fit s (n_jobs=1) | micronum fit s (1 thread) | speed-up | sklearn fit s (n_jobs=-1) | micronum fit s ({threads} threads) | sklearn acc | micronum acc |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for rows in [int(r) for r in args.rows.split(",")]:
        path = customers_file(rows)
        df = pd.read_csv(path)
        y = df["purchased"].to_numpy()
        train, test = train_test_split(df, test_size=0.25, stratify=y, random_state=42)
        train_path, test_path = work / f"train_{rows}.csv", work / f"test_{rows}.csv"
        train.to_csv(train_path, index=False)
        test.to_csv(test_path, index=False)
        X = pd.get_dummies(df.drop(columns=["customer_id", "purchased"]), dtype=float)
        Xtr, Xte = X.loc[train.index], X.loc[test.index]
        for leaf in [int(v) for v in args.leaf.split(",")]:
            res = {}
            for jobs in (1, -1):
                rf = RandomForestClassifier(n_estimators=100, min_samples_leaf=leaf, n_jobs=jobs, random_state=0)
                t0 = time.perf_counter()
                rf.fit(Xtr, train["purchased"])
                res[f"sk_fit_{jobs}"] = time.perf_counter() - t0
                res["sk_acc"] = float((rf.predict(Xte) == test["purchased"]).mean())
            for t in (1, threads):
                model, metrics = work / f"m_{rows}_{leaf}_{t}.json", work / f"fit_{rows}_{leaf}_{t}.json"
                sh(cli, "train", train_path, "--target", "purchased", "--test-size", "0", "--no-clean", "--no-oob",
                   "--min-samples-leaf", leaf, "--threads", t, "--model", model, "--metrics", metrics)
                res[f"mn_fit_{t}"] = json.loads(metrics.read_text())["fit_seconds"]
            ev = work / f"eval_{rows}_{leaf}.json"
            sh(cli, "evaluate", test_path, "--model", model, "--metrics", ev)
            res["mn_acc"] = json.loads(ev.read_text())["accuracy"]
            lines.append(
                f"| {rows:,} | {leaf} | {res['sk_fit_1']:.2f} | {res['mn_fit_1']:.2f} | {res['sk_fit_1'] / res['mn_fit_1']:.1f}× "
                f"| {res['sk_fit_-1']:.2f} | {res[f'mn_fit_{threads}']:.2f} | {res['sk_acc']:.4f} | {res['mn_acc']:.4f} |"
            )
            print(lines[-1], flush=True)
    header = (
        f"\n## {time.strftime('%Y-%m-%d')} — {platform.machine()}, {threads} cores, machine kind \"rust\"; "
        f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; micronum release build\n\n"
        "Data: gen_customers.py seed 31; stratified 75/25 split (random_state 42); 100 trees; "
        "no out-of-bag score on either side (scikit-learn's default); "
        "both scored on the same test rows. "
        f"1-minute load average {load_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end "
        f"on {threads} cores (other jobs share the machine; above {threads} the timings are inflated).\n\n"
    )
    table = "\n".join(lines)
    print(header + table)
    with open(REPO / "bench" / "RESULTS.md", "a") as f:
        f.write(header + table + "\n")


if __name__ == "__main__":
    main()
