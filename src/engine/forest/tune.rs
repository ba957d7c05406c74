//! `min_samples_leaf = auto` (and optionally `max_features`): each candidate setting grows a
//! small forest from the plan's bins — the same binned data, training rows and tree seeds as the
//! final forest — and is scored on its out-of-bag rows; the best one is then used for the
//! forest.
//!
//! Why: fully grown trees (scikit-learn's `min_samples_leaf = 1`) overfit noisy customer data,
//! and the leaf size that does best depends on the data and on its size.
//!
//! Criterion: the out-of-bag Brier score of the *whole* forest, estimated from few trees without
//! bias. A row's out-of-bag votes v₁…v_k are independent draws of a tree's vote for it, so with
//! their mean m and sample variance s², (m − y)² − s²/k estimates (μ − y)², the squared error
//! of the mean vote μ of infinitely many trees (E[(m − y)²] = (μ − y)² + σ²/k). Without this
//! correction a few high-variance trees (small leaves) look worse than they are in a forest of
//! a hundred; the raw out-of-bag log loss is worse still (one tree's 0/1 votes make it infinite).
//! Accuracy and log loss of the small forests are reported beside it.
//!
//! Determinism: every candidate grows trees `0..trees` of the plan's seed stream, votes are added
//! as fixed-point integers ([`super::votes`]), and ties keep the larger leaf: the choice is the
//! same for any thread count, natively and in the browser.

use crate::engine::math::ln;
use serde::{Deserialize, Serialize};

use super::error::FitError;
use super::grow::GrowContext;
use super::params::{MaxFeatures, ValidForestParams};
use super::plan::{FitPlan, GrownTree};
use super::votes::Scale;
use super::FitProgress;
use crate::engine::rng::derive_seeds;

/// How to tune: trees per candidate and the candidates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TuneSettings {
    /// Trees grown for each candidate (at least 2: the criterion needs two votes per row).
    pub trees: usize,
    /// Leaf sizes tried (None: [`leaf_grid`] of the training rows).
    pub leaves: Option<Vec<usize>>,
    /// `max_features` values tried for each leaf size (empty: the plan's only).
    pub max_features: Vec<MaxFeatures>,
}

impl Default for TuneSettings {
    fn default() -> Self {
        TuneSettings { trees: TUNE_TREES, leaves: None, max_features: Vec::new() }
    }
}

/// Trees per candidate by default: the candidates together cost about one 100-tree forest.
pub const TUNE_TREES: usize = 16;

/// One setting tried.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub min_samples_leaf: usize,
    pub max_features: MaxFeatures,
}

/// A candidate's out-of-bag scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateScore {
    pub candidate: Candidate,
    /// Trees grown.
    pub trees: usize,
    /// Training rows out of bag in at least two trees (the rows scored).
    pub oob_rows: usize,
    /// Estimated out-of-bag Brier score of a forest of many trees (the criterion; lower is
    /// better).
    pub brier: f64,
    /// Out-of-bag accuracy of these trees' mean vote (threshold 0.5).
    pub accuracy: f64,
    /// Out-of-bag log loss of these trees' mean vote (probabilities clipped to [1e-15, 1 − 1e-15]).
    pub log_loss: f64,
}

/// The outcome of tuning: the chosen setting and every candidate's scores, in the order tried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tuning {
    pub chosen: Candidate,
    pub scores: Vec<CandidateScore>,
}

/// Leaf sizes worth trying for `n` training rows: 1, then about doubling, up to a leaf of about
/// n/40 rows (at least 1, 2, 5 and 10 for a few hundred rows).
pub fn leaf_grid(n: usize) -> Vec<usize> {
    const STEPS: [usize; 12] = [1, 3, 5, 10, 20, 35, 60, 100, 170, 300, 500, 850];
    let top = (n / 40).max(10);
    STEPS.iter().copied().filter(|&l| l <= top).collect()
}

/// The candidates of `settings` for a plan of `n` training rows whose `max_features` is `base`.
pub fn candidates(settings: &TuneSettings, n: usize, base: MaxFeatures) -> Vec<Candidate> {
    let leaves = settings.leaves.clone().unwrap_or_else(|| leaf_grid(n));
    let features =
        if settings.max_features.is_empty() { vec![base] } else { settings.max_features.clone() };
    leaves
        .iter()
        .flat_map(|&min_samples_leaf| {
            features.iter().map(move |&max_features| Candidate { min_samples_leaf, max_features })
        })
        .collect()
}

impl ValidForestParams {
    /// These parameters with a candidate's leaf size and `max_features`.
    pub fn with_candidate(&self, c: &Candidate) -> ValidForestParams {
        ValidForestParams {
            min_samples_leaf: c.min_samples_leaf.max(1),
            max_features: c.max_features,
            ..self.clone()
        }
    }

    /// The candidate these parameters are.
    pub fn candidate(&self) -> Candidate {
        Candidate { min_samples_leaf: self.min_samples_leaf, max_features: self.max_features }
    }
}

