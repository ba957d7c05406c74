//! Tree-rule segments: the leaves of one shallow decision tree on the target, each written as a
//! readable rule ("Age > 42.5 and EstimatedSalary ≤ 90k"). The tree is the forest's own CART
//! with all features at every split, no bootstrap, and `min_samples_leaf = min_support`.
//! Each leaf is also returned as a [`Rule`] that routes new rows as the tree does (see
//! `definitions::leaf_rules`); labels are distinct.

use super::definitions::{leaf_rules, Rule};
use super::method::ValidRulesParams;
use super::{distinct_labels, short, SegmentError, Segmentation};
use crate::engine::dataset::{Dataset, FeatureValues};
use crate::engine::forest::{ForestParams, MaxFeatures, Tree};

/// One condition on the path to a leaf.
#[derive(Clone)]
enum Cond {
    /// (lower bound exclusive, upper bound inclusive) on a numeric feature.
    Range(usize, f64, f64),
    /// Allowed labels of a categorical feature.
    In(usize, Vec<u32>),
}

/// Segments = leaves of a shallow tree fitted on `data`, each leaf at least `min_support` rows.
pub fn rule_segments(
    data: &Dataset,
    p: &ValidRulesParams,
    min_support: u64,
) -> Result<Segmentation, SegmentError> {
    rule_fit(data, p, min_support).map(|(seg, _)| seg)
}

/// [`rule_segments`], and each leaf's rule (same order as the segments).
pub fn rule_fit(
    data: &Dataset,
    p: &ValidRulesParams,
    min_support: u64,
) -> Result<(Segmentation, Vec<Rule>), SegmentError> {
    if min_support == 0 {
        return Err(SegmentError::MinSupport);
    }
    let params = ForestParams::new()
        .n_estimators(1)
        .bootstrap(false)
        .max_features(MaxFeatures::All)
        .max_depth(Some(p.max_depth))
        .min_samples_leaf(usize::try_from(min_support).unwrap_or(usize::MAX))
        .random_state(p.random_state)
        .n_threads(Some(1))
        .check()
        .map_err(|_| SegmentError::Depth(p.max_depth))?;
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let forest = params.fit(data, &rows, &mut |_| true)?;
    let tree = &forest.trees[0];
    let mut leaves: Vec<(usize, Vec<Cond>)> = Vec::new();
    walk(tree, data, 0, Vec::new(), &mut leaves);
    let cols: Vec<&FeatureValues> = data.features.iter().map(|f| &f.values).collect();
    let index_of_leaf = |node: usize| leaves.iter().position(|(l, _)| *l == node).unwrap_or(0);
    let assignment = rows.iter().map(|&r| index_of_leaf(tree.leaf_of(&cols, r))).collect();
    let mut labels: Vec<String> = leaves.iter().map(|(_, conds)| describe(conds, data)).collect();
    distinct_labels(&mut labels);
    let nodes: Vec<usize> = leaves.iter().map(|(node, _)| *node).collect();
    let rules = leaf_rules(tree, &data.features, &nodes);
    Ok((Segmentation { assignment, labels }, rules))
}

fn walk(t: &Tree, data: &Dataset, node: usize, path: Vec<Cond>, out: &mut Vec<(usize, Vec<Cond>)>) {
    let Some((l, r)) = t.children(node) else {
        out.push((node, path));
        return;
    };
    let f = t.feature(node);
    let (left, right) = match &data.features[f].values {
        FeatureValues::Numeric(_) => (
            Cond::Range(f, f64::NEG_INFINITY, t.threshold(node)),
            Cond::Range(f, t.threshold(node), f64::INFINITY),
        ),
        FeatureValues::Categorical { levels, .. } => {
            let all: Vec<u32> = (0..levels.len() as u32).collect();
            let l = t.left_set(node).to_vec();
            let r = all.into_iter().filter(|c| !l.contains(c)).collect();
            (Cond::In(f, l), Cond::In(f, r))
        }
    };
    for (child, cond) in [(l, left), (r, right)] {
        let mut p = path.clone();
        p.push(cond);
        walk(t, data, child, p, out);
    }
}

/// Merges conditions per feature and writes them as text.
fn describe(conds: &[Cond], data: &Dataset) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for c in conds {
        let f = match c {
            Cond::Range(f, ..) | Cond::In(f, _) => *f,
        };
        if seen.contains(&f) {
            continue;
        }
        seen.push(f);
        let name = &data.features[f].name;
        let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
        let mut set: Option<Vec<u32>> = None;
        for c in conds {
            match c {
                Cond::Range(g, l, h) if *g == f => {
                    lo = lo.max(*l);
                    hi = hi.min(*h);
                }
                Cond::In(g, s) if *g == f => {
                    set = Some(match set {
                        Some(prev) => prev.into_iter().filter(|x| s.contains(x)).collect(),
                        None => s.clone(),
                    })
                }
                _ => {}
            }
        }
        parts.push(match (set, &data.features[f].values) {
            (Some(s), FeatureValues::Categorical { levels, .. }) => {
                let names: Vec<&str> =
                    s.iter().filter_map(|&c| levels.get(c as usize).map(String::as_str)).collect();
                if names.len() == 1 {
                    format!("{name} = {}", names[0])
                } else {
                    format!("{name} in {{{}}}", names.join(", "))
                }
            }
            _ => match (lo.is_finite(), hi.is_finite()) {
                (true, true) => format!("{} < {name} ≤ {}", short(lo), short(hi)),
                (true, false) => format!("{name} > {}", short(lo)),
                (false, true) => format!("{name} ≤ {}", short(hi)),
                (false, false) => name.clone(),
            },
        });
    }
    if parts.is_empty() {
        "everyone".into()
    } else {
        parts.join(" and ")
    }
}
