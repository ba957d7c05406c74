//! A fitted tree in 16 bytes a node, and prediction on raw values (no binner needed).
//!
//! Node `i` ([`Node`]) holds one word for its children and missing side, one for its split and
//! its two class counts:
//! - children: the left child's index (bits 0–30; 0 marks a leaf, since the root is nobody's
//!   child), the right child is the next node; bit 31 is "missing values go left";
//! - split: a numeric split holds its feature (bits 0–15) and the index of its threshold in the
//!   forest's [`Thresholds`] of that feature (bits 16–30; the table's length stands for +∞); a
//!   categorical split has bit 31 set and the index of its [`CategorySplit`] (label codes going
//!   left and the number of training labels) in the rest;
//! - counts: the bootstrap-weighted number of training rows of each class reaching the node.
//!
//! Value and weight are computed from the counts and the fit's class weights exactly as the
//! grower computes them (`w_k = class_weight[k] · count_k`, value `w1 / (w0 + w1)`, weight
//! `w0 + w1`), so they are the same `f64`s a tree of `f64` arrays held, bit for bit. A tree read
//! from a version-1 file keeps that file's values and weights as they were written instead
//! ([`NodeStats::Explicit`]).
//!
//! Semantics (as in the model file): numeric `x <= threshold` goes left; a categorical label
//! goes left when its code is in the split's set; missing values, and labels unseen in training
//! (codes at or past the split's number of training labels), follow the missing side. Children
//! always come after their parent, so every walk ends.
//!
//! Layout in memory is the grower's: nodes are numbered as they are created, a split creating
//! its two children together; [`FlatTree`] is the version-1 form (one array per field) and
//! converts both ways.

mod build;
mod bytes;
mod flat;
mod pack;

use std::sync::Arc;

pub use build::TreeBuilder;
pub use flat::FlatTree;
pub use pack::PackedTree;

use super::FeatureSpec;
use crate::engine::dataset::FeatureValues;
use crate::engine::table::MISSING_CODE;

/// Marks a leaf in [`FlatTree::left`] and [`FlatTree::right`].
pub const LEAF: u32 = u32::MAX;

/// Bit 31 of a node's children word: missing values go left.
const MISSING_LEFT: u32 = 1 << 31;
/// Bits of the left child's index in the children word.
const CHILD: u32 = !MISSING_LEFT;
/// Bit 31 of a split word: a categorical split.
const CATEGORICAL: u32 = 1 << 31;
/// Most features a tree can split on (16 bits of the split word).
pub const MAX_FEATURES: usize = 1 << 16;
/// Most thresholds per numeric feature (15 bits of the split word, +∞ being the table's length).
pub const MAX_CUTS: usize = (1 << 15) - 1;
/// Most nodes per tree (31 bits of the children word).
pub const MAX_NODES: usize = (1 << 31) - 1;

/// One node: children and missing side, split, class counts (see the module documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Node {
    kids: u32,
    split: u32,
    counts: [u32; 2],
}

/// The numeric thresholds of a forest, per feature: finite and strictly ascending in
/// `f64::total_cmp` order (so −0.0 and 0.0 may both be there; empty for a categorical feature). A split refers to one by its index; the index equal to the list's
/// length is +∞ (every present value goes left). Shared by the trees of a forest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thresholds {
    per_feature: Vec<Vec<f64>>,
}

impl Thresholds {
    /// The table of `per_feature` thresholds (see the type's invariants).
    pub fn new(per_feature: Vec<Vec<f64>>) -> Result<Thresholds, String> {
        if per_feature.len() > MAX_FEATURES {
            return Err(format!("{} features, more than {MAX_FEATURES}", per_feature.len()));
        }
        for (f, cuts) in per_feature.iter().enumerate() {
            if cuts.len() > MAX_CUTS {
                return Err(format!(
                    "feature {f} has {} thresholds, more than {MAX_CUTS}",
                    cuts.len()
                ));
            }
            let ascending = cuts.windows(2).all(|w| w[0].total_cmp(&w[1]).is_lt());
            if !cuts.iter().all(|x| x.is_finite()) || !ascending {
                return Err(format!("thresholds of feature {f} are not increasing finite numbers"));
            }
        }
        Ok(Thresholds { per_feature })
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.per_feature.len()
    }

    /// True without features.
    pub fn is_empty(&self) -> bool {
        self.per_feature.is_empty()
    }

    /// Thresholds of feature `f` (empty past the table).
    pub fn of(&self, f: usize) -> &[f64] {
        self.per_feature.get(f).map_or(&[], |c| c.as_slice())
    }

