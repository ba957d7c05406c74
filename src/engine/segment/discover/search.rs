//! Exhaustive search, on the search half, over conjunctions of 1–3 conditions on different
//! columns, with minimum support and optimistic-estimate pruning.
//!
//! Counting by histograms instead of intersecting row sets (`counts.rs`): counting the rows of
//! a condition a by bin of a later column B gives the rows and buyers of a ∧ b for *every*
//! condition b on B at once; counting them by the bin pair of two later columns (B, C) gives
//! a ∧ b ∧ c for every b on B and c on C, each read off 2-D prefix sums in O(1). So the work is
//! (rows of a) × (column pairs after a's column) per condition a, whatever the number of
//! conditions per column, and each conjunction is scored once (columns in increasing order).
//!
//! Scores: generalization-aware quality against every sub-conjunction and the independent-odds
//! prediction of the single conditions (`quality.rs`); the optimistic estimates use the
//! sub-conjunctions only, which is what keeps them admissible.
//!
//! Pruning (both sound, so the kept candidates are exactly the best `pool` conjunctions with at
//! least `min_support` search rows): a conjunction with fewer rows than `min_support` is never
//! extended (support only shrinks), nor one whose optimistic estimate (`quality.rs`) is below the
//! worst quality kept; a triple is scored only when all three of its pairs survived both tests.
//!
//! Browser note: the per-row loops live in small `#[inline(never)]` functions called once per
//! condition and column (pair), so V8 optimises them early (DEVELOPERS.md, "Speed in the
//! browser"); nothing here allocates per candidate.

use super::counts::{add_1d, add_2d, prefix_1d, prefix_2d, rate, sum_1d, sum_2d, unpack, Half};
use super::error::DiscoverError;
use super::pool::{Candidate, Pool};
use super::quality::{independent_odds, optimistic, quality, Reference};
use super::select::Conditions;
use crate::engine::forest::FitProgress;

/// What the search found.
pub(super) struct Searched {
    /// The best candidates, best first.
    pub candidates: Vec<Candidate>,
    /// Conjunctions with at least `min_support` search rows that were scored.
    pub evaluated: u64,
}

/// How far and how wide to search.
pub(super) struct Settings {
    pub max_conditions: usize,
    pub min_support: u64,
    pub pool: usize,
}

/// Search state shared by the passes.
struct Search<'a> {
    cond: &'a Conditions,
    half: Half,
    /// Packed counts of each condition, and of each pair (ns × ns; 0 on the same column).
    single: Vec<u64>,
    pair: Vec<u64>,
    /// Optimistic estimate of each condition (−∞ below min_support); pairs' are computed when
    /// needed, so memory stays at one u64 per pair.
    single_oe: Vec<f64>,
    p0: f64,
    m: u64,
    pool: Pool,
    evaluated: u64,
    buf: Vec<u64>,
    prefix: Vec<u64>,
}

/// Runs the search over the search-half `rows` (dataset rows) with targets `y`.
pub(super) fn search(
    cond: &Conditions,
    rows: &[usize],
    y: &[u8],
    settings: &Settings,
    progress: &mut dyn FnMut(FitProgress) -> bool,
) -> Result<Searched, DiscoverError> {
    let half = Half::new(cond, rows, y);
    let k0: u64 = half.y.iter().map(|&v| v as u64).sum();
    let ns = cond.selectors.len();
    let mut s = Search {
        cond,
        half,
        single: vec![0; ns],
        pair: Vec::new(),
        single_oe: vec![f64::NEG_INFINITY; ns],
        p0: k0 as f64 / rows.len().max(1) as f64,
        m: settings.min_support,
        pool: Pool::new(settings.pool),
        evaluated: 0,
        buf: Vec::new(),
        prefix: Vec::new(),
    };
    s.singles();
    let passes = settings.max_conditions.saturating_sub(1);
    let total = ns * passes;
    let step = (total / 100).max(1);
    let mut done = 0;
    let mut tick = |done: usize| -> Result<(), DiscoverError> {
        if (done % step == 0 || done == total)
            && !progress(FitProgress { phase: "search", done, total })
        {
            return Err(DiscoverError::Cancelled);
        }
        Ok(())
    };
    if settings.max_conditions >= 2 {
        s.pair = vec![0; ns * ns];
        for a in 0..ns {
            s.pairs_of(a);
            done += 1;
            tick(done)?;
        }
    }
    if settings.max_conditions >= 3 {
        for a in 0..ns {
            s.triples_of(a);
            done += 1;
            tick(done)?;
        }
    }
    Ok(Searched { candidates: s.pool.into_sorted(), evaluated: s.evaluated })
}

