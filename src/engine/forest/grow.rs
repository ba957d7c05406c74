//! Growing one tree from binned data: bootstrap by multiplicity, per-split feature sampling,
//! integer class-count histograms per node (see [`super::split`]), and a branch-free in-place
//! partition of the in-bag rows (laid out as [`super::rows`] chooses) and of the out-of-bag and
//! scored rows, which end up grouped by leaf ([`Routed`], left in the thread's [`Workspace`]
//! for the caller to fold into votes before the next tree).
//!
//! Semantics follow scikit-learn's `DecisionTreeClassifier` inside a forest: `min_samples_*`
//! count distinct rows (bootstrap draws become weights), impurities and improvements use the
//! weights, `min_impurity_decrease` compares `W_t/W · (imp − W_l/W_t·imp_l − W_r/W_t·imp_r)`,
//! and at each split features are drawn without replacement until `max_features` non-constant
//! ones were evaluated.

use std::sync::Arc;

use rand_core::RngCore;

use super::bin::{Binned, FeatureBins, MISSING_BIN};
use super::packed;
use super::params::ValidForestParams;
use super::plan::GrownTree;
use super::rows::{Indexed, NodeRows, Records};
use super::split::{
    best_cut, order_by_share, set_bit, take_missing, Candidate, Impurity, Rule, Scratch, Stats,
};
use super::tree::{Thresholds, TreeBuilder};
use super::votes::Routed;
use crate::engine::rng;

/// Everything shared by the trees of one fit.
pub struct GrowContext<'a> {
    pub params: &'a ValidForestParams,
    pub binned: &'a Binned,
    pub y: &'a [u8],
    /// Training rows (indices into the dataset).
    pub rows: &'a [u32],
    /// Weight of class 0 and class 1.
    pub class_weight: [f64; 2],
    /// Features evaluated per split.
    pub mtry: usize,
    /// Rows routed through every tree besides its out-of-bag rows (see [`FitPlan::score_rows`]).
    pub scored: &'a [u32],
    /// Words of codes per row when rows are [`Records`], 0 when they are indices.
    pub(super) words: usize,
    /// The numeric thresholds the trees' splits refer to (the bins' cuts).
    pub(super) cuts: Arc<Thresholds>,
}

/// Widest rows (in 64-bit words of codes, 8 features each) grown as [`Records`].
const MAX_RECORD_WORDS: usize = 4;

impl<'a> GrowContext<'a> {
    /// The context of one fit: records when the rows are narrow enough.
    pub fn new(
        params: &'a ValidForestParams,
        binned: &'a Binned,
        y: &'a [u8],
        rows: &'a [u32],
        scored: &'a [u32],
        class_weight: [f64; 2],
        mtry: usize,
    ) -> GrowContext<'a> {
        let words = packed::words_for(binned.bins.len());
        let words = if words <= MAX_RECORD_WORDS { words } else { 0 };
        let cuts = Arc::new(binned.thresholds());
        GrowContext { params, binned, y, rows, scored, class_weight, mtry, words, cuts }
    }
}

/// A chosen split of one node.
struct Split {
    feature: usize,
    /// Codes going left.
    rule: Rule,
    missing_left: bool,
    /// Numeric: the threshold's index among the feature's cuts (their count for +∞).
    cut: usize,
    /// Categorical: the number of training labels and the labels going left.
    known: f64,
    left_set: Vec<u32>,
    /// Impurity decrease times W.
    gain: f64,
    left: Stats,
    right: Stats,
}