    /// Threshold `cut` of feature `f`: +∞ at (or past) the end of its list.
    #[inline]
    pub fn value(&self, f: usize, cut: usize) -> f64 {
        self.of(f).get(cut).copied().unwrap_or(f64::INFINITY)
    }

    /// Every feature's list.
    pub fn lists(&self) -> &[Vec<f64>] {
        &self.per_feature
    }
}

/// A categorical split: its feature, the number of training labels it knew (codes at or past
/// it are unseen labels), and where its left codes are in the tree's code list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CategorySplit {
    feature: u32,
    known: f64,
    start: u32,
    end: u32,
}

/// Where node values and weights come from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeStats {
    /// From the node counts and these class weights (every grown tree).
    Counts([f64; 2]),
    /// As a version-1 file wrote them, per node.
    Explicit { value: Vec<f64>, weight: Vec<f64> },
}

/// One decision tree (see the module documentation).
#[derive(Debug, Clone)]
pub struct Tree {
    nodes: Vec<Node>,
    cats: Vec<CategorySplit>,
    codes: Vec<u32>,
    cuts: Arc<Thresholds>,
    stats: NodeStats,
}

impl Tree {
    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True for a tree without nodes (never produced).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// True when node `i` is a leaf.
    #[inline]
    pub fn is_leaf(&self, i: usize) -> bool {
        self.nodes[i].kids & CHILD == 0
    }

    /// The (left, right) children of node `i` (None for a leaf).
    #[inline]
    pub fn children(&self, i: usize) -> Option<(usize, usize)> {
        let left = (self.nodes[i].kids & CHILD) as usize;
        (left != 0).then_some((left, left + 1))
    }

    /// The left child of split node `i` (0 for a leaf).
    #[inline]
    pub fn left(&self, i: usize) -> usize {
        (self.nodes[i].kids & CHILD) as usize
    }

    /// The right child of split node `i` (1 for a leaf): the node after the left child.
    #[inline]
    pub fn right(&self, i: usize) -> usize {
        self.left(i) + 1
    }

    /// The feature split on at node `i` (0 for a leaf).
    pub fn feature(&self, i: usize) -> usize {
        let n = &self.nodes[i];
        match self.category(n) {
            Some(c) => c.feature as usize,
            None if n.kids & CHILD == 0 => 0,
            None => (n.split & 0xFFFF) as usize,
        }
    }

    /// True when node `i` splits on labels.
    pub fn is_categorical(&self, i: usize) -> bool {
        self.nodes[i].split & CATEGORICAL != 0
    }

    /// Numeric split: the largest value going left (+∞: every present value). Categorical
    /// split: the number of training labels. 0 for a leaf.
    pub fn threshold(&self, i: usize) -> f64 {
        let n = &self.nodes[i];
        match self.category(n) {
            Some(c) => c.known,
            None if n.kids & CHILD == 0 => 0.0,
            None => self.cuts.value((n.split & 0xFFFF) as usize, (n.split >> 16) as usize),
        }
    }

    /// Numeric split: the index of its threshold in [`Tree::thresholds`] (the list's length for
    /// +∞). None for leaves and categorical splits.
    pub fn cut(&self, i: usize) -> Option<usize> {
        let n = &self.nodes[i];
        (n.kids & CHILD != 0 && n.split & CATEGORICAL == 0).then_some((n.split >> 16) as usize)
    }

    /// Label codes going left at a categorical split, ascending (empty otherwise).
    pub fn left_set(&self, i: usize) -> &[u32] {
        match self.category(&self.nodes[i]) {
            Some(c) => &self.codes[c.start as usize..c.end as usize],
            None => &[],
        }
    }

    /// True when missing values (and unseen labels) go left at node `i`.
    pub fn missing_left(&self, i: usize) -> bool {
        self.nodes[i].kids & MISSING_LEFT != 0
    }

    /// Weighted share of the positive class among the node's training rows.
    #[inline]
    pub fn value(&self, i: usize) -> f64 {
        match &self.stats {
            NodeStats::Counts(cw) => {
                let (w0, w1) = weights(cw, self.nodes[i].counts);
                let w = w0 + w1;
                if w > 0.0 {
                    w1 / w
                } else {
                    0.0
                }
            }
            NodeStats::Explicit { value, .. } => value[i],
        }
    }

