//! The tests' oracle: Shapley values by brute force over every subset of features, written
//! independently of the fast walk.
//!
//! The value of a subset S is the path-dependent expectation E[f | x_S]: walk the tree from the
//! root; at a split on a feature in S follow the row's branch, at any other split average the
//! two children weighted by their share of the node's cover. The forest's value is the mean over
//! trees. φ_i = Σ_{S ⊆ M∖{i}} |S|!·(m − |S| − 1)!/m! · (v(S ∪ {i}) − v(S)).

use crate::engine::dataset::FeatureValues;
use crate::engine::forest::{Forest, Tree};

/// E[tree | x_S] from `node` down; `known[f]` says whether feature `f` is in S.
fn expectation(tree: &Tree, cols: &[&FeatureValues], r: usize, known: &[bool], node: usize) -> f64 {
    if tree.is_leaf(node) {
        return tree.value(node);
    }
    let (l, rt) = (tree.left(node), tree.right(node));
    if known[tree.feature(node)] {
        let next = if tree.goes_left(node, cols, r) { l } else { rt };
        expectation(tree, cols, r, known, next)
    } else {
        let w = tree.weight(node);
        tree.weight(l) / w * expectation(tree, cols, r, known, l)
            + tree.weight(rt) / w * expectation(tree, cols, r, known, rt)
    }
}

/// (v(∅), φ) for row `r` of `cols` by brute force over all 2^m subsets (m ≤ 12).
pub fn shapley(forest: &Forest, cols: &[FeatureValues], r: usize) -> (f64, Vec<f64>) {
    let m = forest.features.len();
    assert!(m <= 12, "brute force over {m} features is too slow");
    let refs: Vec<&FeatureValues> = cols.iter().collect();
    let n_trees = forest.trees.len() as f64;
    let value: Vec<f64> = (0..1usize << m)
        .map(|s| {
            let known: Vec<bool> = (0..m).map(|j| s >> j & 1 == 1).collect();
            forest.trees.iter().map(|t| expectation(t, &refs, r, &known, 0)).sum::<f64>() / n_trees
        })
        .collect();
    let factorial = |n: usize| (1..=n).map(|k| k as f64).product::<f64>();
    let mut phi = vec![0.0; m];
    for (i, p) in phi.iter_mut().enumerate() {
        for s in (0..1usize << m).filter(|s| s >> i & 1 == 0) {
            let size = s.count_ones() as usize;
            let weight = factorial(size) * factorial(m - size - 1) / factorial(m);
            *p += weight * (value[s | 1 << i] - value[s]);
        }
    }
    (value[0], phi)
}
