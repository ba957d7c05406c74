//! The version-1 form of a tree: one array per field, as model files of version 1 hold it, and
//! its conversion to and from the compact [`Tree`].
//!
//! Node `i` is a leaf when `left[i] == LEAF`. Numeric split: `x <= threshold` goes left.
//! Categorical split: labels whose code is in `left_set[i]` go left. Missing values (and labels
//! unseen in training) follow `missing_left[i]`. A numeric threshold of +∞ sends every present
//! value left (the split that only separates the missing values); files write it as `f64::MAX`
//! (see [`file_threshold`]). Converting to a [`Tree`] checks what version-1 import always
//! checked (array lengths, children after their parent, features, usable thresholds, values
//! that are probabilities) and that every node has one parent; nodes are renumbered the way the
//! grower numbers them (a split's children next to each other), which is the identity for
//! every tree micronum grew.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::build::TreeBuilder;
use super::{NodeStats, Thresholds, Tree, LEAF, MAX_NODES};
use crate::engine::forest::sets::SetList;
use crate::engine::forest::FeatureSpec;

/// One decision tree as arrays of node fields (version-1 model files).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FlatTree {
    pub feature: Vec<u32>,
    /// Numeric split: the largest value going left (+∞: every present value). Categorical
    /// split: the number of training labels (codes at or past it are unseen labels).
    #[serde(serialize_with = "file_threshold::write", deserialize_with = "file_threshold::read")]
    pub threshold: Vec<f64>,
    /// Label codes going left, for categorical splits (empty otherwise).
    pub left_set: SetList,
    pub missing_left: Vec<bool>,
    pub left: Vec<u32>,
    pub right: Vec<u32>,
    /// Weighted share of the positive class among the node's training rows.
    pub value: Vec<f64>,
    /// Training rows (bootstrap-weighted) reaching the node.
    pub weight: Vec<f64>,
}

impl Tree {
    /// The tree as arrays of node fields (leaves have `LEAF` children, feature 0, threshold 0).
    pub fn to_flat(&self) -> FlatTree {
        let n = self.len();
        let mut t = FlatTree { left_set: SetList::with_capacity(n), ..Default::default() };
        for i in 0..n {
            let (l, r) = self.children(i).map_or((LEAF, LEAF), |(l, r)| (l as u32, r as u32));
            t.feature.push(self.feature(i) as u32);
            t.threshold.push(self.threshold(i));
            t.left_set.push(self.left_set(i).to_vec());
            t.missing_left.push(self.missing_left(i));
            t.left.push(l);
            t.right.push(r);
            t.value.push(self.value(i));
            t.weight.push(self.weight(i));
        }
        t
    }
}

impl FlatTree {
    /// The compact tree, checked against the forest's `features`, its numeric thresholds found
    /// in `cuts` (see [`FlatTree::thresholds`]).
    pub fn compact(
        &self,
        features: &[FeatureSpec],
        cuts: &Arc<Thresholds>,
    ) -> Result<Tree, String> {
        self.check(features)?;
        let n = self.left.len();
        // Values and weights are set once every node is placed.
        let mut b = TreeBuilder::with_stats(cuts.clone(), NodeStats::Counts([1.0, 1.0]));
        let mut value = Vec::with_capacity(n);
        let mut weight = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        // (old index, new index), depth first, left first: the grower's numbering.
        let mut stack = vec![(0usize, b.push([0, 0]))];
        value.push(self.value[0]);
        weight.push(self.weight[0]);
        seen[0] = true;
        while let Some((old, new)) = stack.pop() {
            if self.left[old] == LEAF {
                continue;
            }
            let (l, r) = (self.left[old] as usize, self.right[old] as usize);
            for c in [l, r] {
                if std::mem::replace(&mut seen[c], true) {
                    return Err(format!("node {c} has two parents"));
                }
            }
            let nl = b.push([0, 0]);
            b.push([0, 0]);
            for c in [l, r] {
                value.push(self.value[c]);
                weight.push(self.weight[c]);
            }
            let f = self.feature[old] as usize;
            let x = self.threshold[old];
            if features[f].levels.is_some() {
                b.split_categorical(new, f, x, &self.left_set[old], self.missing_left[old], nl);
            } else {
                let list = cuts.of(f);
                let cut = if x == f64::INFINITY {
                    list.len()
                } else {
                    list.binary_search_by(|c| c.total_cmp(&x))
                        .map_err(|_| format!("node {old}: threshold {x} is not in the table"))?
                };
                b.split_numeric(new, f, cut, self.missing_left[old], nl);
            }
            stack.push((r, nl + 1));
            stack.push((l, nl));
        }
        let mut tree = b.finish();
        tree.stats = NodeStats::Explicit { value, weight };
        Ok(tree)
    }

