//! Growing one tree from binned data: bootstrap by multiplicity, per-split feature sampling,
//! class-weight histograms per node, in-place partitioning of one index buffer.
//!
//! Semantics follow scikit-learn's `DecisionTreeClassifier` inside a forest: `min_samples_*`
//! count distinct rows (bootstrap draws become weights), impurities and improvements use the
//! weights, `min_impurity_decrease` compares `W_t/W · (imp − W_l/W_t·imp_l − W_r/W_t·imp_r)`,
//! and at each split features are drawn without replacement until `max_features` non-constant
//! ones were evaluated.

use rand_core::RngCore;

use super::bin::{Binned, FeatureBins, MISSING_BIN};
use super::params::{Criterion, ValidForestParams};
use super::tree::{Tree, LEAF};
use crate::engine::rng;

/// Everything shared by the trees of one fit.
pub struct GrowContext<'a> {
    pub params: &'a ValidForestParams,
    pub binned: &'a Binned,
    pub y: &'a [u8],
    /// Training rows (indices into the dataset).
    pub rows: &'a [usize],
    /// Weight of class 0 and class 1.
    pub class_weight: [f64; 2],
    /// Features evaluated per split.
    pub mtry: usize,
}

/// Per-bin class weights and row counts of one feature in one node.
#[derive(Clone, Copy, Default)]
struct Cell {
    w: [f64; 2],
    n: u32,
}

struct Split {
    feature: usize,
    /// Bins (numeric) or label codes (categorical) going left, as a lookup table.
    goes_left: Box<[bool; 256]>,
    missing_left: bool,
    threshold: f64,
    left_set: Vec<u32>,
    gain: f64,
    children: [(f64, f64); 2],
}

/// Draws the bootstrap multiplicity of each training row (all 1 without bootstrap).
pub fn bootstrap_counts(n: usize, bootstrap: bool, rng: &mut impl RngCore) -> Vec<u32> {
    if !bootstrap {
        return vec![1; n];
    }
    let mut counts = vec![0u32; n];
    for _ in 0..n {
        counts[rng::below(rng, n)] += 1;
    }
    counts
}

fn impurity(c: Criterion, w0: f64, w1: f64) -> f64 {
    let t = w0 + w1;
    if t <= 0.0 {
        return 0.0;
    }
    let (p, q) = (w0 / t, w1 / t);
    match c {
        Criterion::Gini => 1.0 - p * p - q * q,
        Criterion::Entropy => {
            -[p, q].iter().filter(|x| **x > 0.0).map(|x| x * x.log2()).sum::<f64>()
        }
    }
}

/// Grows one tree with the generator seeded by `seed`; returns it with its impurity decrease per
/// feature (not normalised) and the leaf value of every out-of-bag row (row, P(positive)).
/// Out-of-bag rows are partitioned alongside the in-bag rows, so scoring them costs no extra walk.
pub fn grow_tree(ctx: &GrowContext, seed: u64) -> (Tree, Vec<f64>, Vec<(u32, f64)>) {
    let mut rng = rng::rng(seed);
    let counts = bootstrap_counts(ctx.rows.len(), ctx.params.bootstrap, &mut rng);
    let mut idx: Vec<u32> = Vec::with_capacity(ctx.rows.len());
    let mut wt: Vec<f64> = Vec::with_capacity(ctx.rows.len());
    let mut oob: Vec<u32> = Vec::new();
    for (k, &c) in counts.iter().enumerate() {
        let r = ctx.rows[k];
        if c > 0 {
            idx.push(r as u32);
            wt.push(c as f64 * ctx.class_weight[ctx.y[r] as usize]);
        } else {
            oob.push(r as u32);
        }
    }
    let total: f64 = wt.iter().sum();
    let mut g = Grower {
        ctx,
        rng,
        idx,
        wt,
        tree: Tree::default(),
        importance: vec![0.0; ctx.binned.bins.len()],
        total,
        order: Vec::with_capacity(256),
        best_order: Vec::with_capacity(256),
        oob_values: Vec::with_capacity(oob.len()),
        oob,
        hist: Box::new([Cell::default(); 256]),
    };
    g.build();
    (g.tree, g.importance, g.oob_values)
}

