//! The leaves of a fitted tree as [`Rule`]s that route every row exactly as
//! `forest::Tree::leaf_of` does, by column name and label text instead of codes:
//! - a number goes left when `x <= threshold`, a missing one as `missing_left` says;
//! - a label goes left when its training code is in `left_set`, right when it is another
//!   training label, and as `missing_left` says when it is missing or was never seen in training.
//!
//! So each split gives its two children complementary conditions, and the leaves' rules
//! partition the rows. A threshold of ±∞ (a split that sends every present number one way)
//! becomes ±`f64::MAX`, which routes every finite number identically (cells are finite).

use super::condition::{Bound, Condition, Rule};
use crate::engine::dataset::{Feature, FeatureValues};
use crate::engine::forest::Tree;

/// The rule of each leaf in `leaves` (node indices of `tree`), for a tree fitted on `features`.
pub fn leaf_rules(tree: &Tree, features: &[Feature], leaves: &[usize]) -> Vec<Rule> {
    // Parent of each node and whether the node is its left child.
    let mut parent: Vec<Option<(usize, bool)>> = vec![None; tree.len()];
    for i in (0..tree.len()).filter(|&i| !tree.is_leaf(i)) {
        for (child, is_left) in [(tree.left(i), true), (tree.right(i), false)] {
            if let Some(p) = parent.get_mut(child) {
                *p = Some((i, is_left));
            }
        }
    }
    leaves
        .iter()
        .map(|&leaf| {
            let mut conditions = Vec::new();
            let mut node = leaf;
            while let Some((p, is_left)) = parent.get(node).copied().flatten() {
                conditions.push(branch(tree, features, p, is_left));
                node = p;
            }
            conditions.reverse();
            Rule { conditions }
        })
        .collect()
}

/// The condition of the left (`is_left`) or right branch of split `i`.
fn branch(tree: &Tree, features: &[Feature], i: usize, is_left: bool) -> Condition {
    let f = &features[tree.feature(i)];
    let column = f.name.clone();
    let missing_left = tree.missing_left(i);
    let t = tree.threshold(i).clamp(-f64::MAX, f64::MAX);
    match &f.values {
        FeatureValues::Numeric(_) => {
            let (lower, upper) = if is_left {
                (None, (tree.threshold(i) != f64::INFINITY).then(|| upper_of(tree.threshold(i), t)))
            } else {
                ((tree.threshold(i) != f64::NEG_INFINITY).then(|| Bound::open(t)), None)
            };
            Condition::Range { column, lower, upper, missing: missing_left == is_left }
        }
        FeatureValues::Categorical { levels, .. } => {
            // As `Tree::leaf_of`: in the set goes left; another training label goes right;
            // a code past the training labels (unseen) follows `missing_left`.
            let goes_left = |code: usize| {
                if tree.left_set(i).binary_search(&(code as u32)).is_ok() {
                    true
                } else if (code as f64) < tree.threshold(i) {
                    false
                } else {
                    missing_left
                }
            };
            let (mut to_left, mut to_right) = (Vec::new(), Vec::new());
            for (code, label) in levels.iter().enumerate() {
                if goes_left(code) {
                    to_left.push(label.clone());
                } else {
                    to_right.push(label.clone());
                }
            }
            let unseen_left = goes_left(levels.len());
            let (mine, theirs, unseen_mine) = if is_left {
                (to_left, to_right, unseen_left)
            } else {
                (to_right, to_left, !unseen_left)
            };
            let missing = missing_left == is_left;
            if unseen_mine {
                Condition::NotIn { column, labels: theirs, missing }
            } else {
                Condition::In { column, labels: mine, missing }
            }
        }
    }
}

