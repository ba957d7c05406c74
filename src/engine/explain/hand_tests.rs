//! Tiny trees with Shapley values computed by hand (arithmetic in the comments), the forest's
//! mean over trees, and every refusal of a bad forest or bad input.

use super::*;
use crate::engine::dataset::FeatureValues;
use crate::engine::forest::{FeatureSpec, FlatTree, Forest, ForestParams};
use crate::engine::table::MISSING_CODE;

fn assert_close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: {a} vs {b} (diff {:e})", (a - b).abs());
}

pub(super) fn numeric(name: &str) -> FeatureSpec {
    FeatureSpec { name: name.into(), levels: None }
}

/// A forest of `trees` over `features`. Each tree is made compact against `features`, padded
/// with numeric ones for splits on features past their end (so a forest can name a feature it
/// does not have, which only a damaged forest does).
pub(super) fn forest(features: Vec<FeatureSpec>, trees: Vec<FlatTree>) -> Forest {
    let used = trees.iter().flat_map(|t| t.feature.iter()).max().map_or(0, |&f| f as usize + 1);
    let mut padded = features.clone();
    while padded.len() < used {
        padded.push(numeric(&format!("pad{}", padded.len())));
    }
    let trees = trees.iter().map(|t| t.into_tree(&padded).expect("a tree")).collect();
    Forest {
        importances: vec![0.0; features.len()],
        features,
        trees,
        oob_score: None,
        params: ForestParams::new().check().unwrap(),
        n_train: 0,
        oob_proba: None,
    }
}

/// A tree from (feature, threshold, left, right, value, weight) per node; `LEAF` = u32::MAX.
pub(super) fn tree(nodes: &[(u32, f64, u32, u32, f64, f64)]) -> FlatTree {
    FlatTree {
        feature: nodes.iter().map(|n| n.0).collect(),
        threshold: nodes.iter().map(|n| n.1).collect(),
        left_set: vec![Vec::new(); nodes.len()].into(),
        missing_left: vec![false; nodes.len()],
        left: nodes.iter().map(|n| n.2).collect(),
        right: nodes.iter().map(|n| n.3).collect(),
        value: nodes.iter().map(|n| n.4).collect(),
        weight: nodes.iter().map(|n| n.5).collect(),
    }
}

pub(super) const L: u32 = u32::MAX;

fn explain(f: &Forest, cols: &[FeatureValues]) -> RowExplanation {
    Explainer::new(f).unwrap().explain_row(cols, 0, Some(1)).unwrap()
}

#[test]
fn two_features_by_hand() {
    // x0 ≤ 0.5 (cover 10) → [x1 ≤ 0.5 (cover 6) → leaf 0.1 (2) | leaf 0.4 (4)] | leaf 0.9 (4).
    let t = tree(&[
        (0, 0.5, 1, 2, 0.0, 10.0),
        (1, 0.5, 3, 4, 0.0, 6.0),
        (0, 0.0, L, L, 0.9, 4.0),
        (0, 0.0, L, L, 0.1, 2.0),
        (0, 0.0, L, L, 0.4, 4.0),
    ]);
    let f = forest(vec![numeric("x0"), numeric("x1")], vec![t]);
    // Row (0, 1) reaches the 0.4 leaf.
    // E(∅) = 0.6·(2/6·0.1 + 4/6·0.4) + 0.4·0.9 = 0.18 + 0.36 = 0.54
    // E({0}) = 2/6·0.1 + 4/6·0.4 = 0.3; E({1}) = 0.6·0.4 + 0.4·0.9 = 0.6; E({0,1}) = 0.4
    // φ0 = ½(0.3 − 0.54) + ½(0.4 − 0.6) = −0.22; φ1 = ½(0.6 − 0.54) + ½(0.4 − 0.3) = 0.08
    let e = explain(
        &f,
        &[FeatureValues::Numeric(vec![0.0].into()), FeatureValues::Numeric(vec![1.0].into())],
    );
    assert_close(e.base, 0.54, 1e-15, "base");
    assert_close(e.values[0], -0.22, 1e-15, "φ0");
    assert_close(e.values[1], 0.08, 1e-15, "φ1");
    assert_eq!(e.proba, 0.4);
}

