//! Fast prediction of many rows: a fitted forest recompiled to work on `u8` codes.
//!
//! Per numeric feature, the distinct thresholds of all trees become ascending cuts and a value's
//! code is the number of cuts below it, so `x <= threshold` is exactly `code <= index of the
//! threshold`. Categorical codes are the aligned label codes (unseen labels get the code past the
//! training labels); each categorical node keeps the 256-bit set of codes going left, unseen and
//! missing ones included when they go left. Rows are encoded once, packed row-major (see
//! [`super::packed`]), then every tree walks all rows while its nodes stay in cache. Votes are
//! added exactly (see [`super::votes`]), so results equal those of the raw-value walk bit for bit.
//! Forests this cannot express (more than 254 distinct thresholds or labels in a feature, or
//! thresholds that are not numbers, e.g. from an edited model file) get `None`, and callers walk
//! the raw values instead.

use super::bin::MISSING_BIN;
use super::packed;
use super::split::{in_set, set_bit};
use super::tree::LEAF;
use super::votes::Scale;
use super::Forest;
use crate::engine::dataset::FeatureValues;
use crate::engine::table::MISSING_CODE;

/// How a feature's values become codes.
#[derive(Debug, Clone)]
enum Coder {
    Numeric {
        cuts: Vec<f64>,
    },
    /// Codes at or past `n_levels` are labels unseen in training.
    Categorical {
        n_levels: usize,
    },
}

/// One node in 16 bytes (four to a cache line; leaf values live apart): a leaf when
/// `left == LEAF`. A numeric split sends codes `0..=last` left (and the missing code when
/// `missing_left`); a categorical one the codes in `sets[set]`.
#[derive(Debug, Clone, Copy)]
struct Node {
    left: u32,
    right: u32,
    set: u32,
    feature: u16,
    last: u8,
    missing_left: bool,
}

/// Marks a numeric node in `Node::set`.
const NO_SET: u32 = u32::MAX;

/// A forest over codes.
#[derive(Debug, Clone)]
pub struct CodedForest {
    coders: Vec<Coder>,
    /// Nodes of every tree; tree `t` starts at `roots[t]`, children are absolute indices.
    nodes: Vec<Node>,
    /// Vote of each node on the forest's fixed-point grid (read at leaves).
    votes: Vec<u64>,
    scale: Scale,
    roots: Vec<u32>,
    sets: Vec<[u64; 4]>,
}

/// Encoded rows: row `i`'s codes are `codes[i * words..(i + 1) * words]`.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedRows {
    pub codes: Vec<u64>,
    pub words: usize,
}

impl CodedRows {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.codes.len() / self.words
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

impl CodedForest {
    /// Compiles `forest`, or None when its splits do not fit in `u8` codes.
    pub fn new(forest: &Forest) -> Option<CodedForest> {
        let coders = coders(forest)?;
        let n_nodes = forest.trees.iter().map(|t| t.len()).sum();
        let mut nodes = Vec::with_capacity(n_nodes);
        let scale = Scale::for_trees(forest.trees.len());
        let mut votes = Vec::with_capacity(n_nodes);
        let mut roots = Vec::with_capacity(forest.trees.len());
        let mut sets = Vec::new();
        for t in &forest.trees {
            let base = nodes.len() as u32;
            roots.push(base);
            for i in 0..t.len() {
                let mut node = Node {
                    left: LEAF,
                    right: LEAF,
                    feature: 0,
                    set: NO_SET,
                    last: 0,
                    missing_left: false,
                };
                if t.left[i] != LEAF {
                    let (l, r) = (t.left[i] as usize, t.right[i] as usize);
                    if l >= t.len() || r >= t.len() {
                        return None;
                    }
                    node.left = base + l as u32;
                    node.right = base + r as u32;
                    node.feature = u16::try_from(t.feature[i]).ok()?;
                    node.missing_left = t.missing_left[i];
                    match coders.get(t.feature[i] as usize)? {
                        Coder::Numeric { cuts } => node.last = last_code(cuts, t.threshold[i])?,
                        Coder::Categorical { .. } => {
                            node.set = sets.len() as u32;
                            sets.push(category_set(
                                &t.left_set[i],
                                t.threshold[i],
                                node.missing_left,
                            ));
                        }
                    }
                }
                nodes.push(node);
                votes.push(scale.fixed(t.value[i]));
            }
        }
        Some(CodedForest { coders, nodes, votes, scale, roots, sets })
    }

    /// Codes of `rows` of `data` (aligned columns, in the forest's feature order).
    pub fn encode(&self, data: &[FeatureValues], rows: &[usize]) -> CodedRows {
        let words = packed::words_for(self.coders.len());
        let mut codes = vec![0u64; rows.len() * words];
        for (f, (coder, values)) in self.coders.iter().zip(data).enumerate() {
            let code = |r: usize| -> u8 {
                match (coder, values) {
                    (Coder::Numeric { cuts }, FeatureValues::Numeric(v)) => {
                        let x = v[r];
                        if x.is_nan() {
                            MISSING_BIN
                        } else {
                            cuts.partition_point(|&c| c < x) as u8
                        }
                    }
                    (Coder::Categorical { n_levels }, FeatureValues::Categorical { codes, .. }) => {
                        let c = codes[r];
                        if c == MISSING_CODE {
                            MISSING_BIN
                        } else {
                            c.min(*n_levels as u32) as u8
                        }
                    }
                    // `Forest::align` checked the kinds; a mismatch reads as missing.
                    _ => MISSING_BIN,
                }
            };
            for (row, &r) in codes.chunks_exact_mut(words).zip(rows) {
                packed::set(row, f, code(r));
            }
        }
        CodedRows { codes, words }
    }

