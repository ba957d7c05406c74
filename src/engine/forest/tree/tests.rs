//! Compact trees: layout size, values from counts, routing, packed sections.

use std::sync::Arc;

use super::*;
use crate::engine::dataset::FeatureValues;

/// A tree over a numeric feature 0 (thresholds 1.5, 2.5, 7.0) and a categorical feature 1 of
/// three labels, class weights [1, 3]:
/// - 0: x0 <= 2.5 (missing right) → 1 | 2, counts [6, 4]
/// - 1: leaf [4, 0]
/// - 2: label in {0, 2} (missing left) → 3 | 4, counts [2, 4]
/// - 3: leaf [2, 1]; 4: leaf [0, 3]
fn sample() -> Tree {
    let cuts = Arc::new(Thresholds::new(vec![vec![1.5, 2.5, 7.0], vec![]]).unwrap());
    let mut b = TreeBuilder::new(cuts, [1.0, 3.0]);
    b.push([6, 4]);
    let l = b.push([4, 0]);
    b.push([2, 4]);
    b.split_numeric(0, 0, 1, false, l);
    let l = b.push([2, 1]);
    b.push([0, 3]);
    b.split_categorical(2, 1, 3.0, &[0, 2], true, l);
    b.finish()
}

/// A stump splitting on numeric `feature` at +∞ with leaf counts [1, 0] and [0, 1], the left
/// child at `left` (1 in a sound tree): with a feature the forest lacks, a bad class weight or
/// a child out of range, a damaged tree for other modules' tests.
pub(crate) fn stump(feature: usize, class_weight: [f64; 2], left: usize) -> Tree {
    let mut b = TreeBuilder::new(Arc::new(Thresholds::default()), class_weight);
    b.push([1, 1]);
    b.push([1, 0]);
    b.push([0, 1]);
    b.split_numeric(0, feature, 0, false, left);
    b.finish()
}

#[test]
fn a_node_takes_sixteen_bytes() {
    assert_eq!(std::mem::size_of::<Node>(), 16);
    let t = sample();
    // 5 nodes, one categorical split (24 bytes), two codes.
    assert_eq!(t.heap_bytes(), 5 * 16 + 24 + 2 * 4);
}

#[test]
fn values_and_weights_come_from_counts_as_the_grower_computes_them() {
    let t = sample();
    // Root: w0 = 6, w1 = 3 · 4 = 12, weight 18, value 12/18.
    assert_eq!(t.weight(0), 18.0);
    assert_eq!(t.value(0).to_bits(), (12.0f64 / 18.0).to_bits());
    // Node 3: w0 = 2, w1 = 3: value 3/5.
    assert_eq!((t.value(3), t.weight(3)), (0.6, 5.0));
    assert_eq!((t.value(1), t.value(4)), (0.0, 1.0));
    assert_eq!((t.counts(2), t.class_weight()), (Some([2, 4]), Some([1.0, 3.0])));
    assert_eq!(t.shape(), (3, 2));
    assert_eq!((t.children(0), t.children(2), t.children(3)), (Some((1, 2)), Some((3, 4)), None));
    assert_eq!((t.feature(0), t.threshold(0), t.cut(0)), (0, 2.5, Some(1)));
    assert_eq!((t.feature(2), t.threshold(2), t.left_set(2)), (1, 3.0, &[0u32, 2][..]));
    assert!(!t.missing_left(0) && t.missing_left(2) && t.is_categorical(2));
    let spec = |name: &str, cat: bool| FeatureSpec {
        name: name.into(),
        levels: cat.then(|| vec!["a".into(), "b".into(), "c".into()]),
    };
    assert!(t.check(&[spec("x", false), spec("g", true)]).is_ok());
    let err = t.check(&[spec("x", false), spec("g", false)]).unwrap_err();
    assert_eq!(err, "node 2: \"g\" is numeric, the split is not");
    assert!(t.check(&[spec("x", false)]).unwrap_err().contains("feature 1 does not exist"));
}

#[test]
fn rows_reach_the_leaves_the_semantics_say() {
    let t = sample();
    let x = FeatureValues::Numeric(std::sync::Arc::new(vec![
        2.5,
        2.6,
        f64::NAN,
        2.6,
        2.6,
        2.6,
        -1e300,
    ]));
    // Labels 0, 1, 2, missing and an unseen code 3 (past the 3 known labels).
    let g = FeatureValues::Categorical {
        codes: std::sync::Arc::new(vec![1, 0, 1, 1, MISSING_CODE, 3, 1]),
        levels: vec!["a".into(), "b".into(), "c".into(), "new".into()],
    };
    let cols = [&x, &g];
    let leaves: Vec<usize> = (0..7).map(|r| t.leaf_of(&cols, r)).collect();
    // 2.5 <= 2.5 goes left; 2.6 right, then label 0 left (3); NaN right, label 1 right (4);
    // missing and unseen labels follow missing_left (3).
    assert_eq!(leaves, vec![1, 3, 4, 4, 3, 3, 1]);
    assert_eq!(t.predict_row(&cols, 1), 0.6);
    // The same leaves from codes: numeric codes count the cuts below a value (2.5 → 1, 2.6 →
    // 2, missing 255), labels their code; the split's set holds 0, 2, missing and unseen.
    let sets = [crate::engine::forest::coded::category_set(&[0, 2], 3.0, true)];
    let codes = [(1u8, 1u8), (2, 0), (255, 1), (2, 1), (2, 255), (2, 3), (0, 1)];
    let by_code: Vec<usize> = codes
        .iter()
        .map(|&(a, b)| {
            let mut row = [0u64];
            crate::engine::forest::packed::set(&mut row, 0, a);
            crate::engine::forest::packed::set(&mut row, 1, b);
            t.leaf_of_codes(&row, &sets)
        })
        .collect();
    assert_eq!(by_code, leaves);
}