struct Grower<'a> {
    ctx: &'a GrowContext<'a>,
    rng: rng::Rng,
    idx: Vec<u32>,
    wt: Vec<f64>,
    tree: Tree,
    importance: Vec<f64>,
    total: f64,
    order: Vec<usize>,
    best_order: Vec<usize>,
    /// Out-of-bag rows, partitioned like `idx`; each node owns a range.
    oob: Vec<u32>,
    oob_values: Vec<(u32, f64)>,
    /// Histogram scratch, all zero between uses (only touched cells are cleared).
    hist: Box<[Cell; 256]>,
}

impl Grower<'_> {
    fn build(&mut self) {
        let n = self.idx.len();
        let (w0, w1) = self.class_weights(0, n);
        self.push_node(w0, w1);
        // (node, start, end, depth, out-of-bag start, out-of-bag end)
        let mut stack = vec![(0usize, 0usize, n, 0usize, 0usize, self.oob.len())];
        let mut features: Vec<usize> = (0..self.ctx.binned.bins.len()).collect();
        while let Some((node, start, end, depth, ostart, oend)) = stack.pop() {
            let Some((mid, omid, left, right)) =
                self.try_split(node, start, end, depth, ostart, oend, &mut features)
            else {
                let v = self.tree.value[node];
                self.oob_values.extend(self.oob[ostart..oend].iter().map(|&r| (r, v)));
                continue;
            };
            stack.push((right, mid, end, depth + 1, omid, oend));
            stack.push((left, start, mid, depth + 1, ostart, omid));
        }
    }

    /// Splits `node` if a split is allowed and found; returns the boundaries and the children.
    #[allow(clippy::too_many_arguments)]
    fn try_split(
        &mut self,
        node: usize,
        start: usize,
        end: usize,
        depth: usize,
        ostart: usize,
        oend: usize,
        features: &mut [usize],
    ) -> Option<(usize, usize, usize, usize)> {
        {
            let (w0, w1) = (
                self.tree.weight[node] * (1.0 - self.tree.value[node]),
                self.tree.weight[node] * self.tree.value[node],
            );
            let p = self.ctx.params;
            let rows = end - start;
            let imp = impurity(p.criterion, w0, w1);
            let stop = rows < p.min_samples_split
                || rows < 2 * p.min_samples_leaf
                || p.max_depth.is_some_and(|d| depth >= d)
                || imp <= 1e-12;
            if stop {
                return None;
            }
            let split = self.best_split(start, end, imp, features)?;
            let improvement = (w0 + w1) / self.total
                * (imp - split_impurity(p.criterion, &split.children) / (w0 + w1));
            if improvement + 1e-12 < p.min_impurity_decrease {
                return None;
            }
            let mid = self.partition(start, end, &split);
            let omid = self.partition_oob(ostart, oend, &split);
            self.importance[split.feature] += split.gain;
            let left = self.push_node(split.children[0].0, split.children[0].1);
            let right = self.push_node(split.children[1].0, split.children[1].1);
            let t = &mut self.tree;
            t.feature[node] = split.feature as u32;
            t.threshold[node] = split.threshold;
            t.left_set[node] = split.left_set;
            t.missing_left[node] = split.missing_left;
            t.left[node] = left as u32;
            t.right[node] = right as u32;
            Some((mid, omid, left, right))
        }
    }

    /// Moves the out-of-bag rows going left to the front of `start..end`.
    fn partition_oob(&mut self, start: usize, end: usize, split: &Split) -> usize {
        let col = self.ctx.binned.column(split.feature);
        let (mut i, mut j) = (start, end);
        while i < j {
            if split.goes_left[col[self.oob[i] as usize] as usize] {
                i += 1;
            } else {
                j -= 1;
                self.oob.swap(i, j);
            }
        }
        i
    }

    fn push_node(&mut self, w0: f64, w1: f64) -> usize {
        let t = &mut self.tree;
        t.feature.push(0);
        t.threshold.push(0.0);
        t.left_set.push(Vec::new());
        t.missing_left.push(false);
        t.left.push(LEAF);
        t.right.push(LEAF);
        let w = w0 + w1;
        t.value.push(if w > 0.0 { w1 / w } else { 0.0 });
        t.weight.push(w);
        t.len() - 1
    }

    fn class_weights(&self, start: usize, end: usize) -> (f64, f64) {
        let (mut w0, mut w1) = (0.0, 0.0);
        for k in start..end {
            if self.ctx.y[self.idx[k] as usize] == 1 {
                w1 += self.wt[k];
            } else {
                w0 += self.wt[k];
            }
        }
        (w0, w1)
    }

    fn best_split(
        &mut self,
        start: usize,
        end: usize,
        imp: f64,
        features: &mut [usize],
    ) -> Option<Split> {
        let mut best: Option<(usize, Candidate)> = None;
        let mut evaluated = 0;
        let nf = features.len();
        let mut hist = std::mem::replace(&mut self.hist, Box::new([Cell::default(); 256]));
        // Scratch buffers reused across nodes: no allocation per candidate.
        let mut order = std::mem::take(&mut self.order);
        let mut best_order = std::mem::take(&mut self.best_order);
        for j in 0..nf {
            let pick = j + rng::below(&mut self.rng, nf - j);
            features.swap(j, pick);
            let f = features[j];
            self.histogram(f, start, end, &mut hist, &mut order);
            let missing = (hist[MISSING_BIN as usize].n > 0) as usize;
            if order.len() + missing >= 2 {
                evaluated += 1;
                if let Some(c) = self.scan(f, &hist, &mut order, imp) {
                    if best.as_ref().is_none_or(|b| c.0 > b.1 .0 + 1e-12) {
                        best = Some((f, c));
                        best_order.clear();
                        best_order.extend_from_slice(&order);
                    }
                }
            }
            // Clear only what this node touched (a full reset per node dominates deep trees).
            for &b in &order {
                hist[b] = Cell::default();
            }
            hist[MISSING_BIN as usize] = Cell::default();
            // A feature constant in this node does not count towards max_features.
            if evaluated >= self.ctx.mtry {
                break;
            }
        }
        let split = best.map(|(f, c)| self.make_split(f, &best_order, c));
        self.order = order;
        self.best_order = best_order;
        self.hist = hist;
        split
    }

    /// Adds the node's rows to `hist` (all zero on entry) and lists the non-missing bins it
    /// touched, ascending, in `touched`.
    fn histogram(
        &self,
        f: usize,
        start: usize,
        end: usize,
        hist: &mut [Cell; 256],
        touched: &mut Vec<usize>,
    ) {
        touched.clear();
        let col = self.ctx.binned.column(f);
        for k in start..end {
            let r = self.idx[k] as usize;
            let b = col[r] as usize;
            let cell = &mut hist[b];
            if cell.n == 0 && b != MISSING_BIN as usize {
                touched.push(b);
            }
            cell.w[self.ctx.y[r] as usize] += self.wt[k];
            cell.n += 1;
        }
        touched.sort_unstable();
    }

    /// Best threshold of feature `f` given its node histogram.
    fn scan(
        &self,
        f: usize,
        hist: &[Cell; 256],
        order: &mut [usize],
        imp: f64,
    ) -> Option<Candidate> {
        let p = self.ctx.params;
        let bins = &self.ctx.binned.bins[f];
        if let FeatureBins::Categorical { .. } = bins {
            // Ordering labels by positive share makes the best binary partition a prefix.
            let share = |b: usize| hist[b].w[1] / (hist[b].w[0] + hist[b].w[1]).max(1e-300);
            order.sort_by(|&a, &b| share(a).total_cmp(&share(b)).then(a.cmp(&b)));
        }
        let miss = hist[MISSING_BIN as usize];
        let total = order.iter().fold(miss, |acc, &b| add(acc, hist[b]));
        let parent = (total.w[0] + total.w[1]) * imp;
        let min_leaf = p.min_samples_leaf as u32;
        let mut best: Option<Candidate> = None;
        let mut left = Cell::default();
        for (pos, &b) in order.iter().enumerate() {
            left = add(left, hist[b]);
            for missing_left in [false, true] {
                if missing_left && miss.n == 0 {
                    continue;
                }
                let l = if missing_left { add(left, miss) } else { left };
                let r = sub(total, l);
                if l.n < min_leaf || r.n < min_leaf || l.n == 0 || r.n == 0 {
                    continue;
                }
                let children = [(l.w[0], l.w[1]), (r.w[0], r.w[1])];
                let gain = parent - split_impurity(p.criterion, &children);
                if best.as_ref().is_none_or(|b| gain > b.0 + 1e-12) {
                    best = Some((gain, pos, missing_left, children));
                }
            }
        }
        best
    }

    /// The split of feature `f` at candidate `c`, with `order` the feature's bin order.
    fn make_split(&self, f: usize, order: &[usize], c: Candidate) -> Split {
        let bins = &self.ctx.binned.bins[f];
        let (gain, pos, missing_left, children) = c;
        let mut goes_left = Box::new([false; 256]);
        for &b in &order[..=pos] {
            goes_left[b] = true;
        }
        goes_left[MISSING_BIN as usize] = missing_left;
        let (threshold, left_set) = match bins {
            FeatureBins::Numeric { cuts } => {
                let (kl, kr) = (order[pos], order.get(pos + 1).copied().unwrap_or(order[pos] + 1));
                // Between the last non-empty left bin and the first non-empty right bin.
                let cut = (kl + kr - 1) / 2;
                // Every bin up to the cut goes left, as `x <= threshold` does for new data
                // (bins empty in this node still matter for its out-of-bag rows).
                for b in 0..=cut.min(254) {
                    goes_left[b] = true;
                }
                (cuts.get(cut).copied().unwrap_or(f64::INFINITY), Vec::new())
            }
            FeatureBins::Categorical { n_levels } => {
                let mut set: Vec<u32> = order[..=pos].iter().map(|&b| b as u32).collect();
                set.sort_unstable();
                (*n_levels as f64, set)
            }
        };
        Split { feature: f, goes_left, missing_left, threshold, left_set, gain, children }
    }

    /// Moves the rows going left to the front of `start..end`; returns the boundary.
    fn partition(&mut self, start: usize, end: usize, split: &Split) -> usize {
        let col = self.ctx.binned.column(split.feature);
        let (mut i, mut j) = (start, end);
        while i < j {
            if split.goes_left[col[self.idx[i] as usize] as usize] {
                i += 1;
            } else {
                j -= 1;
                self.idx.swap(i, j);
                self.wt.swap(i, j);
            }
        }
        i
    }
}

