//! Random forest classifier for a binary target: histogram CART trees on bootstrap samples with
//! per-split feature sampling, as scikit-learn's `RandomForestClassifier` grows them.
//!
//! Layout: `params` (validated settings) → `bin` (u8 codes, once per fit) → `grow` (one tree,
//! in a thread's reused buffers, `rows`) → `tree` (16 bytes a node, prediction on raw values,
//! packed sections) → this module (the forest: fit in parallel, predict, out-of-bag score,
//! importances) → `file` (the forest in model files) → `coded` (the trees walked on `u8` codes
//! to predict many rows) → `importance` (permutation importance). `packed` holds codes row-major;
//! `votes` adds leaf values exactly (fixed point), `plan` splits a fit into shares, `tune`
//! chooses `min_samples_leaf` by out-of-bag score from the plan's bins.
//! Determinism: tree `t` is grown from `derive_seeds(random_state)[t]` and votes add the same in
//! any order, so the forest and its probabilities do not depend on the number of threads
//! (natively) or workers (in the browser).

mod bin;
mod coded;
mod error;
mod file;
mod grow;
mod importance;
mod packed;
mod params;
mod plan;
mod rows;
mod sets;
mod split;
mod tree;
mod tune;
mod votes;
mod wire;

use serde::{Deserialize, Serialize};

pub use bin::{bin_dataset, Binned, FeatureBins};
pub use coded::{CodedForest, CodedRows};
pub use error::{FitError, ParamsError};
pub use importance::{permutation_drops, permutation_importance, stratified_sample, Shuffles};
pub use params::{ClassWeight, Criterion, ForestParams, MaxFeatures, ValidForestParams};
pub use plan::{shares, Assembly, FitPlan, GrownTree};
pub use sets::SetList;
#[cfg(test)]
pub(crate) use tree::tests::stump;
pub use tree::{FlatTree, PackedTree, Thresholds, Tree, TreeBuilder, LEAF};
pub use tune::{
    candidates, leaf_grid, Candidate, CandidateScore, TuneSettings, Tuning, TUNE_TREES,
};
pub use votes::{Routed, Scale, Votes};
pub use wire::WireError;
pub(crate) use wire::{f64_le, put_u32, u32_le, Reader};

use crate::engine::dataset::{Dataset, FeatureValues};
use crate::engine::table::MISSING_CODE;
use grow::{grow_tree, GrowContext, Workspace};
use std::sync::Mutex;

/// Progress of a fit, reported between trees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitProgress {
    pub phase: &'static str,
    pub done: usize,
    pub total: usize,
}

/// What a feature was at training time (to align new data by name and label).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSpec {
    pub name: String,
    /// Training labels of a categorical feature (None for numeric).
    pub levels: Option<Vec<String>>,
}

/// A fitted forest (read and written by `file`: the model file's version-2 layout).
#[derive(Debug, Clone, PartialEq)]
pub struct Forest {
    pub features: Vec<FeatureSpec>,
    pub trees: Vec<Tree>,
    /// Mean decrease in impurity per feature, normalised to sum to 1.
    pub importances: Vec<f64>,
    /// Out-of-bag accuracy (bootstrap only).
    pub oob_score: Option<f64>,
    pub params: ValidForestParams,
    pub n_train: usize,
    /// Out-of-bag P(positive) per dataset row (NaN where a row was never out of bag or not a
    /// training row). Kept in memory only: it describes the training data, not the model.
    pub oob_proba: Option<Vec<f64>>,
}

/// Why new data cannot be scored by a forest.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AlignError {
    #[error("the data has no column \"{0}\", which the model needs")]
    MissingFeature(String),
    #[error("column \"{name}\" was {expected} when the model was trained but is {found} here")]
    KindChanged { name: String, expected: &'static str, found: &'static str },
}

impl ValidForestParams {
    /// Fits a forest on `rows` of `data`. `progress` is called between trees; returning false
    /// cancels the fit.
    pub fn fit(
        &self,
        data: &Dataset,
        rows: &[usize],
        progress: &mut dyn FnMut(FitProgress) -> bool,
    ) -> Result<Forest, FitError> {
        let plan = self.plan(data, rows, progress)?;
        let mut assembly = plan.assembly();
        plan.grow_into(0..plan.n_trees(), self.n_threads, progress, &mut assembly)?;
        plan.finish(data, assembly)
    }
}

/// Where a tree's out-of-bag and scored rows go, in the thread that grew it, as soon as it is
/// grown (the rows then serve the thread's next tree).
type Fold<'a> = &'a (dyn Fn(&Tree, &Routed) + Sync);

