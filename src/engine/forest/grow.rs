//! Growing one tree from binned data: bootstrap by multiplicity, per-split feature sampling,
//! integer class-count histograms per node (see [`super::split`]), and a stable branch-free
//! partition of the in-bag rows (laid out as [`super::rows`] chooses) and out-of-bag row indices.
//!
//! Semantics follow scikit-learn's `DecisionTreeClassifier` inside a forest: `min_samples_*`
//! count distinct rows (bootstrap draws become weights), impurities and improvements use the
//! weights, `min_impurity_decrease` compares `W_t/W · (imp − W_l/W_t·imp_l − W_r/W_t·imp_r)`,
//! and at each split features are drawn without replacement until `max_features` non-constant
//! ones were evaluated.

use rand_core::RngCore;

use super::bin::{Binned, FeatureBins, MISSING_BIN};
use super::packed;
use super::params::ValidForestParams;
use super::plan::GrownTree;
use super::rows::{pack_rows, Indexed, NodeRows, Records};
use super::split::{
    best_cut, order_by_share, set_bit, take_missing, Candidate, Impurity, Rule, Scratch, Stats,
};
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
    /// Rows routed through every tree besides its out-of-bag rows (see [`FitPlan::score_rows`]).
    pub scored: &'a [u32],
    /// Row-major packed codes of every row (empty when the data is too wide for records).
    pub(super) packed: Vec<u64>,
}

/// Widest rows (in 64-bit words of codes, 8 features each) grown as [`Records`].
const MAX_RECORD_WORDS: usize = 4;

impl<'a> GrowContext<'a> {
    /// The context of one fit; packs the rows once when they are narrow enough for records.
    pub fn new(
        params: &'a ValidForestParams,
        binned: &'a Binned,
        y: &'a [u8],
        rows: &'a [usize],
        scored: &'a [u32],
        class_weight: [f64; 2],
        mtry: usize,
    ) -> GrowContext<'a> {
        let words = packed::words_for(binned.bins.len());
        let packed = if words <= MAX_RECORD_WORDS { pack_rows(binned, words) } else { Vec::new() };
        GrowContext { params, binned, y, rows, scored, class_weight, mtry, packed }
    }

    /// Words of codes per row in `packed`; 0 when rows are indices.
    fn record_words(&self) -> usize {
        if self.packed.is_empty() {
            0
        } else {
            packed::words_for(self.binned.bins.len())
        }
    }
}

