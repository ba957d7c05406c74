#!/usr/bin/env python3
"""Speed and memory at width: a generated file of 20,000 rows × 500 columns (numeric and
categorical mixed), through `micronum bench` (parse, cleaning, Explore, dataset + split, binning,
100 trees, evaluation with permutation importance within its budget) and `micronum report`
(the whole report, trained again), each timed on the release build. No Python packages needed.

The file (seed 5, cached in target/bench/wide_ROWSxCOLS.csv): `y` depends on n0..n4 and c0..c2
through a logistic score; the other columns are noise (numbers, some with missing cells, and
labels with 2 to 40 levels). Appends the tables to bench/RESULTS.md with the date, machine and
load. Usage:
    python3 bench/wide.py [--rows 20000] [--cols 500] [--no-build]
"""
import argparse
import math
import os
import platform
import random
import subprocess
import time

from common import REPO, WORK, release_cli


def generate(rows, cols, seed=5):
    """target/bench/wide_ROWSxCOLS.csv: 70 % numeric and 30 % label columns, then y."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"wide_{rows}x{cols}.csv"
    if path.exists():
        return path
    rnd = random.Random(seed)
    n_num = int(cols * 0.7)
    n_cat = cols - n_num
    levels = [[f"L{j}_{k}" for k in range(2 + (j * 7) % 39)] for j in range(n_cat)]
    with open(path, "w") as out:
        out.write(",".join([f"n{i}" for i in range(n_num)] + [f"c{j}" for j in range(n_cat)] + ["y"]) + "\n")
        for _ in range(rows):
            nums = [rnd.gauss(0, 1) for _ in range(n_num)]
            cats = [rnd.randrange(len(levels[j])) for j in range(n_cat)]
            score = 1.2 * nums[0] - 0.9 * nums[1] + 0.6 * nums[2] * nums[3] + 0.4 * nums[4]
            score += 0.8 * (cats[0] == 0) - 0.5 * (cats[1] % 3 == 1) + 0.3 * (cats[2] < 4) - 1.0
            y = int(rnd.random() < 1 / (1 + math.exp(-score)))
            cells = ["" if i % 10 == 9 and rnd.random() < 0.05 else f"{x:.4f}" for i, x in enumerate(nums)]
            cells += [levels[j][c] for j, c in enumerate(cats)]
            out.write(",".join(cells) + f",{y}\n")
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--cols", type=int, default=500)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    cli = release_cli(build=not args.no_build)
    t = time.time()
    path = generate(args.rows, args.cols)
    print(f"file {path} ({path.stat().st_size / 1e6:.1f} MB, generated or cached in {time.time() - t:.1f} s)", flush=True)
    cores = os.cpu_count() or 1
    load_start = os.getloadavg()[0]
    out = subprocess.run(
        [str(cli), "bench", str(path), "--target", "y", "--threads", str(cores)],
        check=True, capture_output=True, text=True,
    ).stdout
    print(out, flush=True)
    # `train` with its defaults (min_samples_leaf auto, the logistic baseline), as the report and
    # the page train: its own lines say what tuning, growing and the baseline took.
    t = time.time()
    train_out = subprocess.run(
        [str(cli), "train", str(path), "--target", "y", "--model", str(WORK / "wide_model.json")],
        check=True, capture_output=True, text=True,
    ).stdout
    train_s = time.time() - t
    said = [l.strip() for l in train_out.splitlines() if " s)" in l or "evaluated in" in l]
    train_line = f"`micronum train` (defaults: min_samples_leaf auto, baseline): **{train_s:.1f} s** wall; " + "; ".join(said)
    print(train_line, flush=True)
    report = WORK / "wide_report.html"
    t = time.time()
    subprocess.run([str(cli), "report", str(path), "--target", "y", "--out", str(report)],
                   check=True, capture_output=True, text=True)
    report_s = time.time() - t
    errors = report.read_text().count('height="-') + report.read_text().count('width="-')
    line = (f"`micronum report` (ingest, cleaning, Explore statistics, 100 trees, evaluation, every "
            f"figure): **{report_s:.1f} s** wall, {report.stat().st_size / 1e6:.1f} MB of HTML, "
            f"{errors} negative SVG sizes.")
    print(line)
    header = (
        f"\n## {time.strftime('%Y-%m-%d')} — width (`bench/wide.py`), {platform.machine()}, {cores} cores, "
        f"machine kind \"rust\" (2 cores, 24 GiB); micronum release build\n\n"
        f"Data: {args.rows:,} rows × {args.cols} columns ({int(args.cols * 0.7)} numeric, "
        f"{args.cols - int(args.cols * 0.7)} labels with 2–40 levels) + y, seed 5. 100 trees, 25 % held "
        "out; permutation importance within its budget of 400,000 predictions (300 rows × 2 shuffles at "
        f"500 features). 1-minute load average {load_start:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end (other builds share the machine).\n\n"
    )
    with open(REPO / "bench" / "RESULTS.md", "a") as f:
        f.write(header + out.strip() + "\n\n" + train_line + "\n\n" + line + "\n")


if __name__ == "__main__":
    main()
