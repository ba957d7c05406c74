//! Algorithm 2 of Lundberg, Erion & Lee (2018) as the paper writes it (tests only): the walk
//! that carries the permutation weights of `path.rs` and unwinds them at every leaf. The fast
//! walk (`tree_shap.rs`) computes the same values in closed form; this one checks it where the
//! brute force cannot (many features) and is the literal reference.

use super::path::{extend, left_share, unwind, unwound_sum, Elem, NO_FEATURE};
use crate::engine::dataset::FeatureValues;
use crate::engine::forest::{Forest, Tree};

struct Walk<'a> {
    tree: &'a Tree,
    cols: &'a [&'a FeatureValues],
    row: usize,
    path: Vec<Elem>,
    phi: Vec<f64>,
}

impl Walk<'_> {
    /// Enters node `i` from the path at `parent` (last index `depth − 1`), extending it by
    /// `feature` with fractions `zero` and `one`.
    fn node(&mut self, i: usize, parent: usize, depth: usize, zero: f64, one: f64, feature: u32) {
        let seg = parent + depth + 1;
        if self.path.len() < seg + depth + 2 {
            self.path.resize(seg + depth + 2, Elem::default());
        }
        self.path.copy_within(parent..parent + depth, seg);
        extend(&mut self.path[seg..], depth, zero, one, feature);
        let t = self.tree;
        if t.is_leaf(i) {
            let path = &self.path[seg..=seg + depth];
            for k in 1..=depth {
                let e = path[k];
                let share = if e.one == 0.0 {
                    left_share(path, depth)
                } else {
                    unwound_sum(path, depth, k) * (e.one - e.zero)
                };
                self.phi[e.feature as usize] += share * t.value(i);
            }
            return;
        }
        let f = t.feature(i) as u32;
        let (hot, cold) = if t.goes_left(i, self.cols, self.row) {
            (t.left(i), t.right(i))
        } else {
            (t.right(i), t.left(i))
        };
        let w = t.weight(i);
        let (mut in_zero, mut in_one, mut last) = (1.0, 1.0, depth);
        let path = &mut self.path[seg..];
        if let Some(k) = (1..=depth).find(|&k| path[k].feature == f) {
            in_zero = path[k].zero;
            in_one = path[k].one;
            unwind(path, depth, k);
            last -= 1;
        }
        self.node(hot, seg, last + 1, t.weight(hot) / w * in_zero, in_one, f);
        self.node(cold, seg, last + 1, t.weight(cold) / w * in_zero, 0.0, f);
    }
}

/// The forest's contributions to row `r` of `cols` by Algorithm 2, tree by tree, averaged.
pub fn algorithm2(forest: &Forest, cols: &[FeatureValues], r: usize) -> Vec<f64> {
    let refs: Vec<&FeatureValues> = cols.iter().collect();
    let m = forest.features.len();
    let mut total = vec![0.0; m];
    for tree in &forest.trees {
        let mut walk = Walk { tree, cols: &refs, row: r, path: Vec::new(), phi: vec![0.0; m] };
        walk.node(0, 0, 0, 1.0, 1.0, NO_FEATURE);
        total.iter_mut().zip(&walk.phi).for_each(|(t, p)| *t += p);
    }
    total.into_iter().map(|t| t / forest.trees.len() as f64).collect()
}
