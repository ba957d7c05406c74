//! A fitted tree as flat arrays, and prediction on raw values (no binner needed).
//!
//! Node `i` is a leaf when `left[i] == LEAF`. Numeric split: `x <= threshold[i]` goes left.
//! Categorical split: labels whose code is in `left_set[i]` go left. Missing values (and labels
//! unseen in training) follow `missing_left[i]`.

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