impl Search<'_> {
    /// Scores `ids` (n, k packed in `v`, generalizations in `r`); allocates only for a keeper.
    fn offer(&mut self, ids: &[u32], v: u64, r: Reference) {
        let (n, k) = unpack(v);
        self.evaluated += 1;
        let (q, direction) = quality(n, k, r);
        if q > 0.0 && q >= self.pool.bar() {
            self.pool.offer(Candidate { selectors: ids.to_vec(), quality: q, direction, n, k });
        }
    }

    /// Counts and scores every single condition.
    fn singles(&mut self) {
        let cond = self.cond;
        for (c, range) in cond.by_column.iter().enumerate() {
            let mut h = vec![0u64; cond.columns[c].n_bins];
            add_1d(&self.half.sorted[c], &self.half.codes[c], &self.half.y, &mut h);
            prefix_1d(&h, &mut self.prefix);
            for a in range.clone() {
                let v = sum_1d(&self.prefix, &cond.selectors[a]);
                self.single[a] = v;
                let (n, k) = unpack(v);
                if n >= self.m {
                    let r = Reference::overall(self.p0);
                    self.single_oe[a] = optimistic(n, k, r, self.m);
                    self.offer(&[a as u32], v, r);
                }
            }
        }
    }

    /// Counts every pair (a, b) with b on a later column; scores those with enough rows.
    fn pairs_of(&mut self, a: usize) {
        let cond = self.cond;
        let ns = cond.selectors.len();
        let sa = &cond.selectors[a];
        if unpack(self.single[a]).0 < self.m {
            return;
        }
        for col_b in sa.column + 1..cond.columns.len() {
            self.buf.clear();
            self.buf.resize(cond.columns[col_b].n_bins, 0);
            for rows in self.half.rows(sa) {
                add_1d(rows, &self.half.codes[col_b], &self.half.y, &mut self.buf);
            }
            prefix_1d(&self.buf, &mut self.prefix);
            for b in cond.by_column[col_b].clone() {
                let v = sum_1d(&self.prefix, &cond.selectors[b]);
                self.pair[a * ns + b] = v;
                self.pair[b * ns + a] = v;
                let n = unpack(v).0;
                if n >= self.m {
                    let (ra, rb) = (rate(self.single[a]), rate(self.single[b]));
                    let r = Reference::overall(self.p0).with(ra).with(rb);
                    let e = independent_odds(self.p0, &[ra, rb]);
                    self.offer(&[a as u32, b as u32], v, r.with(e));
                }
            }
        }
    }

    /// Scores every triple (a, b, c) with b and c on later columns, pruned as the module says.
    fn triples_of(&mut self, a: usize) {
        let cond = self.cond;
        let sa = &cond.selectors[a];
        if unpack(self.single[a]).0 < self.m || self.single_oe[a] < self.pool.bar() {
            return;
        }
        let n_cols = cond.columns.len();
        for col_b in sa.column + 1..n_cols {
            if !cond.by_column[col_b].clone().any(|b| self.pair_alive(a, b)) {
                continue;
            }
            for col_c in col_b + 1..n_cols {
                self.triples_on(a, col_b, col_c);
            }
        }
    }

    /// Whether pair (a, b) has enough rows and may still hold a good refinement.
    fn pair_alive(&self, a: usize, b: usize) -> bool {
        let (n, k) = unpack(self.pair[a * self.cond.selectors.len() + b]);
        if n < self.m {
            return false;
        }
        let r = Reference::overall(self.p0).with(rate(self.single[a])).with(rate(self.single[b]));
        optimistic(n, k, r, self.m) >= self.pool.bar()
    }

    /// Scores a ∧ b ∧ c for every b on column `col_b` and c on `col_c`.
    fn triples_on(&mut self, a: usize, col_b: usize, col_c: usize) {
        let cond = self.cond;
        let ns = cond.selectors.len();
        let (nb, nc) = (cond.columns[col_b].n_bins, cond.columns[col_c].n_bins);
        self.buf.clear();
        self.buf.resize(nb * nc, 0);
        let sa = &cond.selectors[a];
        for rows in self.half.rows(sa) {
            let (x, z) = (&self.half.codes[col_b], &self.half.codes[col_c]);
            add_2d(rows, x, z, &self.half.y, nc, &mut self.buf);
        }
        let mut prefix = std::mem::take(&mut self.prefix);
        prefix_2d(&self.buf, nb, nc, &mut prefix);
        let ra = rate(self.single[a]);
        for b in cond.by_column[col_b].clone() {
            if !self.pair_alive(a, b) {
                continue;
            }
            let rb = rate(self.single[b]);
            let r_ab =
                Reference::overall(self.p0).with(ra).with(rb).with(rate(self.pair[a * ns + b]));
            for c in cond.by_column[col_c].clone() {
                if !self.pair_alive(a, c) || !self.pair_alive(b, c) {
                    continue;
                }
                let v = sum_2d(&prefix, nc + 1, &cond.selectors[b], &cond.selectors[c]);
                if unpack(v).0 < self.m {
                    continue;
                }
                let rc = rate(self.single[c]);
                let r = r_ab
                    .with(rc)
                    .with(rate(self.pair[a * ns + c]))
                    .with(rate(self.pair[b * ns + c]))
                    .with(independent_odds(self.p0, &[ra, rb, rc]));
                self.offer(&[a as u32, b as u32, c as u32], v, r);
            }
        }
        self.prefix = prefix;
    }
}