    /// Training rows (bootstrap- and class-weighted) reaching the node.
    pub fn weight(&self, i: usize) -> f64 {
        match &self.stats {
            NodeStats::Counts(cw) => {
                let (w0, w1) = weights(cw, self.nodes[i].counts);
                w0 + w1
            }
            NodeStats::Explicit { weight, .. } => weight[i],
        }
    }

    /// Bootstrap-weighted training rows of each class reaching node `i` (None for a tree read
    /// from a version-1 file, which holds values and weights instead).
    pub fn counts(&self, i: usize) -> Option<[u32; 2]> {
        matches!(self.stats, NodeStats::Counts(_)).then(|| self.nodes[i].counts)
    }

    /// The class weights values and weights are computed with (None as for [`Tree::counts`]).
    pub fn class_weight(&self) -> Option<[f64; 2]> {
        match self.stats {
            NodeStats::Counts(cw) => Some(cw),
            NodeStats::Explicit { .. } => None,
        }
    }

    /// The forest's threshold table the numeric splits refer to.
    pub fn thresholds(&self) -> &Arc<Thresholds> {
        &self.cuts
    }

    /// Leaves and depth.
    pub fn shape(&self) -> (usize, usize) {
        let mut depth = vec![0u32; self.len()];
        let (mut leaves, mut max) = (0, 0);
        for i in 0..self.len() {
            match self.children(i) {
                None => leaves += 1,
                Some((l, r)) => {
                    depth[l] = depth[i] + 1;
                    depth[r] = depth[i] + 1;
                    max = max.max(depth[i] as usize + 1);
                }
            }
        }
        (leaves, max)
    }

    /// P(positive) for row `r` of `data` (features in the forest's order).
    pub fn predict_row(&self, data: &[&FeatureValues], r: usize) -> f64 {
        self.value(self.leaf_of(data, r))
    }

    /// The leaf node that row `r` of `data` reaches.
    pub fn leaf_of(&self, data: &[&FeatureValues], r: usize) -> usize {
        let mut i = 0usize;
        loop {
            let n = self.nodes[i];
            let left = (n.kids & CHILD) as usize;
            if left == 0 {
                return i;
            }
            i = left + !self.routes_left(&n, data, r) as usize;
        }
    }

    /// Whether row `r` of `data` goes to the left child of split node `i`: the one routing rule
    /// that prediction and explanation (`engine::explain`) share.
    #[inline]
    pub fn goes_left(&self, i: usize, data: &[&FeatureValues], r: usize) -> bool {
        self.routes_left(&self.nodes[i], data, r)
    }

    /// True when row `r` goes left at split `n`. A column of the other kind (which
    /// `Forest::align` refuses) reads as missing.
    #[inline]
    fn routes_left(&self, n: &Node, data: &[&FeatureValues], r: usize) -> bool {
        let missing_left = n.kids & MISSING_LEFT != 0;
        match self.category(n) {
            None => {
                let f = (n.split & 0xFFFF) as usize;
                match data[f] {
                    FeatureValues::Numeric(v) if !v[r].is_nan() => {
                        v[r] <= self.cuts.value(f, (n.split >> 16) as usize)
                    }
                    _ => missing_left,
                }
            }
            Some(c) => match data[c.feature as usize] {
                FeatureValues::Categorical { codes, .. } if codes[r] != MISSING_CODE => {
                    let code = codes[r];
                    let set = &self.codes[c.start as usize..c.end as usize];
                    if set.binary_search(&code).is_ok() {
                        true
                    } else if (code as f64) < c.known {
                        false
                    } else {
                        missing_left
                    }
                }
                _ => missing_left,
            },
        }
    }

    /// The leaf that a row of packed codes (see `forest::packed`) reaches, when numeric codes
    /// count the cuts of this tree's threshold table below a value (so `code <= cut` is
    /// `x <= threshold`; at most 254 cuts, missing = 255) and `sets[k]` holds the codes going
    /// left at the `k`-th categorical split (see `forest::coded`).
    #[inline]
    pub(crate) fn leaf_of_codes(&self, row: &[u64], sets: &[[u64; 4]]) -> usize {
        let mut i = 0usize;
        loop {
            let n = &self.nodes[i];
            let left = (n.kids & CHILD) as usize;
            if left == 0 {
                return i;
            }
            let go_left = if n.split & CATEGORICAL == 0 {
                let c = crate::engine::forest::packed::get(row, (n.split & 0xFFFF) as usize);
                // The last code going left is at most 254, so missing never passes it.
                u32::from(c) <= (n.split >> 16) || (c == 255 && n.kids & MISSING_LEFT != 0)
            } else {
                let k = (n.split & !CATEGORICAL) as usize;
                let c = crate::engine::forest::packed::get(row, self.cats[k].feature as usize);
                (sets[k][(c >> 6) as usize] >> (c & 63)) & 1 == 1
            };
            i = left + !go_left as usize;
        }
    }

