//! A fitted tree as flat arrays, and prediction on raw values (no binner needed).
//!
//! Node `i` is a leaf when `left[i] == LEAF`. Numeric split: `x <= threshold[i]` goes left.
//! Categorical split: labels whose code is in `left_set[i]` go left. Missing values (and labels
//! unseen in training) follow `missing_left[i]`. A numeric threshold of +∞ sends every present
//! value left (the split that only separates the missing values); files write it as `f64::MAX`
//! (see [`file_threshold`]).

use serde::{Deserialize, Serialize};

use super::sets::SetList;

use crate::engine::dataset::FeatureValues;
use crate::engine::table::MISSING_CODE;

/// Marks a leaf in `left`.
pub const LEAF: u32 = u32::MAX;

/// One decision tree.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Tree {
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
    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.left.len()
    }

    /// Gives back the spare capacity of every array (a grown tree keeps up to half its size
    /// spare; a forest of millions of nodes holds on to that for its whole life).
    pub fn shrink_to_fit(&mut self) {
        self.feature.shrink_to_fit();
        self.threshold.shrink_to_fit();
        self.left_set.shrink_to_fit();
        self.missing_left.shrink_to_fit();
        self.left.shrink_to_fit();
        self.right.shrink_to_fit();
        self.value.shrink_to_fit();
        self.weight.shrink_to_fit();
    }

    /// True for a tree without nodes (never produced by fitting).
    pub fn is_empty(&self) -> bool {
        self.left.is_empty()
    }

    /// True when node `i` is a leaf.
    #[inline]
    pub fn is_leaf(&self, i: usize) -> bool {
        self.left[i] == LEAF
    }

    /// Leaves and depth.
    pub fn shape(&self) -> (usize, usize) {
        let leaves = self.left.iter().filter(|&&l| l == LEAF).count();
        let mut depth = vec![0usize; self.len()];
        let mut max = 0;
        for i in 0..self.len() {
            if self.left[i] != LEAF {
                for c in [self.left[i], self.right[i]] {
                    depth[c as usize] = depth[i] + 1;
                    max = max.max(depth[i] + 1);
                }
            }
        }
        (leaves, max)
    }

    /// P(positive) for row `r` of `data` (features in the forest's order).
    pub fn predict_row(&self, data: &[&FeatureValues], r: usize) -> f64 {
        self.value[self.leaf_of(data, r)]
    }

    /// The leaf node that row `r` of `data` reaches.
    pub fn leaf_of(&self, data: &[&FeatureValues], r: usize) -> usize {
        let mut i = 0usize;
        while self.left[i] != LEAF {
            i = if self.goes_left(i, data, r) { self.left[i] } else { self.right[i] } as usize;
        }
        i
    }

    /// Whether row `r` of `data` goes to the left child of split node `i`: the one routing rule
    /// that prediction and explanation (`engine::explain`) share.
    #[inline]
    pub fn goes_left(&self, i: usize, data: &[&FeatureValues], r: usize) -> bool {
        match data[self.feature[i] as usize] {
            FeatureValues::Numeric(v) => {
                let x = v[r];
                if x.is_nan() {
                    self.missing_left[i]
                } else {
                    x <= self.threshold[i]
                }
            }
            FeatureValues::Categorical { codes, .. } => {
                let c = codes[r];
                if c == MISSING_CODE {
                    self.missing_left[i]
                } else if self.left_set[i].binary_search(&c).is_ok() {
                    true
                } else if self.known(i, c) {
                    false
                } else {
                    self.missing_left[i]
                }
            }
        }
    }

    /// Categorical codes are remapped to training codes before prediction, and codes beyond the
    /// training labels mean "unseen"; `threshold` holds the number of training labels.
    fn known(&self, i: usize, code: u32) -> bool {
        (code as f64) < self.threshold[i]
    }
}

/// Thresholds in files. JSON has no +∞ (serde_json would write `null`, which no reader takes
/// for a number), so +∞ is written as `f64::MAX` and read back as +∞: the model in memory is
/// exactly the one written. That is unambiguous because no learnt threshold is `f64::MAX` (a cut
/// lies below the larger of the two values it separates; a categorical threshold is at most
/// 254). A micronum that predates the mapping reads `f64::MAX` as a number, and still routes
/// every value a table can hold the same way: values are finite or missing (ingest and cleaning
/// never make ±∞), and a finite `x <= f64::MAX` exactly when `x <= +∞`. `null`, which micronum
/// wrote for +∞ before the mapping, reads as +∞, so those files load and score as their model
/// did.
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

    #[test]
    fn infinite_thresholds_are_written_as_the_largest_finite_number_and_read_back() {
        let mut tree = Tree {
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
        let text = serde_json::to_string(&tree).unwrap();
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file["threshold"], serde_json::json!([f64::MAX, 0.0, -0.0]), "{text}");
        let back: Tree = serde_json::from_str(&text).unwrap();
        assert_eq!(back.threshold[0], f64::INFINITY);
        assert_eq!(back.threshold[2].to_bits(), (-0.0f64).to_bits());
        assert!(back == tree);
        // Files written before the mapping hold null there.
        let old = text.replace("1.7976931348623157e+308", "null");
        assert_ne!(old, text);
        let back: Tree = serde_json::from_str(&old).unwrap();
        assert_eq!(back.threshold[0], f64::INFINITY);
        // A present value goes left at f64::MAX exactly when it does at +∞.
        for x in [f64::MAX, 1e308, -1e308, 0.0, -0.0, 5e-324] {
            assert_eq!(x <= f64::MAX, x <= f64::INFINITY, "{x}");
        }
    }
}
