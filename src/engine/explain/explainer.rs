//! [`Explainer`]: exact path-dependent TreeSHAP for a whole forest, for one row (the what-if
//! form, trees shared among threads) or a batch of rows (rows shared among threads; the worker
//! sends chunks of rows so that progress and Cancel run between them).
//!
//! The forest's value is its probability, the mean over trees of the leaf's positive share; its
//! contributions are the mean of the trees' contributions, and its base value the mean of the
//! trees' expected values (cover-weighted mean leaf value). So `base + Σ contributions` is the
//! row's probability up to rounding (≈1e-16), and `proba` is computed exactly as prediction
//! computes it (the same fixed-point sum of votes).
//!
//! Determinism: each tree's contributions are computed alone and added in tree order, the same
//! way in every API, so results do not depend on the thread count or on how rows are chunked.

use serde::{Deserialize, Serialize};

use super::block::{Block, Scratch, BLOCK};
use super::error::ExplainError;
use super::tree_shap::Subtrees;
use super::validate::check_forest;
use crate::engine::dataset::FeatureValues;
use crate::engine::forest::{par_map, Forest, Scale};

/// One row's explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowExplanation {
    /// P(positive), as prediction computes it.
    pub proba: f64,
    /// The forest's expected probability (the same for every row).
    pub base: f64,
    /// One contribution per model feature, in the model's order.
    pub values: Vec<f64>,
}

/// Explanations of many rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Contributions {
    /// The model's features, in order.
    pub features: Vec<String>,
    pub base: f64,
    /// The explained rows (indices into the columns given).
    pub rows: Vec<usize>,
    pub proba: Vec<f64>,
    /// Row-major: `values[i * features.len() + f]` is feature `f`'s contribution to row `i`.
    pub values: Vec<f64>,
}

impl Contributions {
    /// Contributions of the `i`-th explained row.
    pub fn row(&self, i: usize) -> &[f64] {
        let m = self.features.len();
        &self.values[i * m..(i + 1) * m]
    }

    /// Number of explained rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Appends the rows of `other` (a later chunk of the same explanation).
    pub fn append(&mut self, other: Contributions) {
        if self.features.is_empty() {
            self.features = other.features;
            self.base = other.base;
        }
        self.rows.extend(other.rows);
        self.proba.extend(other.proba);
        self.values.extend(other.values);
    }
}

/// A checked forest, ready to explain rows of columns aligned with [`Forest::align`].
#[derive(Debug)]
pub struct Explainer<'f> {
    forest: &'f Forest,
    base: f64,
    /// The deepest tree's depth.
    depth: usize,
}

impl<'f> Explainer<'f> {
    /// Checks every tree (a real tree, positive covers, known features, bounded depth) and
    /// computes the base value.
    pub fn new(forest: &'f Forest) -> Result<Explainer<'f>, ExplainError> {
        let depth = check_forest(forest)?;
        let mut sub = Subtrees::default();
        let mut sum = 0.0;
        for t in &forest.trees {
            sub.prepare(t);
            sum += sub.base();
        }
        let base = sum / forest.trees.len() as f64;
        Ok(Explainer { forest, base, depth })
    }

    /// The forest explained.
    pub fn forest(&self) -> &'f Forest {
        self.forest
    }

    /// The expected probability: what every explanation starts from.
    pub fn base(&self) -> f64 {
        self.base
    }

    /// Explains row `row` of `cols`, its trees shared among `threads` threads natively (every
    /// core when None; one in the browser). For the what-if form.
    pub fn explain_row(
        &self,
        cols: &[FeatureValues],
        row: usize,
        threads: Option<usize>,
    ) -> Result<RowExplanation, ExplainError> {
        let cols = self.columns(cols, &[row])?;
        // Trees in one contiguous range per thread, each tree's contributions kept apart and
        // added in tree order below, so the sum does not depend on the ranges.
        let n_trees = self.forest.trees.len();
        let ranges = crate::engine::forest::thread_count(threads).min(n_trees);
        let per_range = par_map(threads, ranges, |k| {
            let mut work = Work::new(self);
            (k * n_trees / ranges..(k + 1) * n_trees / ranges)
                .map(|t| {
                    work.prepare(t);
                    work.walk(t, &cols, &[row]);
                    work.phi.clone()
                })
                .collect::<Vec<_>>()
        });
        let per_tree: Vec<Vec<f64>> = per_range.into_iter().flatten().collect();
        let m = self.forest.features.len();
        let mut acc = vec![0.0; m];
        for phi in &per_tree {
            acc.iter_mut().zip(phi).for_each(|(a, p)| *a += p);
        }
        let n = self.forest.trees.len() as f64;
        Ok(RowExplanation {
            proba: self.proba(&cols, row),
            base: self.base,
            values: acc.into_iter().map(|a| a / n).collect(),
        })
    }

