#!/usr/bin/env python3
"""Speed of `micronum segment --method discover` (issue 20: 100,000 rows × 8 columns in ≤ 3 s
natively). Generates customer files with ../shared/tools/gen_customers.py (seed 31, cached in
target/bench), runs the release CLI on each a few times, and prints the discovery time (as the
CLI reports it: search, tests and members, not parsing or cleaning) and the whole command's
wall time, best of the runs, with the number of candidates searched and found significant.
Appends the table to bench/RESULTS.md with the date, machine and load. No Python packages
needed. Usage:
    python3 bench/discover.py [--rows 10000,100000] [--repeat 3] [--no-build]
"""
import argparse
import os
import platform
import re
import subprocess
import time

from common import REPO, WORK, customers_file, release_cli


def run_once(cli, path, extra):
    """(discovery seconds, wall seconds, summary line) of one run."""
    out, members = WORK / "discover_segments.csv", WORK / "discover_members.csv"
    start = time.perf_counter()
    done = subprocess.run(
        [str(cli), "segment", str(path), "--target", "purchased", "--method", "discover",
         "--out", str(out), "--members", str(members), "--timing", *extra],
        check=True, capture_output=True, text=True,
    )
    wall = time.perf_counter() - start
    lines = done.stderr.splitlines()
    line = [l for l in lines if "candidates searched" in l][-1]
    seconds = [l for l in lines if l.startswith("discovered in")][-1]
    return float(re.search(r"discovered in ([0-9.]+) s", seconds).group(1)), wall, line


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    cli = release_cli(build=not args.no_build)
    load_start = os.getloadavg()[0]
    lines = [
        "| rows | discovery s (best of %d) | whole command s (parse + clean + discovery + files) | candidates searched / tested / significant |" % args.repeat,
        "|---:|---:|---:|---|",
    ]
    for rows in [int(r) for r in args.rows.split(",")]:
        path = customers_file(rows)
        runs = [run_once(cli, path, []) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r[0])
        m = re.match(r"(\d+) candidates searched on \d+ rows, (\d+) tested on \d+ held-out rows; (\d+) significant", best[2])
        counts = " / ".join(m.groups()) if m else best[2]
        lines.append(f"| {rows:,} | {best[0]:.2f} | {min(r[1] for r in runs):.2f} | {counts} |")
        print(lines[-1], flush=True)
    header = (
        f"\n## {time.strftime('%Y-%m-%d')} — discover (`bench/discover.py`), {platform.machine()}, "
        f"{os.cpu_count()} cores, machine kind \"rust\"; micronum release build\n\n"
        "Data: gen_customers.py seed 31 (9 columns: 7 features, the id and the target); "
        "`micronum segment FILE --target purchased --method discover` at the defaults (3 conditions, "
        "min_support 30, 9 cuts, 50 tested, fdr 0.1). One thread (the search has none). "
        f"1-minute load average {load_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end.\n\n"
    )
    text = header + "\n".join(lines) + "\n"
    print(text)
    with open(REPO / "bench" / "RESULTS.md", "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
