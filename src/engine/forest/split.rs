//! Split search on one node and one feature, from integer class counts per bin.
//!
//! Counts are exact integers: `c[k]` is the sum of bootstrap multiplicities of the node's rows of
//! class `k` and `n` the number of distinct rows. Class weights multiply the counts only when an
//! impurity is computed. A "cost" is `W · impurity` (W = weighted samples), so the best split
//! minimises `cost(left) + cost(right)` and its impurity decrease is
//! `cost(parent) − cost(left) − cost(right)` (scikit-learn's definition times W).
//!
//! The codes going left form a 256-bit set (bit 255 = missing), the same for numeric and
//! categorical features, so partitioning rows never branches on the feature kind.

use super::bin::MISSING_BIN;
use super::params::Criterion;
use crate::engine::math::log2;

/// Class counts of a set of rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Multiplicity-weighted count per class (0 = negative, 1 = positive).
    pub c: [u32; 2],
    /// Distinct rows.
    pub n: u32,
}

impl Stats {
    #[inline]
    pub fn plus(self, o: Stats) -> Stats {
        Stats { c: [self.c[0] + o.c[0], self.c[1] + o.c[1]], n: self.n + o.n }
    }

    #[inline]
    pub fn minus(self, o: Stats) -> Stats {
        Stats { c: [self.c[0] - o.c[0], self.c[1] - o.c[1]], n: self.n - o.n }
    }
}

/// The impurity of the fit: criterion and class weights.
#[derive(Debug, Clone, Copy)]
pub struct Impurity {
    pub criterion: Criterion,
    pub class_weight: [f64; 2],
}

impl Impurity {
    /// Weighted class totals `(w0, w1)`.
    #[inline]
    pub fn weights(&self, s: &Stats) -> (f64, f64) {
        (self.class_weight[0] * s.c[0] as f64, self.class_weight[1] * s.c[1] as f64)
    }

    /// `W · impurity`.
    #[inline]
    pub fn cost(&self, s: &Stats) -> f64 {
        match self.criterion {
            Criterion::Gini => self.gini_cost(s),
            Criterion::Entropy => self.entropy_cost(s),
        }
    }

    /// `W · gini`.
    #[inline(always)]
    fn gini_cost(&self, s: &Stats) -> f64 {
        let (w0, w1) = self.weights(s);
        let w = w0 + w1;
        if w <= 0.0 {
            return 0.0;
        }
        w - (w0 * w0 + w1 * w1) / w
    }

    /// `W · entropy` (bits).
    #[inline(always)]
    fn entropy_cost(&self, s: &Stats) -> f64 {
        let (w0, w1) = self.weights(s);
        let w = w0 + w1;
        if w <= 0.0 {
            return 0.0;
        }
        let term = |x: f64| if x > 0.0 { -x * log2(x / w) } else { 0.0 };
        term(w0) + term(w1)
    }

    /// Weighted share of the positive class among the rows (0 without rows).
    #[inline]
    fn positive_share(&self, s: &Stats) -> f64 {
        let (w0, w1) = self.weights(s);
        if w0 + w1 > 0.0 {
            w1 / (w0 + w1)
        } else {
            0.0
        }
    }
}

/// Counts of one non-empty bin of a node.
#[derive(Debug, Clone, Copy)]
pub struct BinStat {
    pub code: u8,
    pub s: Stats,
}