    /// Explains `rows` of `cols`, the rows shared among `threads` threads natively.
    pub fn explain_rows(
        &self,
        cols: &[FeatureValues],
        rows: &[usize],
        threads: Option<usize>,
    ) -> Result<Contributions, ExplainError> {
        let cols = self.columns(cols, rows)?;
        let blocks: Vec<&[usize]> = rows.chunks(BLOCK).collect();
        let parts = par_map(threads, blocks.len(), |b| self.block(&cols, blocks[b]));
        let mut out = Contributions {
            features: self.forest.features.iter().map(|f| f.name.clone()).collect(),
            base: self.base,
            rows: rows.to_vec(),
            proba: Vec::with_capacity(rows.len()),
            values: Vec::with_capacity(rows.len() * self.forest.features.len()),
        };
        for (proba, values) in parts {
            out.proba.extend(proba);
            out.values.extend(values);
        }
        Ok(out)
    }

    /// Probabilities and contributions (row-major) of one block of rows, tree by tree.
    fn block(&self, cols: &[&FeatureValues], rows: &[usize]) -> (Vec<f64>, Vec<f64>) {
        let m = self.forest.features.len();
        let mut acc = vec![0.0; rows.len() * m];
        let mut work = Work::new(self);
        for t in 0..self.forest.trees.len() {
            work.prepare(t);
            work.walk(t, cols, rows);
            acc.iter_mut().zip(&work.phi).for_each(|(a, p)| *a += p);
        }
        let n = self.forest.trees.len() as f64;
        let proba = rows.iter().map(|&r| self.proba(cols, r)).collect();
        (proba, acc.into_iter().map(|a| a / n).collect())
    }

    /// P(positive) of row `r` exactly as prediction sums it.
    fn proba(&self, cols: &[&FeatureValues], r: usize) -> f64 {
        let scale = Scale::for_trees(self.forest.trees.len());
        let sum: u64 = self.forest.trees.iter().map(|t| scale.fixed(t.predict_row(cols, r))).sum();
        scale.mean(sum, self.forest.trees.len() as u32)
    }

    /// `cols` as references, after checking they match the model and hold `rows`.
    fn columns<'c>(
        &self,
        cols: &'c [FeatureValues],
        rows: &[usize],
    ) -> Result<Vec<&'c FeatureValues>, ExplainError> {
        super::validate::check_columns(self.forest, cols, rows)?;
        Ok(cols.iter().collect())
    }
}

/// One thread's scratch: the prepared tree, the walk's buffers and one tree's contributions.
struct Work<'e, 'f> {
    explainer: &'e Explainer<'f>,
    subtrees: Subtrees,
    scratch: Scratch,
    phi: Vec<f64>,
}

impl<'e, 'f> Work<'e, 'f> {
    fn new(explainer: &'e Explainer<'f>) -> Self {
        let m = explainer.forest.features.len();
        Work {
            explainer,
            subtrees: Subtrees::default(),
            scratch: Scratch::new(m, explainer.depth),
            phi: Vec::with_capacity(BLOCK * m),
        }
    }

    fn prepare(&mut self, t: usize) {
        self.subtrees.prepare(&self.explainer.forest.trees[t]);
    }

    /// Tree `t`'s contributions to `rows` (at most [`BLOCK`]) into `phi`, row-major (the tree
    /// already prepared).
    fn walk(&mut self, t: usize, cols: &[&FeatureValues], rows: &[usize]) {
        self.phi.clear();
        self.phi.resize(rows.len() * self.explainer.forest.features.len(), 0.0);
        Block {
            tree: &self.explainer.forest.trees[t],
            cols,
            rows,
            subtrees: &self.subtrees,
            scratch: &mut self.scratch,
            phi: &mut self.phi,
        }
        .run();
    }
}
