//! Checks before any walk: the forest is made of real trees (each node has at most one parent,
//! children after their parent, so a walk ends and visits each node once), every node has
//! positive cover (the branch shares are cover ratios), features exist, depth is bounded (the
//! walk recurses once per level); the columns match the model and hold the rows asked for.
//! Model files are validated on import, but a forest can also come from elsewhere.

use super::error::ExplainError;
use crate::engine::dataset::FeatureValues;
use crate::engine::forest::{Forest, Tree};

/// Deepest tree explained (the walk recurses once per level; grown trees are far shallower).
pub const MAX_DEPTH: usize = 1000;

/// Most distinct features on one root-to-leaf path (a row's cold features are a `u64` mask).
pub const MAX_PATH_FEATURES: usize = 64;

/// Checks every tree; returns the depth of the deepest.
pub(super) fn check_forest(forest: &Forest) -> Result<usize, ExplainError> {
    if forest.trees.is_empty() {
        return Err(ExplainError::NoTrees);
    }
    let mut deepest = 0;
    let mut depth = Vec::new();
    for (t, tree) in forest.trees.iter().enumerate() {
        deepest = deepest.max(check_tree(t, tree, forest.features.len(), &mut depth)?);
    }
    Ok(deepest)
}

/// Checks one tree; `depth` is a reused buffer. Returns the tree's depth.
fn check_tree(
    t: usize,
    tree: &Tree,
    features: usize,
    depth: &mut Vec<usize>,
) -> Result<usize, ExplainError> {
    let n = tree.len();
    if n == 0 {
        return Err(ExplainError::NotATree { tree: t, node: 0 });
    }
    // usize::MAX: not reached yet.
    depth.clear();
    depth.resize(n, usize::MAX);
    depth[0] = 0;
    let mut deepest = 0;
    for i in 0..n {
        let w = tree.weight(i);
        if !(w.is_finite() && w > 0.0) {
            return Err(ExplainError::BadCover { tree: t, node: i, weight: w });
        }
        if depth[i] == usize::MAX {
            // Unreachable nodes are harmless to a walk from the root but mean a damaged tree.
            return Err(ExplainError::NotATree { tree: t, node: i });
        }
        if tree.is_leaf(i) {
            continue;
        }
        let f = tree.feature(i);
        if f >= features {
            return Err(ExplainError::NoSuchFeature { tree: t, node: i, feature: f, features });
        }
        for c in [tree.left(i), tree.right(i)] {
            if c <= i || c >= n || depth[c] != usize::MAX {
                return Err(ExplainError::NotATree { tree: t, node: i });
            }
            depth[c] = depth[i] + 1;
            deepest = deepest.max(depth[c]);
        }
    }
    if deepest > MAX_DEPTH {
        return Err(ExplainError::TooDeep { tree: t, depth: deepest, max: MAX_DEPTH });
    }
    // A path holds at most min(depth, features) distinct features: count only when that can
    // pass the limit.
    if deepest.min(features) > MAX_PATH_FEATURES {
        let most = path_features(tree, features);
        if most > MAX_PATH_FEATURES {
            return Err(ExplainError::PathFeatures {
                tree: t,
                features: most,
                max: MAX_PATH_FEATURES,
            });
        }
    }
    Ok(deepest)
}

/// The most distinct features split on along one root-to-leaf path of `tree`.
fn path_features(tree: &Tree, features: usize) -> usize {
    // Depth-first with a count per feature; a node is (index, entering?).
    let mut count = vec![0u32; features];
    let (mut distinct, mut most) = (0usize, 0usize);
    let mut stack = vec![(0usize, true)];
    while let Some((i, entering)) = stack.pop() {
        if tree.is_leaf(i) {
            continue;
        }
        let f = tree.feature(i);
        if entering {
            count[f] += 1;
            distinct += (count[f] == 1) as usize;
            most = most.max(distinct);
            stack.push((i, false));
            stack.push((tree.left(i), true));
            stack.push((tree.right(i), true));
        } else {
            count[f] -= 1;
            distinct -= (count[f] == 0) as usize;
        }
    }
    most
}

/// Checks that `cols` are the model's features (count and kind) and hold every row of `rows`.
pub(super) fn check_columns(
    forest: &Forest,
    cols: &[FeatureValues],
    rows: &[usize],
) -> Result<(), ExplainError> {
    if cols.len() != forest.features.len() {
        return Err(ExplainError::Columns { expected: forest.features.len(), found: cols.len() });
    }
    let mut n_rows = usize::MAX;
    for (spec, col) in forest.features.iter().zip(cols) {
        let (len, found) = match col {
            FeatureValues::Numeric(v) => (v.len(), "numeric"),
            FeatureValues::Categorical { codes, .. } => (codes.len(), "categorical"),
        };
        let expected = if spec.levels.is_some() { "categorical" } else { "numeric" };
        if expected != found {
            return Err(ExplainError::ValueKind { name: spec.name.clone(), expected, found });
        }
        n_rows = n_rows.min(len);
    }
    match rows.iter().find(|&&r| r >= n_rows) {
        Some(&row) => Err(ExplainError::NoSuchRow { row, rows: n_rows }),
        None => Ok(()),
    }
}