/// Reusable buffers: two 256-slot histograms kept all-zero between uses (slot = `[class-0
/// count, class-1 count, distinct rows, padding]`) and the node's non-empty bins in code order.
pub struct Scratch {
    hist: Box<[[u32; 4]; 512]>,
    pub bins: Vec<BinStat>,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch { hist: Box::new([[0; 4]; 512]), bins: Vec::with_capacity(256) }
    }

    /// Fills `bins` with the counts of `rows`, each `(code, mult << 1 | y)`, whose codes are
    /// below `n_bins` or [`MISSING_BIN`].
    #[inline(always)]
    pub fn gather(&mut self, rows: impl ExactSizeIterator<Item = (u8, u32)>, n_bins: usize) {
        self.bins.clear();
        let n = rows.len();
        if n > SMALL_NODE && n > n_bins {
            self.gather_large(rows, n_bins.min(MISSING_BIN as usize));
        } else {
            self.gather_small(rows);
        }
    }

    /// Alternate rows go to two histograms, so consecutive rows in the same bin do not wait on
    /// each other's increments; then the feature's slots are visited once, missing last.
    #[inline(always)]
    fn gather_large(&mut self, mut rows: impl Iterator<Item = (u8, u32)>, n_bins: usize) {
        let (a, b) = self.hist.split_at_mut(256);
        while let Some(first) = rows.next() {
            count_row(a, first);
            match rows.next() {
                Some(second) => count_row(b, second),
                None => break,
            }
        }
        let codes = (0..n_bins).chain(std::iter::once(MISSING_BIN as usize));
        for code in codes {
            let (x, y) = (&mut a[code], &mut b[code]);
            let n = x[2] + y[2];
            if n > 0 {
                let s = Stats { c: [x[0] + y[0], x[1] + y[1]], n };
                *x = [0; 4];
                *y = [0; 4];
                self.bins.push(BinStat { code: code as u8, s });
            }
        }
    }

    /// A small node: the codes seen are marked in a 256-bit set, whose bits are then read in
    /// order, so no slot is visited twice and no sort is needed.
    #[inline(always)]
    fn gather_small(&mut self, rows: impl Iterator<Item = (u8, u32)>) {
        let hist = &mut self.hist[..256];
        let mut seen = [0u64; 4];
        for row in rows {
            set_bit(&mut seen, row.0);
            count_row(hist, row);
        }
        for (w, mut word) in seen.into_iter().enumerate() {
            while word != 0 {
                let code = w * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                let h = &mut hist[code];
                self.bins.push(BinStat { code: code as u8, s: Stats { c: [h[0], h[1]], n: h[2] } });
                *h = [0; 4];
            }
        }
    }
}

/// Nodes with at most this many rows are gathered without visiting every slot.
const SMALL_NODE: usize = 64;

/// Adds a row `(code, mult << 1 | y)` to its slot of `hist`.
#[inline(always)]
fn count_row(hist: &mut [[u32; 4]], (code, e): (u8, u32)) {
    let slot = &mut hist[code as usize];
    slot[2] += 1;
    slot[(e & 1) as usize] += e >> 1;
}

/// The best threshold of one feature in one node.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// Cost of the two children (lower is better).
    pub cost: f64,
    pub left: Stats,
    pub right: Stats,
    /// Position of the last bin going left in the scanned order.
    pub pos: usize,
    pub missing_left: bool,
}

/// Scans `bins` (non-missing bins in the order to split along, the missing bin excluded) for the
/// cheapest split that leaves at least `min_leaf` rows on each side.
pub fn best_cut(
    bins: &[BinStat],
    missing: Stats,
    imp: &Impurity,
    min_leaf: u32,
) -> Option<Candidate> {
    // One loop per criterion, so the scan does not branch on it per candidate.
    match imp.criterion {
        Criterion::Gini => scan_cuts(bins, missing, min_leaf, |s| imp.gini_cost(s)),
        Criterion::Entropy => scan_cuts(bins, missing, min_leaf, |s| imp.entropy_cost(s)),
    }
}

#[inline(always)]
fn scan_cuts(
    bins: &[BinStat],
    missing: Stats,
    min_leaf: u32,
    cost: impl Fn(&Stats) -> f64,
) -> Option<Candidate> {
    let total = bins.iter().fold(missing, |acc, b| acc.plus(b.s));
    let min_leaf = min_leaf.max(1);
    let mut best: Option<Candidate> = None;
    let mut best_cost = f64::INFINITY;
    let mut consider = |l: Stats, pos: usize, missing_left: bool| {
        let r = total.minus(l);
        if l.n < min_leaf || r.n < min_leaf {
            return;
        }
        let c = cost(&l) + cost(&r);
        if c < best_cost - 1e-12 {
            best_cost = c;
            best = Some(Candidate { cost: c, left: l, right: r, pos, missing_left });
        }
    };
    let mut left = Stats::default();
    for (pos, b) in bins.iter().enumerate() {
        left = left.plus(b.s);
        // The right side only shrinks from here on.
        if total.n - left.n < min_leaf {
            break;
        }
        consider(left, pos, false);
        if missing.n > 0 {
            consider(left.plus(missing), pos, true);
        }
    }
    best
}

