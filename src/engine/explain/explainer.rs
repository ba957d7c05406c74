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

use std::ops::Range;

use super::block::{Block, Scratch, BLOCK};
use super::contributions::{Contributions, RowExplanation};
use super::error::ExplainError;
use super::tree_shap::Subtrees;
use super::validate::check_forest;
use crate::engine::dataset::FeatureValues;
use crate::engine::forest::{par_map, Forest, Scale};

/// A checked forest, ready to explain rows of columns aligned with [`Forest::align`].
#[derive(Debug)]
pub struct Explainer<'f> {
    forest: &'f Forest,
    base: f64,
    /// The deepest tree's depth.
    depth: usize,
}

/// What [`Explainer::new`] checked and computed for one forest, kept beside the forest so that
/// the next explainer of it starts at once ([`Explainer::resume`]): checking a 100-tree forest
/// grown to leaf 1 on 100,000 rows takes ~0.1 s, the what-if form's whole budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prepared {
    base: f64,
    depth: usize,
    /// The forest's trees, features and nodes in all: another forest is checked again.
    shape: (usize, usize, usize),
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

    /// What was checked and computed, to [`Explainer::resume`] later.
    pub fn prepared(&self) -> Prepared {
        Prepared { base: self.base, depth: self.depth, shape: shape(self.forest) }
    }

    /// The explainer of `forest` from what [`Explainer::prepared`] kept of it, without checking
    /// it again; a `prepared` made for a forest of another shape is ignored (checked anew).
    pub fn resume(forest: &'f Forest, prepared: Prepared) -> Result<Explainer<'f>, ExplainError> {
        if prepared.shape != shape(forest) {
            return Explainer::new(forest);
        }
        Ok(Explainer { forest, base: prepared.base, depth: prepared.depth })
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
        let mut sums = vec![0.0; rows.len() * self.forest.features.len()];
        self.accumulate(cols, rows, 0..self.forest.trees.len(), threads, &mut sums)?;
        self.finish(cols, rows, sums)
    }

    /// Adds the contributions of the trees in `trees` to `rows` of `cols` into `sums`
    /// (row-major, one row of features per row, zeros to start), rows shared among `threads`
    /// threads natively. Calling it for consecutive tree ranges and then [`Explainer::finish`]
    /// gives exactly [`Explainer::explain_rows`]: the worker does so to report progress and
    /// honour Cancel inside a large forest. Trees are added in order, one at a time.
    pub fn accumulate(
        &self,
        cols: &[FeatureValues],
        rows: &[usize],
        trees: Range<usize>,
        threads: Option<usize>,
        sums: &mut [f64],
    ) -> Result<(), ExplainError> {
        let refs = self.columns(cols, rows)?;
        let m = self.forest.features.len();
        self.check_sums(rows, sums)?;
        if trees.end > self.forest.trees.len() {
            let n = self.forest.trees.len();
            return Err(ExplainError::Trees { end: trees.end, trees: n });
        }
        let blocks: Vec<&[usize]> = rows.chunks(BLOCK).collect();
        let parts = par_map(threads, blocks.len(), |b| {
            let start = b * BLOCK * m;
            let mut part = sums[start..start + blocks[b].len() * m].to_vec();
            let mut work = Work::new(self);
            for t in trees.clone() {
                work.prepare(t);
                work.walk(t, &refs, blocks[b]);
                part.iter_mut().zip(&work.phi).for_each(|(a, p)| *a += p);
            }
            part
        });
        for (b, part) in parts.into_iter().enumerate() {
            let start = b * BLOCK * m;
            sums[start..start + part.len()].copy_from_slice(&part);
        }
        Ok(())
    }

    /// The explanations of `rows` of `cols` from the sums of every tree's contributions (see
    /// [`Explainer::accumulate`]).
    pub fn finish(
        &self,
        cols: &[FeatureValues],
        rows: &[usize],
        sums: Vec<f64>,
    ) -> Result<Contributions, ExplainError> {
        let refs = self.columns(cols, rows)?;
        self.check_sums(rows, &sums)?;
        let n = self.forest.trees.len() as f64;
        Ok(Contributions {
            features: self.forest.features.iter().map(|f| f.name.clone()).collect(),
            base: self.base,
            rows: rows.to_vec(),
            proba: rows.iter().map(|&r| self.proba(&refs, r)).collect(),
            values: sums.into_iter().map(|a| a / n).collect(),
        })
    }

    /// `sums` holds one row of features per row.
    fn check_sums(&self, rows: &[usize], sums: &[f64]) -> Result<(), ExplainError> {
        let expected = rows.len() * self.forest.features.len();
        if sums.len() != expected {
            return Err(ExplainError::Sums { expected, found: sums.len() });
        }
        Ok(())
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

/// Trees, features and nodes in all.
fn shape(forest: &Forest) -> (usize, usize, usize) {
    let nodes = forest.trees.iter().map(|t| t.len()).sum();
    (forest.trees.len(), forest.features.len(), nodes)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::explain::hand_tests::{forest, numeric, tree, L};

    #[test]
    fn a_resumed_explainer_is_the_checked_one_and_another_forest_is_checked_again() {
        // x ≤ 0.5 → 0.2 | 0.7 with covers 5 and 5: base 0.45; a second stump 0.4 | 0.6: 0.5.
        let stump = |lo: f64, hi: f64, cover: f64| {
            tree(&[(0, 0.5, 1, 2, 0.0, 10.0), (0, 0.0, L, L, lo, 5.0), (0, 0.0, L, L, hi, cover)])
        };
        let one = forest(vec![numeric("x")], vec![stump(0.2, 0.7, 5.0)]);
        let cols = [FeatureValues::Numeric(vec![1.0].into())];
        let fresh = Explainer::new(&one).unwrap();
        let resumed = Explainer::resume(&one, fresh.prepared()).unwrap();
        assert_eq!(resumed.base(), fresh.base());
        assert!((resumed.base() - 0.45).abs() < 1e-15);
        assert_eq!(
            resumed.explain_row(&cols, 0, Some(1)).unwrap(),
            fresh.explain_row(&cols, 0, Some(1)).unwrap()
        );
        // Another shape: checked and computed anew, (0.45 + 0.5) / 2; a bad one is refused.
        let two = forest(vec![numeric("x")], vec![stump(0.2, 0.7, 5.0), stump(0.4, 0.6, 5.0)]);
        assert!((Explainer::resume(&two, fresh.prepared()).unwrap().base() - 0.475).abs() < 1e-15);
        let bad = forest(vec![numeric("x")], vec![stump(0.2, 0.7, 0.0), stump(0.4, 0.6, 5.0)]);
        assert_eq!(
            Explainer::resume(&bad, fresh.prepared()).unwrap_err(),
            ExplainError::BadCover { tree: 0, node: 2, weight: 0.0 }
        );
    }
}