/// A chosen split of one node.
struct Split {
    feature: usize,
    /// Codes going left.
    rule: Rule,
    missing_left: bool,
    threshold: f64,
    left_set: Vec<u32>,
    /// Impurity decrease times W.
    gain: f64,
    left: Stats,
    right: Stats,
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

/// A node waiting to be split: its rows are `idx[start..end]`, its out-of-bag and scored rows
/// `routed[rstart..rend]`.
struct Pending {
    node: usize,
    start: usize,
    end: usize,
    depth: usize,
    rstart: usize,
    rend: usize,
    stats: Stats,
}

/// Grows one tree with the generator seeded by `seed`; returns it with its impurity decrease per
/// feature (not normalised) and the leaf value of every out-of-bag and scored row (row,
/// P(positive)). Those rows are partitioned alongside the in-bag rows, so scoring them costs no
/// walk of the finished tree. Not inlined: in the browser a function call runs the code its
/// function had when called, so one call per tree lets the trees after the first few use the
/// optimised compilation.
#[inline(never)]
pub fn grow_tree(ctx: &GrowContext, seed: u64) -> GrownTree {
    let mut rng = rng::rng(seed);
    let counts = bootstrap_counts(ctx.rows.len(), ctx.params.bootstrap, &mut rng);
    let mut idx: Vec<u32> = Vec::with_capacity(ctx.rows.len());
    let mut wy: Vec<u32> = Vec::with_capacity(ctx.rows.len());
    let mut routed: Vec<u32> = Vec::with_capacity(ctx.scored.len());
    let mut root = Stats::default();
    let score_oob = ctx.params.scores_oob();
    for (k, &c) in counts.iter().enumerate() {
        let r = ctx.rows[k];
        if c > 0 {
            // Multiplicity << 1 | class, so a histogram reads one word per row.
            let y = ctx.y[r] as u32;
            idx.push(r as u32);
            wy.push(c << 1 | y);
            root.c[y as usize] += c;
            root.n += 1;
        } else if score_oob {
            routed.push(r as u32);
        }
    }
    // Scored rows are never training rows, so never in the bag.
    routed.extend_from_slice(ctx.scored);
    /// In-bag rows as records, and routed rows as records carrying their row index as their word.
    fn records<const W: usize>(
        ctx: &GrowContext,
        rng: rng::Rng,
        (idx, wy, routed): (Vec<u32>, Vec<u32>, Vec<u32>),
        root: Stats,
    ) -> GrownTree {
        let rows = Records::<W>::new(&ctx.packed, &idx, &wy);
        grow_rows(ctx, rng, rows, Records::<W>::new(&ctx.packed, &routed, &routed), root)
    }
    match ctx.record_words() {
        1 => records::<1>(ctx, rng, (idx, wy, routed), root),
        2 => records::<2>(ctx, rng, (idx, wy, routed), root),
        3 => records::<3>(ctx, rng, (idx, wy, routed), root),
        4 => records::<4>(ctx, rng, (idx, wy, routed), root),
        _ => grow_rows(
            ctx,
            rng,
            Indexed::new(ctx.binned, idx, &wy),
            Indexed::new(ctx.binned, routed, &[]),
            root,
        ),
    }
}

/// Grows the tree of in-bag `rows` (with class counts `root`) and routes the out-of-bag and
/// scored rows `routed`.
fn grow_rows<R: NodeRows>(
    ctx: &GrowContext,
    rng: rng::Rng,
    rows: R,
    routed: R,
    root: Stats,
) -> GrownTree {
    let imp = Impurity { criterion: ctx.params.criterion, class_weight: ctx.class_weight };
    let (w0, w1) = imp.weights(&root);
    let mut g = Grower {
        ctx,
        rng,
        imp,
        rows,
        tree: Tree::default(),
        importance: vec![0.0; ctx.binned.bins.len()],
        total: w0 + w1,
        best_bins: Vec::with_capacity(256),
        routed_values: Vec::with_capacity(routed.len()),
        routed,
        scratch: Scratch::new(),
    };
    g.build(root);
    g.tree.shrink_to_fit();
    GrownTree { tree: g.tree, importance: g.importance, routed: g.routed_values }
}

struct Grower<'a, R> {
    ctx: &'a GrowContext<'a>,
    rng: rng::Rng,
    imp: Impurity,
    /// In-bag rows; each node owns a range.
    rows: R,
    tree: Tree,
    importance: Vec<f64>,
    /// Weighted in-bag samples of the root.
    total: f64,
    /// Bins of the best candidate so far, in its scan order.
    best_bins: Vec<super::split::BinStat>,
    /// Out-of-bag and scored rows, partitioned like the in-bag rows; each node owns a range.
    routed: R,
    routed_values: Vec<(u32, f64)>,
    scratch: Scratch,
}

