//! A fit in three phases, so trees can be grown in several places (threads natively, Web Workers
//! in the browser) and still give the single-thread forest:
//!
//! 1. [`ValidForestParams::plan`] checks the rows and bins the features once ([`FitPlan`]);
//! 2. [`FitPlan::grow`] grows trees `range` of the plan (tree `t` from seed `t` of the stream),
//!    anywhere the plan was sent (see [`super::wire`] for its bytes);
//! 3. [`FitPlan::assemble`] takes every tree in index order and adds importances and the
//!    out-of-bag score.
//!
//! Besides its out-of-bag rows, every tree routes the plan's *scored* rows (held-out rows, and
//! shuffled copies for permutation importance, see [`FitPlan::score_rows`]) down to their leaves
//! while it grows: partitioning them with the node's rows costs far less than walking the
//! finished forest row by row. Their votes add up exactly in any order ([`super::votes`]), so a
//! share of trees grown elsewhere sends its votes as one array, not a list per tree.

use std::ops::Range;
use std::sync::Mutex;

use super::bin::{bin_dataset, Binned};
use super::error::FitError;
use super::grow::GrowContext;
use super::params::{ClassWeight, ValidForestParams};
use super::tree::Tree;
use super::votes::{Routed, Votes};
use super::{FeatureSpec, FitProgress, Forest};
use crate::engine::dataset::{Dataset, FeatureValues};
use crate::engine::rng::derive_seeds;

/// One grown tree with what the forest needs from its growth.
#[derive(Debug, Clone, PartialEq)]
pub struct GrownTree {
    pub tree: Tree,
    /// Impurity decrease per feature (not normalised).
    pub importance: Vec<f64>,
    /// Every out-of-bag and scored row by the leaf it reached; emptied once folded into an
    /// [`Assembly`]'s votes.
    pub routed: Routed,
}

