//! A fit in three phases, so trees can be grown in several places (threads natively, Web Workers
//! in the browser) and still give the single-thread forest:
//!
//! 1. [`ValidForestParams::plan`] checks the rows and bins the features once ([`FitPlan`]);
//! 2. [`FitPlan::grow`] grows trees `range` of the plan (tree `t` from seed `t` of the stream),
//!    anywhere the plan was sent (see [`super::wire`] for its bytes);
//! 3. [`FitPlan::assemble`] takes every tree in index order and adds importances and the
//!    out-of-bag score.

use std::ops::Range;

use super::bin::{bin_dataset, Binned};
use super::error::FitError;
use super::grow::GrowContext;
use super::params::{ClassWeight, ValidForestParams};
use super::tree::Tree;
use super::{FeatureSpec, FitProgress, Forest};
use crate::engine::dataset::{Dataset, FeatureValues};
use crate::engine::rng::derive_seeds;

/// One grown tree with what the forest needs from its growth.
#[derive(Debug, Clone, PartialEq)]
pub struct GrownTree {
    pub tree: Tree,
    /// Impurity decrease per feature (not normalised).
    pub importance: Vec<f64>,
    /// (dataset row, P(positive)) of every out-of-bag row.
    pub oob: Vec<(u32, f64)>,
}

/// Everything needed to grow any tree of a fit: binned codes, classes, training rows, seeds.
#[derive(Debug, Clone, PartialEq)]
pub struct FitPlan {
    pub(super) params: ValidForestParams,
    pub(super) binned: Binned,
    /// Class (0/1) of every dataset row.
    pub(super) y: Vec<u8>,
    /// Training rows (dataset indices).
    pub(super) rows: Vec<usize>,
    pub(super) class_weight: [f64; 2],
    pub(super) mtry: usize,
    /// Seed of every tree.
    pub(super) seeds: Vec<u64>,
}

impl ValidForestParams {
    /// Phase 1: checks `rows` of `data` and bins the features (from the training rows only).
    pub fn plan(
        &self,
        data: &Dataset,
        rows: &[usize],
        progress: &mut dyn FnMut(FitProgress) -> bool,
    ) -> Result<FitPlan, FitError> {
        if rows.is_empty() {
            return Err(FitError::NoRows);
        }
        let positives = rows.iter().filter(|&&r| data.y[r] == 1).count();
        if positives == 0 || positives == rows.len() {
            let label = &data.labels[(positives > 0) as usize];
            return Err(FitError::SingleClass(label.clone()));
        }
        if !progress(FitProgress { phase: "binning", done: 0, total: self.n_estimators }) {
            return Err(FitError::Cancelled);
        }
        let binned = bin_dataset(data, rows, self.max_bins)?;
        let class_weight = match self.class_weight {
            ClassWeight::None => [1.0, 1.0],
            ClassWeight::Balanced => {
                let n = rows.len() as f64;
                [n / (2.0 * (rows.len() - positives) as f64), n / (2.0 * positives as f64)]
            }
        };
        Ok(FitPlan {
            params: self.clone(),
            binned,
            y: data.y.clone(),
            rows: rows.to_vec(),
            class_weight,
            mtry: self.max_features.resolve(data.features.len()),
            seeds: derive_seeds(self.random_state, self.n_estimators),
        })
    }
}

impl FitPlan {
    /// Trees in the forest.
    pub fn n_trees(&self) -> usize {
        self.seeds.len()
    }

    /// Training rows.
    pub fn n_train(&self) -> usize {
        self.rows.len()
    }

    /// Phase 2: grows trees `range` (in order) with `threads` threads natively (one in the
    /// browser); `progress` is called between chunks of trees, with counts within `range`.
    pub fn grow(
        &self,
        range: Range<usize>,
        threads: Option<usize>,
        progress: &mut dyn FnMut(FitProgress) -> bool,
    ) -> Result<Vec<GrownTree>, FitError> {
        let mut out = Vec::with_capacity(range.len());
        self.grow_with(range, threads, progress, &mut |g| out.push(g))?;
        Ok(out)
    }

    /// [`FitPlan::grow`] straight into `assembly` (which must have every earlier tree): each
    /// tree's out-of-bag list is folded in and dropped as soon as its chunk is grown, instead of
    /// all of them living until the end (about 440 MB for 100 trees on 750,000 rows).
    pub fn grow_into(
        &self,
        range: Range<usize>,
        threads: Option<usize>,
        progress: &mut dyn FnMut(FitProgress) -> bool,
        assembly: &mut Assembly,
    ) -> Result<(), FitError> {
        self.grow_with(range, threads, progress, &mut |g| assembly.push(g))
    }

