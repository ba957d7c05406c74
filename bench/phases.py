#!/usr/bin/env python3
"""Per-phase timings of micronum on generated customer files (no Python packages needed).

Generates 10k, 100k and 1M-row files with ../shared/tools/gen_customers.py (seed 31, cached in
target/bench), then runs `micronum bench` on them: parse, cleaning, dataset + split, binning,
trees (trees/s; the trees also route the held-out 25 % and permutation importance's shuffled
copies to their leaves), evaluation (metrics and importances from those votes), and the peak
resident memory against the file size. Prints the Markdown tables and appends them to
bench/RESULTS.md with the date, machine and load. Usage:
    python3 bench/phases.py [--rows 10000,100000,1000000] [--leaf 1,20] [--no-build]
min_samples_leaf 1 runs only on files of at most 100,000 rows (a leaf-1 forest of 750,000 rows
has about 300,000 nodes a tree: minutes, and gigabytes, for a number nobody needs).
"""
import os
import platform
import subprocess
import time
from pathlib import Path

from common import bench_args, REPO, customers_file, release_cli


def main():
    args = bench_args("10000,100000,1000000")
    cli = release_cli(build=not args.no_build)
    files = [str(customers_file(int(r))) for r in args.rows.split(",")]
    cores = os.cpu_count() or 1
    load_start = os.getloadavg()[0]
    parts = []
    for leaf in args.leaf.split(","):
        for threads in sorted({1, cores}):
            # One process per file, so each peak-memory figure is that file's own.
            rows = []
            for f in files:
                if leaf == "1" and int(Path(f).stem.split("_")[-1]) > 100_000:
                    continue
                out = subprocess.run(
                    [str(cli), "bench", f, "--target", "purchased", "--min-samples-leaf", leaf, "--threads", str(threads)],
                    check=True, capture_output=True, text=True,
                ).stdout.splitlines()
                head, rows_of_file = out[:2], [l for l in out[2:] if l.startswith("| ")]
                rows += rows_of_file
            title = f"min_samples_leaf {leaf}, {threads} thread(s) for trees"
            parts.append(f"**{title}**\n\n" + "\n".join(head + rows) + "\n")
            print(parts[-1], flush=True)
    header = (
        f"\n## {time.strftime('%Y-%m-%d')} — phases (`bench/phases.py`), {platform.machine()}, {cores} cores, "
        f"machine kind \"rust\"; micronum release build\n\n"
        "Data: gen_customers.py seed 31 (9 columns); 100 trees; 25 % held out and scored; permutation "
        "importance on at most 5,000 held-out rows. Peak RSS is the process's high-water mark for that "
        f"file (one process per file). 1-minute load average {load_start:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end.\n\n"
    )
    text = header + "\n".join(parts)
    with open(REPO / "bench" / "RESULTS.md", "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