/// Draws the bootstrap multiplicity of each of `n` training rows into `counts` (all 1 without
/// bootstrap).
pub fn bootstrap_counts(counts: &mut Vec<u32>, n: usize, bootstrap: bool, rng: &mut impl RngCore) {
    counts.clear();
    counts.resize(n, (!bootstrap) as u32);
    if bootstrap {
        for _ in 0..n {
            counts[rng::below(rng, n)] += 1;
        }
    }
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

/// The buffers one thread reuses from tree to tree (see [`super::rows`]), and the rows the last
/// tree routed.
#[derive(Default)]
pub struct Workspace {
    rows: super::rows::Buffers,
    counts: Vec<u32>,
    tools: Option<(Scratch, TreeBuilder)>,
    routed: Routed,
}

impl Workspace {
    /// The out-of-bag and scored rows of the last tree grown here, by leaf.
    pub fn routed(&self) -> &Routed {
        &self.routed
    }
}

/// Grows from in-bag `rows` and routes `out` with the split search's scratch and a tree builder
/// kept in `tools` from the previous tree (restarted for `ctx`; made the first time), and puts
/// them back for the next tree.
fn grow_with<R: NodeRows>(
    ctx: &GrowContext,
    rng: rng::Rng,
    (rows, out): (R, R),
    counts: &[u32],
    tools: &mut Option<(Scratch, TreeBuilder)>,
    routed: &mut Routed,
) -> GrownTree {
    let (mut scratch, mut tree) = match tools.take() {
        Some((scratch, mut tree)) => {
            tree.restart(ctx.cuts.clone(), ctx.class_weight);
            (scratch, tree)
        }
        None => (Scratch::new(), TreeBuilder::new(ctx.cuts.clone(), ctx.class_weight)),
    };
    let grown = grow_rows(
        ctx,
        rng,
        (rows, out),
        root_stats(ctx, counts),
        (&mut scratch, &mut tree, routed),
    );
    *tools = Some((scratch, tree));
    grown
}

/// Grows one tree with the generator seeded by `seed`, in the buffers of `ws` (one per thread);
/// returns it with its impurity decrease per feature (not normalised; `routed` empty) and
/// leaves the leaf of every out-of-bag and scored row in `ws` ([`Workspace::routed`]). Those
/// rows are partitioned alongside the in-bag rows, so scoring them costs no walk of the
/// finished tree. Not inlined: in the browser a function call runs the
/// code its function had when called, so one call per tree lets the trees after the first few
/// use the optimised compilation.
#[inline(never)]
pub fn grow_tree(ctx: &GrowContext, seed: u64, ws: &mut Workspace) -> GrownTree {
    let mut rng = rng::rng(seed);
    let mut counts = std::mem::take(&mut ws.counts);
    bootstrap_counts(&mut counts, ctx.rows.len(), ctx.params.bootstrap, &mut rng);
    let tree = match ctx.words {
        1 => records::<1>(ctx, rng, &counts, ws),
        2 => records::<2>(ctx, rng, &counts, ws),
        3 => records::<3>(ctx, rng, &counts, ws),
        4 => records::<4>(ctx, rng, &counts, ws),
        _ => indexed(ctx, rng, &counts, ws),
    };
    ws.counts = counts;
    tree
}

/// Rows in the bag and rows routed (out of bag when scored, and the scored rows).
fn row_counts(ctx: &GrowContext, counts: &[u32]) -> (usize, usize) {
    let n_in = counts.iter().filter(|&&c| c > 0).count();
    let oob = if ctx.params.scores_oob() { counts.len() - n_in } else { 0 };
    (n_in, oob + ctx.scored.len())
}

/// Class counts of the in-bag rows (multiplicities `counts` of the training rows).
fn root_stats(ctx: &GrowContext, counts: &[u32]) -> Stats {
    let mut root = Stats::default();
    for (&r, &c) in ctx.rows.iter().zip(counts).filter(|(_, &c)| c > 0) {
        root.c[ctx.y[r as usize] as usize] += c;
        root.n += 1;
    }
    root
}

/// Grows from records of `W` words: in-bag rows with their `multiplicity << 1 | class` word,
/// routed rows (out of bag when scored, then the scored rows) with their row index.
fn records<const W: usize>(
    ctx: &GrowContext,
    rng: rng::Rng,
    counts: &[u32],
    ws: &mut Workspace,
) -> GrownTree {
    let (n_in, n_routed) = row_counts(ctx, counts);
    let (inbag, routed) = ws.rows.records::<W>();
    let mut rows = Records::<W>::new(inbag, n_in);
    let mut out = Records::<W>::new(routed, n_routed);
    let cols: Vec<&[u8]> = (0..ctx.binned.bins.len()).map(|f| ctx.binned.column(f)).collect();
    let score_oob = ctx.params.scores_oob();
    for (&r, &c) in ctx.rows.iter().zip(counts) {
        if c > 0 {
            rows.push(&cols, r, c << 1 | ctx.y[r as usize] as u32);
        } else if score_oob {
            out.push(&cols, r, r);
        }
    }
    // Scored rows are never training rows, so never in the bag.
    ctx.scored.iter().for_each(|&r| out.push(&cols, r, r));
    grow_with(ctx, rng, (rows, out), counts, &mut ws.tools, &mut ws.routed)
}

/// Grows from row indices (data too wide for records).
fn indexed(ctx: &GrowContext, rng: rng::Rng, counts: &[u32], ws: &mut Workspace) -> GrownTree {
    let [inbag, routed] = &mut ws.rows.idx;
    let wy = &mut ws.rows.wy;
    inbag.clear();
    routed.clear();
    wy.clear();
    wy.resize(ctx.binned.n_rows, 0);
    let score_oob = ctx.params.scores_oob();
    for (&r, &c) in ctx.rows.iter().zip(counts) {
        if c > 0 {
            inbag.push(r);
            wy[r as usize] = c << 1 | ctx.y[r as usize] as u32;
        } else if score_oob {
            routed.push(r);
        }
    }
    routed.extend_from_slice(ctx.scored);
    let rows = Indexed::new(ctx.binned, inbag, wy);
    let out = Indexed::new(ctx.binned, routed, &[]);
    grow_with(ctx, rng, (rows, out), counts, &mut ws.tools, &mut ws.routed)
}

/// Grows the tree of in-bag `rows` (with class counts `root`) and routes the out-of-bag and
/// scored rows `routed`.
fn grow_rows<R: NodeRows>(
    ctx: &GrowContext,
    rng: rng::Rng,
    (rows, routed): (R, R),
    root: Stats,
    (scratch, tree, out): (&mut Scratch, &mut TreeBuilder, &mut Routed),
) -> GrownTree {
    let imp = Impurity { criterion: ctx.params.criterion, class_weight: ctx.class_weight };
    let (w0, w1) = imp.weights(&root);
    let mut g = Grower {
        ctx,
        rng,
        imp,
        rows,
        tree,
        importance: vec![0.0; ctx.binned.bins.len()],
        total: w0 + w1,
        best_bins: Vec::with_capacity(256),
        out: out.restart(routed.len()),
        routed,
        scratch,
    };
    g.build(root);
    // A copy of exactly the tree's size; the builder's buffers serve the next tree.
    GrownTree { tree: g.tree.to_tree(), importance: g.importance, routed: Routed::default() }
}

struct Grower<'a, 's, R> {
    ctx: &'a GrowContext<'a>,
    rng: rng::Rng,
    imp: Impurity,
    /// In-bag rows; each node owns a range.
    rows: R,
    tree: &'s mut TreeBuilder,
    importance: Vec<f64>,
    /// Weighted in-bag samples of the root.
    total: f64,
    /// Bins of the best candidate so far, in its scan order.
    best_bins: Vec<super::split::BinStat>,
    /// Out-of-bag and scored rows, partitioned like the in-bag rows; each node owns a range.
    routed: R,
    /// The routed rows by leaf, as leaves are reached.
    out: &'s mut Routed,
    scratch: &'s mut Scratch,
}

impl<R: NodeRows> Grower<'_, '_, R> {
    fn build(&mut self, root: Stats) {
        self.tree.push(root.c);
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
                if p.rend > p.rstart {
                    self.out.rows.extend(self.routed.words(p.rstart..p.rend));
                    self.out.leaves.push((p.node as u32, self.out.rows.len() as u32));
                }
                continue;
            };
            let mid = p.start + self.rows.partition(p.start..p.end, split.feature, &split.rule);
            let rmid =
                p.rstart + self.routed.partition(p.rstart..p.rend, split.feature, &split.rule);
            self.importance[split.feature] += split.gain;
            let left = self.tree.push(split.left.c);
            let right = self.tree.push(split.right.c);
            let (f, ml) = (split.feature, split.missing_left);
            match split.rule {
                Rule::UpTo { .. } => self.tree.split_numeric(p.node, f, split.cut, ml, left),
                Rule::Set(_) => {
                    self.tree.split_categorical(p.node, f, split.known, &split.left_set, ml, left)
                }
            }
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
            self.rows.gather(p.start..p.end, f, n_bins, self.scratch);
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
        let (cut, known, left_set, rule) = match &self.ctx.binned.bins[f] {
            FeatureBins::Numeric { cuts } => {
                let kl = order[c.pos].code as usize;
                let kr = order.get(c.pos + 1).map_or(kl + 1, |b| b.code as usize);
                // Between the last non-empty left bin and the first non-empty right bin. Every
                // bin up to the cut goes left, as `x <= threshold` does for new data (bins empty
                // in this node still matter for its out-of-bag rows).
                // `cut` is at most the number of cuts, which stands for +∞.
                let cut = ((kl + kr - 1) / 2).min(cuts.len());
                let rule = Rule::UpTo { last: cut.min(254) as u8, missing_left: c.missing_left };
                (cut, 0.0, Vec::new(), rule)
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
                (0, *n_levels as f64, codes, Rule::Set(set))
            }
        };
        Split {
            feature: f,
            rule,
            missing_left: c.missing_left,
            cut,
            known,
            left_set,
            gain: parent - c.cost,
            left: c.left,
            right: c.right,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_draws_n_rows() {
        let mut c = Vec::new();
        bootstrap_counts(&mut c, 1000, true, &mut rng::rng(1));
        assert_eq!(c.iter().sum::<u32>(), 1000);
        let out_of_bag = c.iter().filter(|&&k| k == 0).count();
        // (1 − 1/n)^n ≈ e^−1 = 0.368 of rows are out of bag.
        assert!((300..440).contains(&out_of_bag), "{out_of_bag}");
        bootstrap_counts(&mut c, 3, false, &mut rng::rng(1));
        assert_eq!(c, vec![1, 1, 1]);
    }
}
