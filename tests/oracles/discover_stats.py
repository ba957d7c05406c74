#!/usr/bin/env python3
"""Reference values for the statistics of `segment::discover`, computed once with scipy and
written to tests/oracles/discover_stats.json (read by tests/discover_oracle.rs):

  * scipy.stats.binomtest(k, n, p).pvalue (exact, two-sided) on small, large and far-tail cases;
  * scipy.stats.false_discovery_control(p, method="bh" | "by") on seeded random p-values;
  * scipy.special.erfc at points on both sides of the implementation's switch at 1.5.

scipy and numpy go into ./.venv (created on first run, pinned). Usage:
    python3 tests/oracles/discover_stats.py
"""
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
VENV = REPO / ".venv"
PINNED = ["scipy==1.17.1", "numpy==2.4.6"]


def ensure_venv():
    """Re-runs this script inside ./.venv with the pinned packages installed."""
    py = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", *PINNED], check=True)
    os.execv(str(py), [str(py), __file__, *sys.argv[1:]])


def main():
    ensure_venv()
    import numpy as np
    import scipy
    from scipy import special, stats

    binom = []
    cases = [
        (2, 10, 0.5), (4, 5, 0.3), (0, 5, 0.3), (60, 100, 0.2), (7, 100, 0.2), (33, 100, 0.2),
        (1, 250, 0.15), (2, 100, 0.15), (45, 100, 0.15), (130, 500, 0.3), (170, 500, 0.3),
        (15_400, 50_000, 0.3), (14_700, 50_000, 0.3), (0, 1000, 0.001), (3, 1000, 0.001),
        (500, 1000, 0.5), (480, 1000, 0.5), (12, 40, 0.05), (9_000, 20_000, 0.45),
    ]
    for k, n, p in cases:
        binom.append({"k": k, "n": n, "p": p, "pvalue": float(stats.binomtest(k, n, p).pvalue)})

    rng = np.random.default_rng(20)
    pv = np.concatenate([rng.uniform(0, 1, 30), rng.uniform(0, 0.002, 10)])
    fdr = {
        "p": pv.tolist(),
        "bh": stats.false_discovery_control(pv, method="bh").tolist(),
        "by": stats.false_discovery_control(pv, method="by").tolist(),
    }
    xs = [0.0, 0.1, 0.7, 1.2, 1.49, 1.5, 1.51, 2.0, 3.3, 5.0, 8.0, 12.0, -0.4, -2.0]
    erfc = [{"x": x, "erfc": float(special.erfc(x))} for x in xs]

    out = {
        "generator": f"tests/oracles/discover_stats.py, scipy {scipy.__version__}, numpy {np.__version__}",
        "binomtest": binom,
        "fdr": fdr,
        "erfc": erfc,
    }
    path = Path(__file__).with_suffix(".json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