    /// P(positive) of every encoded row: the mean over trees of the leaf values.
    pub fn predict(&self, rows: &CodedRows) -> Vec<f64> {
        self.predict_codes(&rows.codes, rows.words)
    }

    /// [`CodedForest::predict`] with the rows cut into one contiguous part per thread (`threads`
    /// natively, every core when None; one in the browser), so each thread still walks every
    /// tree once over its part. Each row's value is computed alone: the result does not depend
    /// on the thread count.
    pub fn predict_threads(&self, rows: &CodedRows, threads: Option<usize>) -> Vec<f64> {
        let parts = super::thread_count(threads).clamp(1, rows.len().max(1));
        let per_part = rows.len().div_ceil(parts) * rows.words;
        let results = super::par_map(threads, parts, |p| {
            let start = (p * per_part).min(rows.codes.len());
            let end = ((p + 1) * per_part).min(rows.codes.len());
            self.predict_codes(&rows.codes[start..end], rows.words)
        });
        results.concat()
    }

    /// P(positive) of the rows packed in `codes` (`words` words a row).
    fn predict_codes(&self, codes: &[u64], words: usize) -> Vec<f64> {
        let mut acc = vec![0u64; codes.len() / words];
        for &root in &self.roots {
            self.add_votes(root, codes, words, &mut acc);
        }
        let n = self.roots.len() as u32;
        acc.into_iter().map(|a| self.scale.mean(a, n)).collect()
    }

    /// Adds the leaf vote of the tree at `root` to each row's `acc`. Not inlined: one call per
    /// tree lets the browser run the later trees optimised.
    #[inline(never)]
    fn add_votes(&self, root: u32, codes: &[u64], words: usize, acc: &mut [u64]) {
        for (a, row) in acc.iter_mut().zip(codes.chunks_exact(words)) {
            *a += self.leaf_vote(root, row);
        }
    }

    #[inline]
    fn leaf_vote(&self, root: u32, row: &[u64]) -> u64 {
        let mut i = root;
        loop {
            let node = &self.nodes[i as usize];
            if node.left == LEAF {
                return self.votes[i as usize];
            }
            i = self.child(node, row);
        }
    }

    /// The child of split `node` that `row` goes to.
    #[inline(always)]
    fn child(&self, node: &Node, row: &[u64]) -> u32 {
        let c = packed::get(row, node.feature as usize);
        // `last` is at most 254, so the missing code never passes the comparison.
        let left = if node.set == NO_SET {
            c <= node.last || (c == MISSING_BIN && node.missing_left)
        } else {
            in_set(&self.sets[node.set as usize], c)
        };
        if left {
            node.left
        } else {
            node.right
        }
    }
}

/// Per feature, the coder: the distinct finite thresholds of its numeric splits, or the number of
/// training labels.
fn coders(forest: &Forest) -> Option<Vec<Coder>> {
    let mut cuts: Vec<Vec<f64>> = vec![Vec::new(); forest.features.len()];
    for t in &forest.trees {
        for i in 0..t.len() {
            let f = t.feature[i] as usize;
            if t.left[i] == LEAF || forest.features.get(f)?.levels.is_some() {
                continue;
            }
            let x = t.threshold[i];
            if x.is_nan() || x == f64::NEG_INFINITY {
                return None;
            }
            if x.is_finite() {
                cuts[f].push(x);
            }
        }
    }
    forest
        .features
        .iter()
        .zip(cuts)
        .map(|(spec, mut c)| match &spec.levels {
            Some(levels) => {
                (levels.len() <= 254).then_some(Coder::Categorical { n_levels: levels.len() })
            }
            None => {
                c.sort_by(f64::total_cmp);
                c.dedup();
                (c.len() <= 254).then_some(Coder::Numeric { cuts: c })
            }
        })
        .collect()
}

/// The last code going left at `threshold` (every non-missing code for +∞).
fn last_code(cuts: &[f64], threshold: f64) -> Option<u8> {
    if threshold == f64::INFINITY {
        return Some(254);
    }
    cuts.binary_search_by(|c| c.total_cmp(&threshold)).ok().map(|i| i as u8)
}

/// Codes going left at a categorical node: the listed labels, and (when missing values go left)
/// the missing code and every code the node did not know (`code >= n_known`).
fn category_set(left_set: &[u32], n_known: f64, missing_left: bool) -> [u64; 4] {
    let mut set = [0u64; 4];
    for &c in left_set.iter().filter(|&&c| c < 255) {
        set_bit(&mut set, c as u8);
    }
    if missing_left {
        set_bit(&mut set, MISSING_BIN);
        for c in 0..255u8 {
            if (c as f64) >= n_known {
                set_bit(&mut set, c);
            }
        }
    }
    set
}
