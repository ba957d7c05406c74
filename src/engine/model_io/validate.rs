//! Structural checks of an imported model: a damaged or hostile file must be refused here, so
//! that prediction can index the arrays without further checks.

use super::{FeatureProfile, Model, ModelIoError};
use crate::engine::forest::Tree;

const LEAF: u32 = u32::MAX;

fn bad(msg: String) -> ModelIoError {
    ModelIoError::Invalid(msg)
}

/// Checks every tree and the schema.
pub fn check(m: &Model) -> Result<(), ModelIoError> {
    let f = &m.forest;
    if f.features.is_empty() {
        return Err(bad("the model has no features".into()));
    }
    if f.trees.is_empty() {
        return Err(bad("the model has no trees".into()));
    }
    if f.importances.len() != f.features.len() {
        return Err(bad("importances do not match the features".into()));
    }
    for (t, tree) in f.trees.iter().enumerate() {
        check_tree(tree, f.features.len()).map_err(|e| bad(format!("tree {t}: {e}")))?;
    }
    for p in m.profiles.iter().chain(m.score_profile.iter()) {
        check_profile(p).map_err(|e| bad(format!("profile of \"{}\": {e}", p.name)))?;
    }
    Ok(())
}

/// Bins, shares and edges agree, so drift can bin a batch without further checks.
fn check_profile(p: &FeatureProfile) -> Result<(), String> {
    if p.bins.is_empty() || p.shares.len() != p.bins.len() {
        return Err("bins and shares differ in number".into());
    }
    if !p.edges.is_empty() && p.bins.len() != p.edges.len() + 2 {
        return Err("bins do not match the edges".into());
    }
    if !p.edges.iter().all(|e| e.is_finite()) || !p.edges.windows(2).all(|w| w[0] < w[1]) {
        return Err("edges are not increasing finite numbers".into());
    }
    if !p.shares.iter().all(|s| (0.0..=1.0).contains(s)) {
        return Err("a share is not a fraction".into());
    }
    Ok(())
}

fn check_tree(t: &Tree, n_features: usize) -> Result<(), String> {
    let n = t.left.len();
    let lens = [
        t.feature.len(),
        t.threshold.len(),
        t.left_set.len(),
        t.missing_left.len(),
        t.right.len(),
        t.value.len(),
        t.weight.len(),
    ];
    if n == 0 || lens.iter().any(|&l| l != n) {
        return Err("arrays of different lengths".into());
    }
    for i in 0..n {
        if !(0.0..=1.0).contains(&t.value[i]) {
            return Err(format!("node {i}: value {} is not a probability", t.value[i]));
        }
        if t.left[i] == LEAF {
            continue;
        }
        let (l, r) = (t.left[i] as usize, t.right[i] as usize);
        // Children come after their parent: this rules out cycles and keeps walks finite.
        if l <= i || r <= i || l >= n || r >= n {
            return Err(format!("node {i}: child index out of order or range"));
        }
        if t.feature[i] as usize >= n_features {
            return Err(format!("node {i}: feature {} does not exist", t.feature[i]));
        }
        if t.threshold[i].is_nan() {
            return Err(format!("node {i}: threshold is not a number"));
        }
        if !t.left_set[i].windows(2).all(|w| w[0] < w[1]) {
            return Err(format!("node {i}: category set is not sorted"));
        }
    }
    Ok(())
}
