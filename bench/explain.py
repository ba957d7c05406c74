#!/usr/bin/env python3
"""Exact TreeSHAP speed (issue 21): explaining rows with a 100-tree forest, natively.

Generates the customer file (gen_customers.py seed 31, cached in target/bench), trains a
100-tree forest on all of it for each min_samples_leaf (`micronum train --test-size 0 --no-oob`,
cached), then runs `micronum bench-explain` on its first rows: a batch on the given threads (what
`micronum explain` and the Model step's global explanation do) and 20 single rows on one thread
and on every core (the what-if form). Prints the Markdown table and appends it to
bench/RESULTS.md with the date, machine and load. No Python packages needed. Usage:
    python3 bench/explain.py [--rows 100000] [--leaf 1,20] [--explain 10000] [--threads 2] [--no-build]
"""
import argparse
import os
import platform
import subprocess
import time

from common import REPO, WORK, customers_file, release_cli


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000, help="rows the forest is grown on")
    ap.add_argument("--leaf", default="1,20", help="min_samples_leaf values, comma-separated")
    ap.add_argument("--explain", type=int, default=10_000, help="rows explained in the batch")
    ap.add_argument("--threads", default=str(os.cpu_count() or 1), help="threads of the batch")
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    cli = release_cli(build=not args.no_build)
    data = customers_file(args.rows)
    load_start = os.getloadavg()[0]
    head, lines = None, []
    for leaf in args.leaf.split(","):
        model = WORK / f"model_{args.rows}_leaf{leaf}.json"
        if not model.exists():
            subprocess.run(
                [str(cli), "train", str(data), "--target", "purchased", "--min-samples-leaf", leaf,
                 "--test-size", "0", "--no-oob", "--model", str(model)],
                check=True, capture_output=True,
            )
        out = subprocess.run(
            [str(cli), "bench-explain", str(data), "--model", str(model), "--rows", str(args.explain),
             "--threads", args.threads],
            check=True, capture_output=True, text=True,
        ).stdout.splitlines()
        head = out[:2]
        lines += [f"| {leaf} " + l for l in out[2:] if l.startswith("| ")]
        print(lines[-1], flush=True)
    head = ["| min_samples_leaf " + head[0], "|---:" + head[1]]
    table = "\n".join(head + lines)
    print(table)
    cores = os.cpu_count() or 1
    text = (
        f"\n## {time.strftime('%Y-%m-%d')} — exact TreeSHAP (`bench/explain.py`), {platform.machine()}, "
        f"{cores} cores, machine kind \"rust\"; micronum release build\n\n"
        f"Data: gen_customers.py seed 31, {args.rows:,} rows; 100 trees grown on every row "
        "(`--test-size 0 --no-oob`); the batch explains the file's first rows, single rows are 20 "
        f"rows spread over them. 1-minute load average {load_start:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end (other jobs share the machine; above {cores} the "
        "timings are inflated).\n\n" + table + "\n"
    )
    with open(REPO / "bench" / "RESULTS.md", "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