/// Grows the trees of `seeds` in order, in chunks so that progress and cancellation run between
/// chunks; each tree's routed rows go to `fold` as soon as it is grown, and the tree to `sink`
/// as soon as its chunk is done (in seed order).
fn grow_all(
    ctx: &GrowContext,
    seeds: &[u64],
    threads: Option<usize>,
    progress: &mut dyn FnMut(FitProgress) -> bool,
    sink: &mut dyn FnMut(GrownTree),
    fold: Fold,
) -> Result<(), FitError> {
    let total = seeds.len();
    let mut done = 0;
    let pool = thread_pool(threads);
    let n_threads = pool_threads(pool.as_ref());
    let chunk = n_threads * 2;
    // One set of buffers per thread, reused by every tree it grows (dropped with the fit).
    let workspaces: Vec<Mutex<Workspace>> = (0..n_threads).map(|_| Mutex::default()).collect();
    for part in seeds.chunks(chunk) {
        grow_chunk(ctx, part, pool.as_ref(), &workspaces, fold).into_iter().for_each(&mut *sink);
        done += part.len();
        if !progress(FitProgress { phase: "trees", done, total }) {
            return Err(FitError::Cancelled);
        }
    }
    Ok(())
}

/// `f(0), …, f(n − 1)` in order, computed on `threads` threads natively (every core when None)
/// and in this thread in the browser. Each item is computed alone, so results do not depend on
/// the thread count.
pub(crate) fn par_map<T: Send>(
    threads: Option<usize>,
    n: usize,
    f: impl Fn(usize) -> T + Sync + Send,
) -> Vec<T> {
    match thread_pool(threads) {
        #[cfg(not(target_arch = "wasm32"))]
        Some(pool) => {
            use rayon::prelude::*;
            pool.install(|| (0..n).into_par_iter().map(f).collect())
        }
        _ => (0..n).map(f).collect(),
    }
}

#[cfg(not(target_arch = "wasm32"))]
type Pool = rayon::ThreadPool;
#[cfg(target_arch = "wasm32")]
type Pool = ();

/// Threads used for `threads` (every core when None; one in the browser).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn thread_count(threads: Option<usize>) -> usize {
    threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1)
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn thread_count(_threads: Option<usize>) -> usize {
    1
}

#[cfg(not(target_arch = "wasm32"))]
fn thread_pool(threads: Option<usize>) -> Option<Pool> {
    let n = thread_count(threads);
    (n > 1).then(|| rayon::ThreadPoolBuilder::new().num_threads(n).build().ok()).flatten()
}

#[cfg(target_arch = "wasm32")]
fn thread_pool(_threads: Option<usize>) -> Option<Pool> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn pool_threads(pool: Option<&Pool>) -> usize {
    pool.map_or(1, |p| p.current_num_threads().max(1))
}

#[cfg(target_arch = "wasm32")]
fn pool_threads(_pool: Option<&Pool>) -> usize {
    1
}

/// Grows the tree of seed `s` in `ws` and folds its routed rows.
fn grow_one(ctx: &GrowContext, s: u64, ws: &mut Workspace, fold: Fold) -> GrownTree {
    let g = grow_tree(ctx, s, ws);
    fold(&g.tree, ws.routed());
    g
}

#[cfg(not(target_arch = "wasm32"))]
fn grow_chunk(
    ctx: &GrowContext,
    seeds: &[u64],
    pool: Option<&Pool>,
    workspaces: &[Mutex<Workspace>],
    fold: Fold,
) -> Vec<GrownTree> {
    use rayon::prelude::*;
    let grow = |s: u64| {
        let slot = rayon::current_thread_index().unwrap_or(0) % workspaces.len().max(1);
        // A thread grows one tree at a time, so its workspace is free; a fresh one otherwise.
        match workspaces.get(slot).and_then(|w| w.try_lock().ok()) {
            Some(mut ws) => grow_one(ctx, s, &mut ws, fold),
            None => grow_one(ctx, s, &mut Workspace::default(), fold),
        }
    };
    match pool {
        Some(p) => p.install(|| seeds.par_iter().map(|&s| grow(s)).collect()),
        None => seeds.iter().map(|&s| grow(s)).collect(),
    }
}

