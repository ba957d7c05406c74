#!/usr/bin/env python3
"""The whole job the app's Model step does, in scikit-learn, for comparison with the browser's
"train + evaluate" time (`node bench/browser.mjs`): fit 100 trees on the 75 % part (n_jobs=1),
score the 25 % held out, and permutation importance on 5,000 held-out rows × 3 shuffles per
feature (a categorical feature's one-hot columns shuffled together, as micronum shuffles the
feature). Prints the times; records nothing. Run with the venv `bench/vs_sklearn.py` creates:
    .venv/bin/python bench/sklearn_job.py
"""
import time, numpy as np, pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

from common import customers_file

df = pd.read_csv(customers_file(100_000))
y = df["purchased"].to_numpy()
train, test = train_test_split(df, test_size=0.25, stratify=y, random_state=42)
raw = df.drop(columns=["customer_id", "purchased"])
X = pd.get_dummies(raw, dtype=float)
Xtr, Xte = X.loc[train.index], X.loc[test.index]
groups = {c: [d for d in X.columns if d == c or d.startswith(c + "_")] for c in raw.columns}
rng = np.random.default_rng(0)
for leaf in (1, 20):
    rf = RandomForestClassifier(n_estimators=100, min_samples_leaf=leaf, n_jobs=1, random_state=0)
    t0 = time.perf_counter(); rf.fit(Xtr, train["purchased"]); fit = time.perf_counter() - t0
    t0 = time.perf_counter()
    p = rf.predict_proba(Xte)[:, 1]
    S = Xte.sample(5000, random_state=0); ys = test.loc[S.index, "purchased"].to_numpy()
    base = ((rf.predict_proba(S)[:, 1] > 0.5) == ys).mean()
    for c, cols in groups.items():
        for k in range(3):
            V = S.copy(); V[cols] = S[cols].to_numpy()[rng.permutation(len(S))]
            ((rf.predict_proba(V)[:, 1] > 0.5) == ys).mean()
    ev = time.perf_counter() - t0
    print(f"leaf {leaf}: fit {fit:.2f} s, score 25,000 rows + permutation importance (5,000 rows x 3 x {len(groups)}) {ev:.2f} s, job {fit+ev:.2f} s")