/// Everything needed to grow any tree of a fit: binned codes, classes, training rows, seeds.
#[derive(Debug, Clone, PartialEq)]
pub struct FitPlan {
    pub(super) params: ValidForestParams,
    /// Codes of every dataset row, then of any rows added by [`FitPlan::append_rows`].
    pub(super) binned: Binned,
    /// Class (0/1) of every dataset row.
    pub(super) y: Vec<u8>,
    /// Rows (of `binned`, never training rows) routed through every tree.
    pub(super) scored: Vec<u32>,
    /// Training rows (dataset indices).
    pub(super) rows: Vec<u32>,
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
        if data.n_rows() > u32::MAX as usize {
            return Err(FitError::TooManyRows(data.n_rows()));
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
            scored: Vec::new(),
            rows: rows.iter().map(|&r| r as u32).collect(),
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

    /// Rows routed through every tree besides the out-of-bag rows.
    pub fn n_scored(&self) -> usize {
        self.scored.len()
    }

    /// Routes `rows` (of the binned codes, none of them a training row) through every tree as it
    /// grows; [`FitPlan::finish_scored`] gives their probabilities, equal bit for bit to the
    /// finished forest's prediction of them.
    pub fn score_rows(&mut self, rows: &[usize]) -> Result<(), FitError> {
        // Training rows, then scored rows as they are listed: none may come twice.
        let mut taken = vec![false; self.binned.n_rows];
        self.rows.iter().for_each(|&r| taken[r as usize] = true);
        let mut scored = Vec::with_capacity(rows.len());
        for &r in rows {
            if taken.get(r).is_none_or(|&t| t) {
                return Err(FitError::ScoredRow(r));
            }
            taken[r] = true;
            scored.push(r as u32);
        }
        self.scored = scored;
        Ok(())
    }

    /// Adds `n` rows in the plan's bins, e.g. shuffled copies of held-out rows: new row `i` has
    /// code `code(column, f, i)` for feature `f`, given the codes `column` of that feature for
    /// the rows so far. Returns the index of the first.
    pub fn append_rows(&mut self, n: usize, code: impl Fn(&[u8], usize, usize) -> u8) -> usize {
        let old = self.binned.n_rows;
        let n_features = self.binned.bins.len();
        let mut codes = Vec::with_capacity((old + n) * n_features);
        for f in 0..n_features {
            let column = self.binned.column(f);
            codes.extend_from_slice(column);
            codes.extend((0..n).map(|i| code(column, f, i)));
        }
        self.binned.codes = codes;
        self.binned.n_rows = old + n;
        old
    }

    /// Phase 2: grows trees `range` (in order) with `threads` threads natively (one in the
    /// browser) into an assembly of their own, a share to [`Assembly::append`] to the trees
    /// before it; `progress` is called between chunks of trees, with counts within `range`.
    pub fn grow_share(
        &self,
        range: Range<usize>,
        threads: Option<usize>,
        progress: &mut dyn FnMut(FitProgress) -> bool,
    ) -> Result<Assembly, FitError> {
        let mut share = self.assembly();
        self.grow_into(range, threads, progress, &mut share)?;
        Ok(share)
    }

    /// Grows trees `range` straight into `assembly` (which must have every earlier tree, or be
    /// a share starting at `range`): each tree's routed rows are folded into its votes and
    /// dropped as soon as its chunk is grown, instead of all of them living until the end
    /// (about 440 MB of out-of-bag values alone for 100 trees on 750,000 rows).
    pub fn grow_into(
        &self,
        range: Range<usize>,
        threads: Option<usize>,
        progress: &mut dyn FnMut(FitProgress) -> bool,
        assembly: &mut Assembly,
    ) -> Result<(), FitError> {
        // The votes are shared by the threads while the trees grow: each adds its tree's votes
        // as soon as it is grown (integer sums, so in any order).
        let votes = assembly.votes.take().map(Mutex::new);
        let fold = |tree: &Tree, routed: &Routed| {
            if let Some(Ok(mut v)) = votes.as_ref().map(|m| m.lock()) {
                v.add_tree(tree, routed);
            }
        };
        let grown = self.grow_with(range, threads, progress, &mut |g| assembly.push(g), &fold);
        assembly.votes = votes.map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()));
        grown
    }

    fn grow_with(
        &self,
        range: Range<usize>,
        threads: Option<usize>,
        progress: &mut dyn FnMut(FitProgress) -> bool,
        sink: &mut dyn FnMut(GrownTree),
        fold: &(dyn Fn(&Tree, &Routed) + Sync),
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
            &self.scored,
            self.class_weight,
            self.mtry,
        );
        super::grow_all(&ctx, seeds, threads, progress, sink, fold)
    }

    /// Phase 3 starts empty: trees are pushed into it in index order.
    pub fn assembly(&self) -> Assembly {
        let routes = self.params.scores_oob() || !self.scored.is_empty();
        Assembly {
            trees: Vec::with_capacity(self.seeds.len()),
            votes: routes.then(|| Votes::new(self.binned.n_rows, self.seeds.len())),
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
        self.finish_scored(data, assembly).map(|(forest, _)| forest)
    }

    /// [`FitPlan::finish`], and P(positive) of every scored row (in [`FitPlan::score_rows`]'
    /// order).
    pub fn finish_scored(
        &self,
        data: &Dataset,
        assembly: Assembly,
    ) -> Result<(Forest, Vec<f64>), FitError> {
        let Assembly { trees, votes } = assembly;
        if trees.len() != self.seeds.len() {
            return Err(FitError::TreeCount { expected: self.seeds.len(), got: trees.len() });
        }
        // In index order: the normalised importances are floating-point sums.
        let mut importances = vec![0.0; self.binned.bins.len()];
        for g in &trees {
            let sum: f64 = g.importance.iter().sum();
            if sum > 0.0 {
                importances.iter_mut().zip(&g.importance).for_each(|(a, b)| *a += b / sum);
            }
        }
        let total: f64 = importances.iter().sum();
        if total > 0.0 {
            importances.iter_mut().for_each(|x| *x /= total);
        }
        let oob_proba: Option<Vec<f64>> =
            votes.as_ref().filter(|_| self.params.scores_oob()).map(|v| {
                let mut p = vec![f64::NAN; self.y.len()];
                self.rows.iter().for_each(|&r| p[r as usize] = v.mean(r as usize));
                p
            });
        let scored = match &votes {
            Some(v) => self.scored.iter().map(|&r| v.mean(r as usize)).collect(),
            None => Vec::new(),
        };
        let oob_score = oob_proba.as_ref().and_then(|p| {
            let scored: Vec<usize> =
                self.rows.iter().map(|&r| r as usize).filter(|&r| !p[r].is_nan()).collect();
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
        let forest = Forest {
            features,
            trees: trees.into_iter().map(|g| g.tree).collect(),
            importances,
            oob_score,
            params: self.params.with_threads(None),
            n_train: self.rows.len(),
            oob_proba,
        };
        Ok((forest, scored))
    }
}

/// Trees of a forest (or of a share of it) being put together in index order, with the votes of
/// their out-of-bag and scored rows folded in as they arrive.
#[derive(Debug, Clone, PartialEq)]
pub struct Assembly {
    /// Grown trees, their routed rows already folded into `votes`.
    pub(super) trees: Vec<GrownTree>,
    /// Per row of the plan: votes of the trees that routed it (None when no tree routes rows).
    pub(super) votes: Option<Votes>,
}

impl Assembly {
    /// Adds the next tree (the one after every tree pushed so far), and the votes of the rows it
    /// routed, if it still holds them.
    pub fn push(&mut self, mut g: GrownTree) {
        if let Some(votes) = self.votes.as_mut() {
            votes.add_tree(&g.tree, &g.routed);
        }
        g.routed = Routed::default();
        self.trees.push(g);
    }

    /// Adds the trees of `next` (the share right after this one's trees) and their votes.
    pub fn append(&mut self, next: Assembly) -> Result<(), FitError> {
        match (self.votes.as_mut(), next.votes.as_ref()) {
            (Some(a), Some(b)) if a.sum.len() == b.sum.len() && a.scale == b.scale => a.add(b),
            (None, None) => {}
            _ => return Err(FitError::ShareMismatch),
        }
        self.trees.extend(next.trees);
        Ok(())
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