impl FitPlan {
    /// Tries every candidate of `settings` on the plan's bins and training rows; `progress` is
    /// called between chunks of trees (phase "tuning", trees grown over all candidates).
    pub fn tune(
        &self,
        settings: &TuneSettings,
        threads: Option<usize>,
        progress: &mut dyn FnMut(FitProgress) -> bool,
    ) -> Result<Tuning, FitError> {
        if !self.params.bootstrap {
            return Err(FitError::TuneWithoutBootstrap);
        }
        if settings.trees < 2 {
            return Err(FitError::TuneTrees(settings.trees));
        }
        let list = candidates(settings, self.rows.len(), self.params.max_features);
        let seeds = derive_seeds(self.params.random_state, settings.trees);
        let total = list.len() * seeds.len();
        let mut scores = Vec::with_capacity(list.len());
        for (k, c) in list.iter().enumerate() {
            let params = self.params.with_candidate(c).to_builder().oob_score(true).check();
            let params = params.map_err(|_| FitError::TuneTrees(settings.trees))?;
            let mtry = c.max_features.resolve(self.binned.bins.len());
            let ctx = GrowContext::new(
                &params,
                &self.binned,
                &self.y,
                &self.rows,
                &[],
                self.class_weight,
                mtry,
            );
            let mut sums = OobSums::new(self.binned.n_rows, seeds.len());
            let done = k * seeds.len();
            let mut report = |p: FitProgress| {
                progress(FitProgress { phase: "tuning", done: done + p.done, total })
            };
            super::grow_all(&ctx, &seeds, threads, &mut report, &mut |g| sums.add(&g))?;
            scores.push(sums.score(*c, seeds.len(), &self.rows, &self.y));
        }
        let best = scores
            .iter()
            .enumerate()
            .min_by(|(i, a), (j, b)| {
                // Lower Brier; among equals the larger leaf (simpler trees), then the later one.
                a.brier.total_cmp(&b.brier).then(
                    b.candidate.min_samples_leaf.cmp(&a.candidate.min_samples_leaf).then(j.cmp(i)),
                )
            })
            .map(|(_, s)| s.candidate)
            .ok_or(FitError::TuneTrees(0))?;
        Ok(Tuning { chosen: best, scores })
    }

    /// Grows the plan's forest with `params`' leaf size and `max_features` instead (what
    /// [`FitPlan::tune`] chose).
    pub fn set_candidate(&mut self, c: &Candidate) {
        self.params = self.params.with_candidate(c);
        self.mtry = c.max_features.resolve(self.binned.bins.len());
    }
}

/// Per row: sum and sum of squares of its out-of-bag votes (fixed point) and their count.
struct OobSums {
    scale: Scale,
    sum: Vec<u64>,
    squares: Vec<u64>,
    count: Vec<u32>,
}

impl OobSums {
    fn new(rows: usize, trees: usize) -> OobSums {
        OobSums {
            scale: Scale::for_trees(trees),
            sum: vec![0; rows],
            squares: vec![0; rows],
            count: vec![0; rows],
        }
    }

    /// Adds one tree's out-of-bag votes. Not inlined: one call per tree (see `Votes::add_tree`).
    #[inline(never)]
    fn add(&mut self, g: &GrownTree) {
        for &(r, v) in &g.routed {
            let r = r as usize;
            self.sum[r] += self.scale.fixed(v);
            self.squares[r] += self.scale.fixed(v * v);
            self.count[r] += 1;
        }
    }

    fn score(
        &self,
        candidate: Candidate,
        trees: usize,
        rows: &[usize],
        y: &[u8],
    ) -> CandidateScore {
        let (mut brier, mut correct, mut loss, mut n, mut voted) =
            (0.0, 0usize, 0.0, 0usize, 0usize);
        for &r in rows {
            let k = self.count[r];
            if k == 0 {
                continue;
            }
            let m = self.scale.mean(self.sum[r], k);
            let target = y[r] as f64;
            voted += 1;
            correct += ((m > 0.5) as u8 == y[r]) as usize;
            let p = m.clamp(1e-15, 1.0 - 1e-15);
            loss -= if y[r] == 1 { ln(p) } else { ln(1.0 - p) };
            if k >= 2 {
                let kf = k as f64;
                let mean_square = self.scale.mean(self.squares[r], k);
                let variance = (mean_square - m * m).max(0.0) * kf / (kf - 1.0);
                brier += (m - target).powi(2) - variance / kf;
                n += 1;
            }
        }
        let per = |x: f64, n: usize| if n == 0 { f64::NAN } else { x / n as f64 };
        CandidateScore {
            candidate,
            trees,
            oob_rows: n,
            brier: per(brier, n),
            accuracy: per(correct as f64, voted),
            log_loss: per(loss, voted),
        }
    }
}

#[cfg(test)]
mod tests;