/// Orders categorical bins by positive share (then code): the best binary partition of the
/// labels is then a prefix of this order.
pub fn order_by_share(bins: &mut [BinStat], imp: &Impurity) {
    bins.sort_by(|a, b| {
        imp.positive_share(&a.s).total_cmp(&imp.positive_share(&b.s)).then(a.code.cmp(&b.code))
    });
}

/// Set with bits `0..=last`.
#[cfg(test)]
fn set_upto(last: u8) -> [u64; 4] {
    let n = last as usize + 1;
    let mut s = [0u64; 4];
    for (w, word) in s.iter_mut().enumerate() {
        let first = w * 64;
        if n >= first + 64 {
            *word = u64::MAX;
        } else if n > first {
            *word = (1u64 << (n - first)) - 1;
        }
    }
    s
}

/// Adds `code` to `set`.
#[inline]
pub fn set_bit(set: &mut [u64; 4], code: u8) {
    set[(code >> 6) as usize] |= 1 << (code & 63);
}

/// True when `code` is in `set`.
#[inline]
pub fn in_set(set: &[u64; 4], code: u8) -> bool {
    (set[(code >> 6) as usize] >> (code & 63)) & 1 == 1
}

/// Splits the missing bin (always the last code) off `bins`, which are in code order.
pub fn take_missing(bins: &[BinStat]) -> (&[BinStat], Stats) {
    match bins.last() {
        Some(b) if b.code == MISSING_BIN => (&bins[..bins.len() - 1], b.s),
        _ => (bins, Stats::default()),
    }
}

/// Which codes go left at a split.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// Codes `0..=last` go left, and missing values when `missing_left`.
    UpTo { last: u8, missing_left: bool },
    /// Codes in the set go left (bit 255 = missing).
    Set([u64; 4]),
}

/// Stable partition of `items` by `rule` applied to each item's code, branch-free; `tmp` is a
/// scratch buffer at least as long as `items`. Returns the number of items going left.
#[inline(always)]
pub fn partition<T: Copy>(
    items: &mut [T],
    tmp: &mut [T],
    code: impl Fn(&T) -> u8,
    rule: &Rule,
) -> usize {
    match *rule {
        Rule::UpTo { last, missing_left } => {
            let ml = missing_left as usize;
            // `last` is at most 254, so the missing code never passes the comparison.
            partition_by(items, tmp, |t| {
                let c = code(t);
                (c <= last) as usize | ((c == MISSING_BIN) as usize & ml)
            })
        }
        Rule::Set(set) => partition_by(items, tmp, |t| in_set(&set, code(t)) as usize),
    }
}