    /// The compact tree of this tree alone over `features` (its thresholds its own table).
    pub fn into_tree(&self, features: &[FeatureSpec]) -> Result<Tree, String> {
        let cuts = Arc::new(FlatTree::thresholds(std::slice::from_ref(self), features)?);
        self.compact(features, &cuts)
    }

    /// The numeric thresholds of `trees` per feature of `features`: their distinct finite
    /// values, ascending (+∞ is every list's end).
    pub fn thresholds(trees: &[FlatTree], features: &[FeatureSpec]) -> Result<Thresholds, String> {
        let categorical: Vec<bool> = features.iter().map(|f| f.levels.is_some()).collect();
        let mut lists: Vec<Vec<f64>> = vec![Vec::new(); categorical.len()];
        for t in trees {
            for i in 0..t.left.len().min(t.feature.len()).min(t.threshold.len()) {
                let f = t.feature[i] as usize;
                let x = t.threshold[i];
                if t.left[i] != LEAF
                    && !categorical.get(f).copied().unwrap_or(true)
                    && x.is_finite()
                {
                    lists[f].push(x);
                }
            }
        }
        for l in &mut lists {
            l.sort_by(f64::total_cmp);
            l.dedup_by(|a, b| a.to_bits() == b.to_bits());
        }
        Thresholds::new(lists)
    }

    /// The checks version-1 import made: lengths, values, children after their parent,
    /// features, usable thresholds, sorted sets.
    fn check(&self, features: &[FeatureSpec]) -> Result<(), String> {
        let n = self.left.len();
        let lens = [
            self.feature.len(),
            self.threshold.len(),
            self.left_set.len(),
            self.missing_left.len(),
            self.right.len(),
            self.value.len(),
            self.weight.len(),
        ];
        if n == 0 || lens.iter().any(|&l| l != n) {
            return Err("arrays of different lengths".into());
        }
        if n > MAX_NODES {
            return Err(format!("{n} nodes, more than {MAX_NODES}"));
        }
        for i in 0..n {
            if !(0.0..=1.0).contains(&self.value[i]) {
                return Err(format!("node {i}: value {} is not a probability", self.value[i]));
            }
            if !self.weight[i].is_finite() {
                return Err(format!("node {i}: weight {} is not a finite number", self.weight[i]));
            }
            if self.left[i] == LEAF {
                continue;
            }
            let (l, r) = (self.left[i] as usize, self.right[i] as usize);
            if l <= i || r <= i || l >= n || r >= n || l == r {
                return Err(format!("node {i}: child index out of order or range"));
            }
            let Some(spec) = features.get(self.feature[i] as usize) else {
                return Err(format!("node {i}: feature {} does not exist", self.feature[i]));
            };
            let cat = spec.levels.is_some();
            let x = self.threshold[i];
            // Numeric: +∞ sends every present value left (see `file_threshold`); −∞ and NaN send
            // none, which no fit makes. Categorical: the number of training labels.
            let usable = if cat { x.is_finite() } else { x > f64::NEG_INFINITY };
            if !usable {
                return Err(format!(
                    "node {i}: threshold {x} is not usable for feature \"{}\"",
                    spec.name
                ));
            }
            if !self.left_set[i].windows(2).all(|w| w[0] < w[1]) {
                return Err(format!("node {i}: category set is not sorted"));
            }
        }
        Ok(())
    }
}

pub mod file_threshold {
    use serde::de::{SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};

    /// The file's value for threshold `t`.
    pub fn to_file(t: f64) -> f64 {
        if t == f64::INFINITY {
            f64::MAX
        } else {
            t
        }
    }

    /// The threshold a file's value (`None` for `null`) stands for.
    pub fn from_file(x: Option<f64>) -> f64 {
        match x {
            None => f64::INFINITY,
            Some(x) if x == f64::MAX => f64::INFINITY,
            Some(x) => x,
        }
    }