    /// Node `i`'s position among the tree's categorical splits (the `k` of
    /// [`Tree::leaf_of_codes`]' `sets[k]`), if it is one.
    pub(crate) fn category_index(&self, i: usize) -> Option<usize> {
        let n = &self.nodes[i];
        (n.kids & CHILD != 0 && n.split & CATEGORICAL != 0)
            .then_some((n.split & !CATEGORICAL) as usize)
    }

    /// Number of categorical splits.
    pub(crate) fn category_count(&self) -> usize {
        self.cats.len()
    }

    /// The categorical split of node `n`, if it is one.
    #[inline]
    fn category(&self, n: &Node) -> Option<&CategorySplit> {
        if n.split & CATEGORICAL == 0 {
            None
        } else {
            self.cats.get((n.split & !CATEGORICAL) as usize)
        }
    }

    /// Bytes of memory the tree holds (its arrays, not the shared thresholds).
    pub fn heap_bytes(&self) -> usize {
        let stats = match &self.stats {
            NodeStats::Counts(_) => 0,
            NodeStats::Explicit { value, weight } => 8 * (value.capacity() + weight.capacity()),
        };
        std::mem::size_of::<Node>() * self.nodes.capacity()
            + std::mem::size_of::<CategorySplit>() * self.cats.capacity()
            + 4 * self.codes.capacity()
            + stats
    }

    /// Checks the tree against the forest's `features`: every split names an existing feature of
    /// its kind and a usable threshold; values are probabilities and weights finite.
    pub fn check(&self, features: &[FeatureSpec]) -> Result<(), String> {
        if self.nodes.is_empty() {
            return Err("no nodes".into());
        }
        for i in 0..self.len() {
            if let Some((l, _)) = self.children(i) {
                // Children come after their parent: this rules out cycles and keeps walks finite.
                if l <= i || l + 1 >= self.len() {
                    return Err(format!("node {i}: child index out of order or range"));
                }
                let f = self.feature(i);
                let Some(spec) = features.get(f) else {
                    return Err(format!("node {i}: feature {f} does not exist"));
                };
                if spec.levels.is_some() != self.is_categorical(i) {
                    let kind = if spec.levels.is_some() { "categorical" } else { "numeric" };
                    return Err(format!("node {i}: \"{}\" is {kind}, the split is not", spec.name));
                }
                let usable = match self.cut(i) {
                    Some(c) => c <= self.cuts.of(f).len(),
                    None => self.threshold(i).is_finite(),
                };
                if !usable {
                    return Err(format!(
                        "node {i}: threshold {} is not usable for feature \"{}\"",
                        self.threshold(i),
                        spec.name
                    ));
                }
                if !self.left_set(i).windows(2).all(|w| w[0] < w[1]) {
                    return Err(format!("node {i}: category set is not sorted"));
                }
            }
            let (v, w) = (self.value(i), self.weight(i));
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("node {i}: value {v} is not a probability"));
            }
            if !w.is_finite() {
                return Err(format!("node {i}: weight {w} is not a finite number"));
            }
        }
        Ok(())
    }
}

/// `(class_weight[0] · c0, class_weight[1] · c1)`, as the grower weighs class counts.
#[inline(always)]
fn weights(cw: &[f64; 2], c: [u32; 2]) -> (f64, f64) {
    (cw[0] * c[0] as f64, cw[1] * c[1] as f64)
}

/// Trees are equal when every node routes, values and weighs the same, bit for bit (whether
/// from counts or as a file wrote them; the threshold tables they point into may differ in
/// thresholds no node uses).
impl PartialEq for Tree {
    fn eq(&self, other: &Tree) -> bool {
        self.len() == other.len()
            && (0..self.len()).all(|i| {
                self.children(i) == other.children(i)
                    && self.value(i).to_bits() == other.value(i).to_bits()
                    && self.weight(i).to_bits() == other.weight(i).to_bits()
                    && (self.is_leaf(i)
                        || (self.feature(i) == other.feature(i)
                            && self.is_categorical(i) == other.is_categorical(i)
                            && self.threshold(i).to_bits() == other.threshold(i).to_bits()
                            && self.missing_left(i) == other.missing_left(i)
                            && self.left_set(i) == other.left_set(i)))
            })
    }
}

#[cfg(test)]
pub(crate) mod tests;