#[inline(always)]
fn partition_by<T: Copy>(items: &mut [T], tmp: &mut [T], goes_left: impl Fn(&T) -> usize) -> usize {
    let (mut nl, mut nr) = (0usize, 0usize);
    for k in 0..items.len() {
        let t = items[k];
        let left = goes_left(&t);
        // Writing at `nl <= k` never clobbers an item not read yet.
        items[nl] = t;
        tmp[nr] = t;
        nl += left;
        nr += 1 - left;
    }
    items[nl..].copy_from_slice(&tmp[..nr]);
    nl
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gini() -> Impurity {
        Impurity { criterion: Criterion::Gini, class_weight: [1.0, 1.0] }
    }

    #[test]
    fn costs_by_hand() {
        // 3 negatives, 1 positive: gini = 1 − (0.75² + 0.25²) = 0.375, cost = 4 · 0.375.
        let s = Stats { c: [3, 1], n: 4 };
        assert!((gini().cost(&s) - 1.5).abs() < 1e-12);
        // entropy = −(0.75·log2 0.75 + 0.25·log2 0.25) = 0.811278
        let e = Impurity { criterion: Criterion::Entropy, class_weight: [1.0, 1.0] };
        assert!((e.cost(&s) - 4.0 * 0.811_278_124_459_132_8).abs() < 1e-12);
        assert_eq!(gini().cost(&Stats { c: [2, 0], n: 2 }), 0.0);
        // Class weights scale the counts: [3·1, 1·3] is balanced, gini 0.5 on W = 6.
        let w = Impurity { criterion: Criterion::Gini, class_weight: [1.0, 3.0] };
        assert!((w.cost(&s) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn bit_sets() {
        let s = set_upto(70);
        assert!(in_set(&s, 0) && in_set(&s, 63) && in_set(&s, 70) && !in_set(&s, 71));
        assert_eq!(set_upto(254)[3], u64::MAX >> 1);
        let mut t = [0u64; 4];
        set_bit(&mut t, MISSING_BIN);
        assert!(in_set(&t, 255) && !in_set(&t, 254));
    }

    #[test]
    fn gather_counts_bins_in_code_order() {
        let col = [3u8, 1, 3, 255, 1, 3];
        // Row multiplicities 1..=6, classes alternating.
        let wy: Vec<u32> = (0..6u32).map(|r| (r + 1) << 1 | (r % 2)).collect();
        let mut sc = Scratch::new();
        for idx in [vec![0u32, 1, 2, 3, 4, 5], vec![5, 4, 3, 2, 1, 0]] {
            sc.gather(idx.iter().map(|&r| (col[r as usize], wy[r as usize])), 4);
            let got: Vec<(u8, [u32; 2], u32)> =
                sc.bins.iter().map(|b| (b.code, b.s.c, b.s.n)).collect();
            assert_eq!(got, vec![(1, [5, 2], 2), (3, [4, 6], 3), (255, [0, 4], 1)]);
        }
        // A large node (each row 20 times) takes the two-histogram path.
        let idx: Vec<u32> = (0..120u32).map(|k| k % 6).collect();
        sc.gather(idx.iter().map(|&r| (col[r as usize], wy[r as usize])), 4);
        let got: Vec<(u8, [u32; 2], u32)> =
            sc.bins.iter().map(|b| (b.code, b.s.c, b.s.n)).collect();
        assert_eq!(got, vec![(1, [100, 40], 40), (3, [80, 120], 60), (255, [0, 80], 20)]);
        // The histogram is zero again: a second gather of one row sees only that row.
        sc.gather([1u32].iter().map(|&r| (col[r as usize], wy[r as usize])), 4);
        assert_eq!(sc.bins.len(), 1);
        assert_eq!(sc.bins[0].s, Stats { c: [0, 2], n: 1 });
    }

    #[test]
    fn best_cut_separates_pure_bins_and_respects_min_leaf() {
        let b = |code, c0, c1| BinStat { code, s: Stats { c: [c0, c1], n: c0 + c1 } };
        let bins = [b(0, 5, 0), b(1, 4, 0), b(2, 0, 6)];
        let c = best_cut(&bins, Stats::default(), &gini(), 1).expect("a split");
        assert_eq!((c.pos, c.cost), (1, 0.0));
        // min_leaf 7: the only split with ≥ 7 rows per side does not exist (9 | 6, 5 | 10).
        assert!(best_cut(&bins, Stats::default(), &gini(), 7).is_none());
        // Missing rows that are positive join the positive side.
        let miss = Stats { c: [0, 3], n: 3 };
        let c = best_cut(&bins, miss, &gini(), 1).expect("a split");
        assert_eq!((c.pos, c.missing_left, c.cost), (1, false, 0.0));
    }

    #[test]
    fn partition_is_stable() {
        let col = [0u8, 1, 0, 1, 1, 0];
        let mut idx = vec![5u32, 4, 3, 2, 1, 0];
        let mut tmp = vec![0u32; 6];
        let nl = partition(&mut idx, &mut tmp, |&r| col[r as usize], &Rule::Set(set_upto(0)));
        assert_eq!(nl, 3);
        assert_eq!(idx, vec![5, 2, 0, 4, 3, 1]);
        // Codes 0, 1, missing, 2; rows listed backwards.
        let col = [0u8, 1, 255, 2];
        for (missing_left, want) in [(false, vec![1u32, 0, 3, 2]), (true, vec![2, 1, 0, 3])] {
            let mut idx = vec![3u32, 2, 1, 0];
            let rule = Rule::UpTo { last: 1, missing_left };
            let nl = partition(&mut idx, &mut tmp, |&r| col[r as usize], &rule);
            assert_eq!((nl, idx), (2 + missing_left as usize, want));
        }
    }
}