#[test]
fn a_feature_split_twice_by_hand() {
    // x0 ≤ 5 (8) → [x1 ≤ 0.5 (4) → [x0 ≤ 2 (2) → leaf 0 (1) | leaf 1 (1)] | leaf 0 (2)] | leaf 1 (4)
    let t = tree(&[
        (0, 5.0, 1, 2, 0.0, 8.0),
        (1, 0.5, 3, 4, 0.0, 4.0),
        (0, 0.0, L, L, 1.0, 4.0),
        (0, 2.0, 5, 6, 0.0, 2.0),
        (0, 0.0, L, L, 0.0, 2.0),
        (0, 0.0, L, L, 0.0, 1.0),
        (0, 0.0, L, L, 1.0, 1.0),
    ]);
    let f = forest(vec![numeric("x0"), numeric("x1")], vec![t]);
    // Row (3, 0) reaches the last leaf (value 1).
    // E(∅) = ½·(½·(½·0 + ½·1) + ½·0) + ½·1 = 0.625
    // E({0}) = ½·1 + ½·0 = 0.5 (x0 known at both of its splits, x1 averaged)
    // E({1}) = ½·(½·0 + ½·1) + ½·1 = 0.75; E({0,1}) = 1
    // φ0 = ½(0.5 − 0.625) + ½(1 − 0.75) = 0.0625; φ1 = ½(0.75 − 0.625) + ½(1 − 0.5) = 0.3125
    let e = explain(
        &f,
        &[FeatureValues::Numeric(vec![3.0].into()), FeatureValues::Numeric(vec![0.0].into())],
    );
    assert_close(e.base, 0.625, 1e-15, "base");
    assert_close(e.values[0], 0.0625, 1e-15, "φ0");
    assert_close(e.values[1], 0.3125, 1e-15, "φ1");
}

#[test]
fn labels_missing_and_unseen_follow_the_tree_by_hand() {
    // Labels a, b, c (threshold = 3 labels); {a, c} go left to 0.3 (cover 7), the rest right to
    // 0.9 (3). E = 0.7·0.3 + 0.3·0.9 = 0.48. Left: φ = 0.3 − 0.48 = −0.18; right: +0.42.
    for missing_left in [false, true] {
        let mut t =
            tree(&[(0, 3.0, 1, 2, 0.0, 10.0), (0, 0.0, L, L, 0.3, 7.0), (0, 0.0, L, L, 0.9, 3.0)]);
        t.left_set = vec![vec![0, 2], vec![], vec![]].into();
        t.missing_left[0] = missing_left;
        let spec = FeatureSpec {
            name: "c".into(),
            levels: Some(vec!["a".into(), "b".into(), "c".into()]),
        };
        let f = forest(vec![spec], vec![t]);
        let levels = vec!["a".to_string(), "b".into(), "c".into()];
        // a, b, missing, unseen (code 3 = past the training labels).
        let codes = vec![0, 1, MISSING_CODE, 3];
        let cols = [FeatureValues::Categorical { codes: codes.into(), levels }];
        let got = Explainer::new(&f).unwrap().explain_rows(&cols, &[0, 1, 2, 3], Some(1)).unwrap();
        let away = if missing_left { -0.18 } else { 0.42 };
        for (i, want) in [-0.18, 0.42, away, away].into_iter().enumerate() {
            assert_close(
                got.row(i)[0],
                want,
                1e-15,
                &format!("code {i}, missing_left {missing_left}"),
            );
            assert_close(got.base, 0.48, 1e-15, "base");
        }
    }
}