#[test]
fn packed_sections_read_back_as_the_same_tree() {
    let t = sample();
    let cuts = t.thresholds().clone();
    let p = t.pack(&cuts);
    // Depth first: 0 (split), 1 (leaf), 2 (split), 3, 4 → shape bits 1, 0, 1, 0, 0.
    assert_eq!(p.shape, vec![0b00101]);
    assert_eq!(p.missing_left, vec![0b10]);
    assert_eq!((p.feature.clone(), p.cut.clone()), (vec![0, 1], vec![1]));
    // Categories: 3.0 as f64, two codes, 0 then +2.
    let mut cats = 3.0f64.to_le_bytes().to_vec();
    cats.extend([2, 0, 2]);
    assert_eq!(p.categories, cats);
    // Counts add up, so only leaves are listed: [4, 0], [2, 1], [0, 3].
    assert_eq!(
        (p.leaf_counts.clone(), p.node_counts.clone()),
        (Some(vec![4, 0, 2, 1, 0, 3]), None)
    );
    let back = p.unpack(&[false, true], &cuts).unwrap();
    assert_eq!(back, t);
    assert_eq!(
        (0..5).map(|i| back.counts(i)).collect::<Vec<_>>(),
        (0..5).map(|i| t.counts(i)).collect::<Vec<_>>()
    );
    // Written against a larger table (another forest's), indices follow that table.
    let wide = Thresholds::new(vec![vec![0.5, 1.5, 2.5, 7.0], vec![]]).unwrap();
    let q = t.pack(&wide);
    assert_eq!(q.cut, vec![2]);
    assert_eq!(q.unpack(&[false, true], &Arc::new(wide)).unwrap(), t);
    // Through JSON (base64 sections) too.
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains("\"shape\":\"BQ==\""), "{json}");
    let read: PackedTree = serde_json::from_str(&json).unwrap();
    assert_eq!(read, p);
}

#[test]
fn counts_that_do_not_add_up_and_file_values_are_kept_per_node() {
    let cuts = Arc::new(Thresholds::new(vec![vec![1.0]]).unwrap());
    let mut b = TreeBuilder::new(cuts.clone(), [1.0, 1.0]);
    b.push([9, 9]);
    let l = b.push([1, 0]);
    b.push([0, 1]);
    b.split_numeric(0, 0, 1, true, l);
    let t = b.finish();
    let p = t.pack(&cuts);
    assert_eq!(
        (p.leaf_counts.clone(), p.node_counts.clone()),
        (None, Some(vec![9, 9, 1, 0, 0, 1]))
    );
    assert_eq!(p.unpack(&[false], &cuts).unwrap(), t);
    // A tree from a version-1 file keeps its values and weights.
    let mut flat = t.to_flat();
    flat.value = vec![0.5, 0.1, 0.9];
    flat.weight = vec![2.5, 1.0, 1.5];
    let x = FeatureSpec { name: "x".into(), levels: None };
    let explicit = flat.compact(&[x], &cuts).unwrap();
    let p = explicit.pack(&cuts);
    assert!(p.class_weight.is_none() && p.leaf_counts.is_none() && p.node_counts.is_none());
    let back = p.unpack(&[false], &cuts).unwrap();
    assert_eq!(back, explicit);
    assert_eq!((back.value(1), back.weight(2), back.counts(0)), (0.1, 1.5, None));
    assert_eq!(back.threshold(0), f64::INFINITY);
}

#[test]
fn many_thresholds_take_two_bytes() {
    let cuts = Arc::new(Thresholds::new(vec![(0..300).map(f64::from).collect()]).unwrap());
    let mut b = TreeBuilder::new(cuts.clone(), [1.0, 1.0]);
    b.push([1, 1]);
    let l = b.push([1, 0]);
    b.push([0, 1]);
    b.split_numeric(0, 0, 299, false, l);
    let t = b.finish();
    let p = t.pack(&cuts);
    assert_eq!(p.cut, vec![43, 1]);
    let back = p.unpack(&[false], &cuts).unwrap();
    assert_eq!((back.threshold(0), back), (299.0, t));
}

#[test]
fn damaged_sections_are_refused() {
    let t = sample();
    let cuts = t.thresholds().clone();
    let good = t.pack(&cuts);
    let refused = |p: &PackedTree| p.unpack(&[false, true], &cuts).unwrap_err();
    let mut p = good.clone();
    p.nodes = 7;
    assert_eq!(refused(&p), "7 nodes listed, 5 found");
    let mut p = good.clone();
    p.shape = vec![0b10101];
    assert!(refused(&p).contains("more than 5 nodes") || refused(&p).contains("ends early"));
    let mut p = good.clone();
    p.feature = vec![0, 2];
    assert_eq!(refused(&p), "feature 2 does not exist");
    let mut p = good.clone();
    p.cut = vec![4];
    assert_eq!(refused(&p), "threshold 4 of feature 0 does not exist");
    let mut p = good.clone();
    p.categories.extend([5]);
    assert_eq!(refused(&p), "categories has bytes left over");
    let mut p = good.clone();
    let n = p.categories.len();
    p.categories[n - 1] = 0;
    assert_eq!(refused(&p), "category codes are not ascending");
    let mut p = good.clone();
    p.leaf_counts =
        Some(vec![0xff, 0xff, 0xff, 0xff, 0x0f, 0, 2, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0]);
    assert_eq!(refused(&p), "counts overflow");
    let mut p = good.clone();
    p.class_weight = Some([1.0, f64::NAN]);
    assert!(refused(&p).contains("expected"));
    let mut p = good;
    p.node_counts = Some(Vec::new());
    assert!(refused(&p).contains("counts expected"));
}
