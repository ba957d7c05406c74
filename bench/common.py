"""Shared by the benchmark scripts: where the repo and ../shared are, the pinned Python venv, the
release CLI, and the generated customer files (gen_customers.py seed 31, cached in target/bench)."""
import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MICRONUM_SHARED", REPO.parent / "shared"))
WORK = REPO / "target" / "bench"
VENV = REPO / ".venv"
PINNED = ["scikit-learn==1.9.1", "numpy==2.4.6", "pandas==3.1.1"]


def ensure_venv(script):
    """Re-runs `script` (a path) inside ./.venv with the pinned packages installed."""
    py = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", *PINNED], check=True)
    os.execv(str(py), [str(py), str(script), *sys.argv[1:]])


def bench_args(default_rows):
    """The scripts' shared options: --rows (comma-separated sizes), --leaf, --no-build."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default=default_rows)
    ap.add_argument("--leaf", default="1,20")
    ap.add_argument("--no-build", action="store_true")
    return ap.parse_args()


def release_cli(build=True):
    """Path of the release `micronum` binary, built first unless `build` is false."""
    if build:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "micronum"], cwd=REPO, check=True)
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "release" / "micronum"


def customers_file(rows):
    """target/bench/customers_ROWS.csv, generated on first use."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"customers_{rows}.csv"
    if not path.exists():
        with open(path, "w") as out:
            gen = SHARED / "tools" / "gen_customers.py"
            subprocess.run([sys.executable, str(gen), "--rows", str(rows), "--seed", "31"], stdout=out, check=True)
    return path