/// `x <= threshold` as an upper bound; −∞ (nothing present goes left) as `x < −f64::MAX`.
fn upper_of(threshold: f64, clamped: f64) -> Bound {
    if threshold == f64::NEG_INFINITY {
        Bound::open(clamped)
    } else {
        Bound::closed(clamped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::forest::{FeatureSpec, FlatTree, LEAF};
    use crate::engine::table::MISSING_CODE;

    /// The compact tree of `t` over `features`.
    fn compact(t: &FlatTree, features: &[Feature]) -> Tree {
        let specs: Vec<FeatureSpec> = features
            .iter()
            .map(|f| FeatureSpec {
                name: f.name.clone(),
                levels: match &f.values {
                    FeatureValues::Categorical { levels, .. } => Some(levels.clone()),
                    FeatureValues::Numeric(_) => None,
                },
            })
            .collect();
        t.into_tree(&specs).expect("a tree")
    }

    fn tree() -> (Tree, Vec<Feature>) {
        let (t, features) = flat();
        (compact(&t, &features), features)
    }

    /// Root splits `x <= 5` (missing right); its right child splits `g` with {b} left (missing
    /// and unseen left): leaves 1, 3, 4.
    fn flat() -> (FlatTree, Vec<Feature>) {
        let t = FlatTree {
            feature: vec![0, 0, 1, 0, 0],
            threshold: vec![5.0, 0.0, 3.0, 0.0, 0.0],
            left_set: vec![vec![], vec![], vec![1], vec![], vec![]].into(),
            missing_left: vec![false, false, true, false, false],
            left: vec![1, LEAF, 3, LEAF, LEAF],
            right: vec![2, LEAF, 4, LEAF, LEAF],
            value: vec![0.5; 5],
            weight: vec![1.0; 5],
        };
        let features = vec![
            Feature { name: "x".into(), values: FeatureValues::Numeric(vec![].into()) },
            Feature {
                name: "g".into(),
                values: FeatureValues::Categorical {
                    codes: vec![].into(),
                    levels: vec!["a".into(), "b".into(), "c".into()],
                },
            },
        ];
        (t, features)
    }

    #[test]
    fn leaves_become_complementary_rules() {
        let (t, features) = tree();
        let rules = leaf_rules(&t, &features, &[1, 3, 4]);
        let texts: Vec<String> = rules.iter().map(Rule::text).collect();
        assert_eq!(
            texts,
            [
                "x ≤ 5",
                "x > 5 (or missing) and g not in {a, c} (or missing)",
                "x > 5 (or missing) and g in {a, c}",
            ]
        );
    }

    /// Every row reaches exactly the leaf whose rule it meets, as `Tree::leaf_of` routes it.
    #[test]
    fn rules_route_as_the_tree() {
        let (t, features) = tree();
        let rules = leaf_rules(&t, &features, &[1, 3, 4]);
        let xs = [f64::NAN, 4.0, 5.0, 5.5];
        // Codes 0..3 are the training labels, 3 an unseen one (as `Forest::align` codes it).
        let labels = [None, Some("a"), Some("b"), Some("c"), Some("zz")];
        for &x in &xs {
            for (k, label) in labels.iter().enumerate() {
                let code = match label {
                    None => MISSING_CODE,
                    Some(_) => k as u32 - 1,
                };
                let values = [
                    FeatureValues::Numeric(vec![x].into()),
                    FeatureValues::Categorical { codes: vec![code].into(), levels: vec![] },
                ];
                let refs: Vec<&FeatureValues> = values.iter().collect();
                let leaf = t.leaf_of(&refs, 0);
                let meets: Vec<usize> = rules
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| {
                        r.conditions.iter().all(|c| match c.column() {
                            "x" => c.holds_number(x),
                            _ => c.holds_label(*label),
                        })
                    })
                    .map(|(i, _)| [1, 3, 4][i])
                    .collect();
                assert_eq!(meets, vec![leaf], "x = {x}, g = {label:?}");
            }
        }
    }

    #[test]
    fn infinite_thresholds_route_every_number_one_way() {
        let (mut t, features) = flat();
        t.threshold[0] = f64::INFINITY;
        let t = compact(&t, &features);
        let rules = leaf_rules(&t, &features, &[1, 3]);
        assert_eq!(
            rules[0].conditions[0],
            Condition::Range { column: "x".into(), lower: None, upper: None, missing: false }
        );
        let right = &rules[1].conditions[0];
        assert!(!right.holds_number(1e308) && !right.holds_number(f64::MAX));
        assert!(right.holds_number(f64::NAN));
    }
}