#[cfg(target_arch = "wasm32")]
fn grow_chunk(
    ctx: &GrowContext,
    seeds: &[u64],
    _pool: Option<&Pool>,
    workspaces: &[Mutex<Workspace>],
    fold: Fold,
) -> Vec<GrownTree> {
    let mut fresh = Workspace::default();
    let mut ws = workspaces.first().and_then(|w| w.try_lock().ok());
    let ws = ws.as_deref_mut().unwrap_or(&mut fresh);
    seeds.iter().map(|&s| grow_one(ctx, s, ws, fold)).collect()
}

impl Forest {
    /// P(positive) for every row of `data` (features matched by name, labels by text).
    pub fn predict_proba(&self, data: &Dataset) -> Result<Vec<f64>, AlignError> {
        let rows: Vec<usize> = (0..data.n_rows()).collect();
        self.predict_proba_rows(data, &rows)
    }

    /// P(positive) for `rows` of `data`: the mean over trees of the leaf's positive share.
    pub fn predict_proba_rows(
        &self,
        data: &Dataset,
        rows: &[usize],
    ) -> Result<Vec<f64>, AlignError> {
        self.predict_proba_threads(data, rows, Some(1))
    }

    /// [`Forest::predict_proba_rows`] with the rows shared among `threads` threads natively
    /// (every core when None; one in the browser). The result does not depend on it.
    pub fn predict_proba_threads(
        &self,
        data: &Dataset,
        rows: &[usize],
        threads: Option<usize>,
    ) -> Result<Vec<f64>, AlignError> {
        let aligned = self.align(data)?;
        Ok(match CodedForest::new(self) {
            Some(coded) => coded.predict_threads(&coded.encode(&aligned, rows), threads),
            None => self.predict_aligned(&aligned, rows),
        })
    }

    /// P(positive) for `rows` of columns already aligned with [`Forest::align`], walking the
    /// raw values (see [`CodedForest`] for the fast way).
    pub fn predict_aligned(&self, aligned: &[FeatureValues], rows: &[usize]) -> Vec<f64> {
        let cols: Vec<&FeatureValues> = aligned.iter().collect();
        // Tree by tree, so one tree's nodes stay in cache while every row walks it; votes add
        // exactly, in any order.
        let scale = Scale::for_trees(self.trees.len());
        let mut acc = vec![0u64; rows.len()];
        for t in &self.trees {
            for (a, &r) in acc.iter_mut().zip(rows) {
                *a += scale.fixed(t.predict_row(&cols, r));
            }
        }
        let n = self.trees.len() as u32;
        acc.into_iter().map(|a| scale.mean(a, n)).collect()
    }

    /// Columns of `data` in this forest's feature order, categorical codes mapped to training
    /// codes (unseen labels get a code past the training labels).
    pub fn align(&self, data: &Dataset) -> Result<Vec<FeatureValues>, AlignError> {
        self.features
            .iter()
            .map(|spec| {
                let f = data
                    .features
                    .iter()
                    .find(|f| f.name == spec.name)
                    .ok_or_else(|| AlignError::MissingFeature(spec.name.clone()))?;
                match (&spec.levels, &f.values) {
                    (None, FeatureValues::Numeric(v)) => Ok(FeatureValues::Numeric(v.clone())),
                    (Some(train), FeatureValues::Categorical { codes, levels }) => {
                        let map: Vec<u32> = levels
                            .iter()
                            .map(|l| {
                                train
                                    .iter()
                                    .position(|t| t == l)
                                    .map_or(train.len() as u32, |i| i as u32)
                            })
                            .collect();
                        // The same codes when the labels are the training ones, in order.
                        let same = map.iter().enumerate().all(|(i, &m)| m as usize == i);
                        let codes = if same {
                            codes.clone()
                        } else {
                            let remap =
                                |&c: &u32| if c == MISSING_CODE { c } else { map[c as usize] };
                            std::sync::Arc::new(codes.iter().map(remap).collect())
                        };
                        Ok(FeatureValues::Categorical { codes, levels: train.clone() })
                    }
                    (Some(_), FeatureValues::Numeric(_)) => Err(AlignError::KindChanged {
                        name: spec.name.clone(),
                        expected: "categorical",
                        found: "numeric",
                    }),
                    (None, FeatureValues::Categorical { .. }) => Err(AlignError::KindChanged {
                        name: spec.name.clone(),
                        expected: "numeric",
                        found: "text",
                    }),
                }
            })
            .collect()
    }

    /// (leaves, depth) of every tree.
    pub fn tree_shapes(&self) -> Vec<(usize, usize)> {
        self.trees.iter().map(Tree::shape).collect()
    }
}

#[cfg(test)]
mod tests;