    fn grow_with(
        &self,
        range: Range<usize>,
        threads: Option<usize>,
        progress: &mut dyn FnMut(FitProgress) -> bool,
        sink: &mut dyn FnMut(GrownTree),
    ) -> Result<(), FitError> {
        let seeds = self.seeds.get(range.clone()).ok_or(FitError::TreeRange {
            start: range.start,
            end: range.end,
            trees: self.seeds.len(),
        })?;
        let ctx = GrowContext::new(
            &self.params,
            &self.binned,
            &self.y,
            &self.rows,
            self.class_weight,
            self.mtry,
        );
        super::grow_all(&ctx, seeds, threads, progress, sink)
    }

    /// Phase 3 starts empty: trees are pushed into it in index order.
    pub fn assembly(&self) -> Assembly {
        let n_rows = self.binned.n_rows;
        Assembly {
            trees: Vec::with_capacity(self.seeds.len()),
            importances: vec![0.0; self.binned.bins.len()],
            oob: self.params.bootstrap.then(|| (vec![0.0f64; n_rows], vec![0u32; n_rows])),
        }
    }

    /// Phase 3: the forest from every tree of the plan in index order (`data` is the dataset
    /// the plan was made from).
    pub fn assemble(&self, data: &Dataset, grown: Vec<GrownTree>) -> Result<Forest, FitError> {
        let mut assembly = self.assembly();
        grown.into_iter().for_each(|g| assembly.push(g));
        self.finish(data, assembly)
    }

    /// The forest from an assembly holding every tree of the plan.
    pub fn finish(&self, data: &Dataset, assembly: Assembly) -> Result<Forest, FitError> {
        let Assembly { trees, mut importances, oob } = assembly;
        if trees.len() != self.seeds.len() {
            return Err(FitError::TreeCount { expected: self.seeds.len(), got: trees.len() });
        }
        let total: f64 = importances.iter().sum();
        if total > 0.0 {
            importances.iter_mut().for_each(|x| *x /= total);
        }
        let oob_proba: Option<Vec<f64>> = oob.map(|(acc, hits)| {
            acc.iter()
                .zip(&hits)
                .map(|(a, &h)| if h > 0 { a / h as f64 } else { f64::NAN })
                .collect()
        });
        let oob_score = oob_proba.as_ref().and_then(|p| {
            let scored: Vec<usize> =
                self.rows.iter().copied().filter(|&r| !p[r].is_nan()).collect();
            let correct = scored.iter().filter(|&&r| (p[r] > 0.5) as u8 == self.y[r]).count();
            (!scored.is_empty()).then(|| correct as f64 / scored.len() as f64)
        });
        let features = data
            .features
            .iter()
            .map(|f| FeatureSpec {
                name: f.name.clone(),
                levels: match &f.values {
                    FeatureValues::Numeric(_) => None,
                    FeatureValues::Categorical { levels, .. } => Some(levels.clone()),
                },
            })
            .collect();
        // The thread count is not part of the model: it never changes the result.
        Ok(Forest {
            features,
            trees,
            importances,
            oob_score,
            params: self.params.with_threads(None),
            n_train: self.rows.len(),
            oob_proba,
        })
    }
}

/// Trees of a forest being put together in index order, with their normalised importances and
/// out-of-bag sums folded in as they arrive.
#[derive(Debug)]
pub struct Assembly {
    trees: Vec<Tree>,
    importances: Vec<f64>,
    /// Per dataset row: sum of out-of-bag values and how many trees had the row out of bag.
    oob: Option<(Vec<f64>, Vec<u32>)>,
}

impl Assembly {
    /// Adds the next tree (the one after every tree pushed so far).
    pub fn push(&mut self, g: GrownTree) {
        let sum: f64 = g.importance.iter().sum();
        if sum > 0.0 {
            self.importances.iter_mut().zip(&g.importance).for_each(|(a, b)| *a += b / sum);
        }
        if let Some((acc, hits)) = self.oob.as_mut() {
            for &(r, v) in &g.oob {
                acc[r as usize] += v;
                hits[r as usize] += 1;
            }
        }
        self.trees.push(g.tree);
    }

    /// Trees so far.
    pub fn len(&self) -> usize {
        self.trees.len()
    }

    /// True before the first tree.
    pub fn is_empty(&self) -> bool {
        self.trees.is_empty()
    }
}

/// `n` trees cut into `parts` contiguous ranges whose sizes differ by at most one (empty ranges
/// left out), first range first.
pub fn shares(n: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.clamp(1, n.max(1));
    let (base, extra) = (n / parts, n % parts);
    let mut start = 0;
    (0..parts)
        .map(|k| {
            let len = base + (k < extra) as usize;
            let r = start..start + len;
            start += len;
            r
        })
        .filter(|r| !r.is_empty())
        .collect()
}