#[test]
fn the_forest_averages_its_trees() {
    // Two stumps on x0 at 0.5: [0.2 (4) | 0.7 (6)] has E = 0.5; [0.0 (5) | 1.0 (5)] has E = 0.5.
    // Row x0 = 1 goes right in both: φ = ((0.7 − 0.5) + (1.0 − 0.5)) / 2 = 0.35, proba 0.85.
    let a = tree(&[(0, 0.5, 1, 2, 0.0, 10.0), (0, 0.0, L, L, 0.2, 4.0), (0, 0.0, L, L, 0.7, 6.0)]);
    let b = tree(&[(0, 0.5, 1, 2, 0.0, 10.0), (0, 0.0, L, L, 0.0, 5.0), (0, 0.0, L, L, 1.0, 5.0)]);
    let f = forest(vec![numeric("x0"), numeric("unused")], vec![a, b]);
    let e = explain(
        &f,
        &[FeatureValues::Numeric(vec![1.0].into()), FeatureValues::Numeric(vec![9.0].into())],
    );
    assert_close(e.base, 0.5, 1e-15, "base");
    assert_close(e.values[0], 0.35, 1e-15, "φ0");
    assert_eq!(e.values[1], 0.0, "a feature no tree uses gets nothing");
    assert_close(e.proba, 0.85, 1e-15, "proba");
}

#[test]
fn bad_forests_and_inputs_are_refused() {
    let ok =
        || tree(&[(0, 0.5, 1, 2, 0.0, 10.0), (0, 0.0, L, L, 0.2, 4.0), (0, 0.0, L, L, 0.7, 6.0)]);
    let one = |t: FlatTree| forest(vec![numeric("x")], vec![t]);
    assert_eq!(
        Explainer::new(&forest(vec![numeric("x")], vec![])).unwrap_err(),
        ExplainError::NoTrees
    );
    let mut t = ok();
    t.weight[2] = 0.0;
    assert_eq!(
        Explainer::new(&one(t)).unwrap_err(),
        ExplainError::BadCover { tree: 0, node: 2, weight: 0.0 }
    );
    // A node with two parents cannot even be made a tree (the compact layout has no room for
    // one): the model file's reader refuses it before any explainer sees it.
    let mut t = ok();
    t.right[0] = 1;
    assert!(t.into_tree(&[numeric("x")]).is_err());
    let mut t = ok();
    t.feature[0] = 3;
    assert_eq!(
        Explainer::new(&one(t)).unwrap_err(),
        ExplainError::NoSuchFeature { tree: 0, node: 0, feature: 3, features: 1 }
    );
    // A chain one level deeper than allowed: node 2k splits into leaf 2k + 1 and node 2k + 2.
    let d = MAX_DEPTH as u32 + 1;
    let nodes: Vec<_> = (0..=2 * d)
        .map(|i| {
            if i % 2 == 0 && i < 2 * d {
                (0, 0.5, i + 1, i + 2, 0.0, 1.0)
            } else {
                (0, 0.0, L, L, 0.5, 1.0)
            }
        })
        .collect();
    assert_eq!(
        Explainer::new(&one(tree(&nodes))).unwrap_err(),
        ExplainError::TooDeep { tree: 0, depth: d as usize, max: MAX_DEPTH }
    );
    // A chain splitting on 65 different features, one after the other.
    let d = MAX_PATH_FEATURES as u32 + 1;
    let nodes: Vec<_> = (0..=2 * d)
        .map(|i| {
            if i % 2 == 0 && i < 2 * d {
                (i / 2, 0.5, i + 1, i + 2, 0.0, 1.0)
            } else {
                (0, 0.0, L, L, 0.5, 1.0)
            }
        })
        .collect();
    let names: Vec<FeatureSpec> = (0..d).map(|j| numeric(&format!("x{j}"))).collect();
    assert_eq!(
        Explainer::new(&forest(names, vec![tree(&nodes)])).unwrap_err(),
        ExplainError::PathFeatures { tree: 0, features: d as usize, max: MAX_PATH_FEATURES }
    );
    let f = one(ok());
    let shap = Explainer::new(&f).unwrap();
    let cols = [FeatureValues::Numeric(vec![1.0, 2.0].into())];
    assert_eq!(
        shap.explain_rows(&cols, &[0, 2], None).unwrap_err(),
        ExplainError::NoSuchRow { row: 2, rows: 2 }
    );
    assert_eq!(
        shap.explain_row(&[], 0, None).unwrap_err(),
        ExplainError::Columns { expected: 1, found: 0 }
    );
    let text = [FeatureValues::Categorical { codes: vec![0].into(), levels: vec!["a".into()] }];
    assert_eq!(
        shap.explain_row(&text, 0, None).unwrap_err(),
        ExplainError::ValueKind { name: "x".into(), expected: "numeric", found: "categorical" }
    );
}