impl<R: NodeRows> Grower<'_, R> {
    fn build(&mut self, root: Stats) {
        self.push_node(&root);
        let mut stack = vec![Pending {
            node: 0,
            start: 0,
            end: self.rows.len(),
            depth: 0,
            rstart: 0,
            rend: self.routed.len(),
            stats: root,
        }];
        let mut features: Vec<usize> = (0..self.ctx.binned.bins.len()).collect();
        while let Some(p) = stack.pop() {
            let Some(split) = self.try_split(&p, &mut features) else {
                let v = self.tree.value[p.node];
                self.routed_values.extend(self.routed.words(p.rstart..p.rend).map(|r| (r, v)));
                continue;
            };
            let mid = p.start + self.rows.partition(p.start..p.end, split.feature, &split.rule);
            let rmid =
                p.rstart + self.routed.partition(p.rstart..p.rend, split.feature, &split.rule);
            self.importance[split.feature] += split.gain;
            let left = self.push_node(&split.left);
            let right = self.push_node(&split.right);
            let t = &mut self.tree;
            t.feature[p.node] = split.feature as u32;
            t.threshold[p.node] = split.threshold;
            t.left_set.set(p.node, split.left_set);
            t.missing_left[p.node] = split.missing_left;
            t.left[p.node] = left as u32;
            t.right[p.node] = right as u32;
            let depth = p.depth + 1;
            stack.push(Pending {
                node: right,
                start: mid,
                end: p.end,
                depth,
                rstart: rmid,
                rend: p.rend,
                stats: split.right,
            });
            stack.push(Pending {
                node: left,
                start: p.start,
                end: mid,
                depth,
                rstart: p.rstart,
                rend: rmid,
                stats: split.left,
            });
        }
    }

    /// The split of node `p`, if one is allowed and found.
    fn try_split(&mut self, p: &Pending, features: &mut [usize]) -> Option<Split> {
        let params = self.ctx.params;
        let rows = p.end - p.start;
        let parent = self.imp.cost(&p.stats);
        let (w0, w1) = self.imp.weights(&p.stats);
        let stop = rows < params.min_samples_split
            || rows < 2 * params.min_samples_leaf
            || params.max_depth.is_some_and(|d| p.depth >= d)
            || parent <= 1e-12 * (w0 + w1);
        if stop {
            return None;
        }
        let split = self.best_split(p, parent, features)?;
        // scikit-learn: W_t/W · (imp − W_l/W_t·imp_l − W_r/W_t·imp_r) = gain / W.
        if split.gain / self.total + 1e-12 < params.min_impurity_decrease {
            return None;
        }
        Some(split)
    }

    #[inline(never)]
    fn best_split(&mut self, p: &Pending, parent: f64, features: &mut [usize]) -> Option<Split> {
        let mut best: Option<(usize, Candidate)> = None;
        let mut evaluated = 0;
        let nf = features.len();
        let min_leaf = self.ctx.params.min_samples_leaf as u32;
        for j in 0..nf {
            let pick = j + rng::below(&mut self.rng, nf - j);
            features.swap(j, pick);
            let f = features[j];
            let n_bins = self.ctx.binned.bins[f].n_bins();
            self.rows.gather(p.start..p.end, f, n_bins, &mut self.scratch);
            // A feature constant in this node does not count towards max_features.
            if self.scratch.bins.len() < 2 {
                continue;
            }
            evaluated += 1;
            let (bins, missing) = take_missing(&self.scratch.bins);
            let n_bins = bins.len();
            if let FeatureBins::Categorical { .. } = self.ctx.binned.bins[f] {
                order_by_share(&mut self.scratch.bins[..n_bins], &self.imp);
            }
            let bins = &self.scratch.bins[..n_bins];
            if let Some(c) = best_cut(bins, missing, &self.imp, min_leaf) {
                if best.as_ref().is_none_or(|b| c.cost < b.1.cost - 1e-12) {
                    best = Some((f, c));
                    self.best_bins.clear();
                    self.best_bins.extend_from_slice(bins);
                }
            }
            if evaluated >= self.ctx.mtry {
                break;
            }
        }
        best.map(|(f, c)| self.make_split(f, c, parent))
    }

    /// The split of feature `f` at candidate `c` (`best_bins` holds the feature's scan order).
    fn make_split(&self, f: usize, c: Candidate, parent: f64) -> Split {
        let order = &self.best_bins;
        let (threshold, left_set, rule) = match &self.ctx.binned.bins[f] {
            FeatureBins::Numeric { cuts } => {
                let kl = order[c.pos].code as usize;
                let kr = order.get(c.pos + 1).map_or(kl + 1, |b| b.code as usize);
                // Between the last non-empty left bin and the first non-empty right bin. Every
                // bin up to the cut goes left, as `x <= threshold` does for new data (bins empty
                // in this node still matter for its out-of-bag rows).
                let cut = (kl + kr - 1) / 2;
                let threshold = cuts.get(cut).copied().unwrap_or(f64::INFINITY);
                let rule = Rule::UpTo { last: cut.min(254) as u8, missing_left: c.missing_left };
                (threshold, Vec::new(), rule)
            }
            FeatureBins::Categorical { n_levels } => {
                let mut set = [0u64; 4];
                let mut codes: Vec<u32> = order[..=c.pos].iter().map(|b| b.code as u32).collect();
                codes.sort_unstable();
                for &code in &codes {
                    set_bit(&mut set, code as u8);
                }
                if c.missing_left {
                    set_bit(&mut set, MISSING_BIN);
                }
                (*n_levels as f64, codes, Rule::Set(set))
            }
        };
        Split {
            feature: f,
            rule,
            missing_left: c.missing_left,
            threshold,
            left_set,
            gain: parent - c.cost,
            left: c.left,
            right: c.right,
        }
    }

    fn push_node(&mut self, s: &Stats) -> usize {
        let (w0, w1) = self.imp.weights(s);
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