    pub fn write<S: Serializer>(t: &[f64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(t.iter().map(|&x| to_file(x)))
    }

    /// Reads the list element by element (no second list of options for a big forest).
    pub fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        struct Thresholds;
        impl<'de> Visitor<'de> for Thresholds {
            type Value = Vec<f64>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of thresholds (numbers or null)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<f64>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
                while let Some(x) = seq.next_element::<Option<f64>>()? {
                    out.push(from_file(x));
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Thresholds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat() -> FlatTree {
        let mut tree = FlatTree {
            feature: vec![0, 0, 0],
            threshold: vec![f64::INFINITY, 0.0, -0.0],
            left_set: SetList::default(),
            missing_left: vec![false; 3],
            left: vec![1, LEAF, LEAF],
            right: vec![2, LEAF, LEAF],
            value: vec![0.5, 0.0, 1.0],
            weight: vec![2.0, 1.0, 1.0],
        };
        (0..3).for_each(|_| tree.left_set.push(Vec::new()));
        tree
    }

    #[test]
    fn infinite_thresholds_are_written_as_the_largest_finite_number_and_read_back() {
        let tree = flat();
        let text = serde_json::to_string(&tree).unwrap();
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file["threshold"], serde_json::json!([f64::MAX, 0.0, -0.0]), "{text}");
        let back: FlatTree = serde_json::from_str(&text).unwrap();
        assert_eq!(back.threshold[0], f64::INFINITY);
        assert_eq!(back.threshold[2].to_bits(), (-0.0f64).to_bits());
        assert!(back == tree);
        // Files written before the mapping hold null there.
        let old = text.replace("1.7976931348623157e+308", "null");
        assert_ne!(old, text);
        let back: FlatTree = serde_json::from_str(&old).unwrap();
        assert_eq!(back.threshold[0], f64::INFINITY);
        // A present value goes left at f64::MAX exactly when it does at +∞.
        for x in [f64::MAX, 1e308, -1e308, 0.0, -0.0, 5e-324] {
            assert_eq!(x <= f64::MAX, x <= f64::INFINITY, "{x}");
        }
    }

    #[test]
    fn flat_trees_become_compact_and_back_unchanged() {
        let mut t = flat();
        // A second split under the right child, numbered out of the grower's order.
        t.left[2] = 4;
        t.right[2] = 3;
        t.feature[2] = 1;
        t.threshold[2] = 2.0;
        t.left_set.set(2, vec![0, 2]);
        for (v, w) in [(0.25, 4.0), (0.75, 3.0)] {
            t.feature.push(0);
            t.threshold.push(0.0);
            t.left_set.push(Vec::new());
            t.missing_left.push(false);
            t.left.push(LEAF);
            t.right.push(LEAF);
            t.value.push(v);
            t.weight.push(w);
        }
        let spec =
            |name: &str, levels: Option<Vec<String>>| FeatureSpec { name: name.into(), levels };
        let categorical =
            [spec("x", None), spec("g", Some(vec!["a".into(), "b".into(), "c".into()]))];
        let cuts = Arc::new(FlatTree::thresholds(std::slice::from_ref(&t), &categorical).unwrap());
        assert!(cuts.lists().iter().all(|l| l.is_empty()), "{cuts:?}");
        let tree = t.compact(&categorical, &cuts).unwrap();
        // Root: +∞ on feature 0 (the end of its empty list); node 2 became node 2 with children
        // 3 (old 4) and 4 (old 3).
        assert_eq!((tree.threshold(0), tree.cut(0)), (f64::INFINITY, Some(0)));
        assert_eq!(tree.children(2), Some((3, 4)));
        assert_eq!(
            (tree.feature(2), tree.left_set(2), tree.threshold(2)),
            (1, &[0u32, 2][..], 2.0)
        );
        assert_eq!((tree.value(3), tree.weight(4)), (0.75, 4.0));
        assert_eq!(tree.counts(0), None);
        let back = tree.to_flat();
        assert_eq!((back.left[2], back.right[2], back.value[3]), (3, 4, 0.75));
        assert_eq!(back.compact(&categorical, &cuts).unwrap(), tree);
        // Damage is refused: a shared child, a numeric threshold of −∞, a value above 1.
        // Node 1 made a split onto nodes 3 and 4, which node 2 already has.
        let mut bad = t.clone();
        (bad.left[1], bad.right[1]) = (3, 4);
        assert_eq!(bad.into_tree(&categorical).unwrap_err(), "node 4 has two parents");
        let mut bad = t.clone();
        bad.threshold[0] = f64::NEG_INFINITY;
        assert!(bad.compact(&categorical, &cuts).unwrap_err().contains("not usable"));
        let mut bad = t;
        bad.value[1] = 1.5;
        assert!(bad.compact(&categorical, &cuts).unwrap_err().contains("not a probability"));
    }
}