/// (gain, position in the bin order, missing goes left, child class weights).
type Candidate = (f64, usize, bool, [(f64, f64); 2]);

fn add(a: Cell, b: Cell) -> Cell {
    Cell { w: [a.w[0] + b.w[0], a.w[1] + b.w[1]], n: a.n + b.n }
}

fn sub(a: Cell, b: Cell) -> Cell {
    Cell { w: [a.w[0] - b.w[0], a.w[1] - b.w[1]], n: a.n - b.n }
}

/// Σ W_child · impurity(child).
fn split_impurity(c: Criterion, children: &[(f64, f64); 2]) -> f64 {
    children.iter().map(|&(a, b)| (a + b) * impurity(c, a, b)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_and_entropy_by_hand() {
        // 3 negatives, 1 positive: gini = 1 − (0.75² + 0.25²) = 0.375
        assert!((impurity(Criterion::Gini, 3.0, 1.0) - 0.375).abs() < 1e-12);
        // entropy = −(0.75·log2 0.75 + 0.25·log2 0.25) = 0.811278
        assert!((impurity(Criterion::Entropy, 3.0, 1.0) - 0.811_278_124_459_132_8).abs() < 1e-12);
        assert_eq!(impurity(Criterion::Gini, 2.0, 0.0), 0.0);
    }

    #[test]
    fn bootstrap_draws_n_rows() {
        let c = bootstrap_counts(1000, true, &mut rng::rng(1));
        assert_eq!(c.iter().sum::<u32>(), 1000);
        let out_of_bag = c.iter().filter(|&&k| k == 0).count();
        // (1 − 1/n)^n ≈ e^−1 = 0.368 of rows are out of bag.
        assert!((300..440).contains(&out_of_bag), "{out_of_bag}");
        assert_eq!(bootstrap_counts(3, false, &mut rng::rng(1)), vec![1, 1, 1]);
    }
}
