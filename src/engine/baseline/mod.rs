//! An honest baseline beside the forest: regularised logistic regression on the same training
//! rows, scored on the same held-out rows with the same metrics, and by how much the forest beats
//! it (or not), with a bootstrap interval.
//!
//! Why: a forest's accuracy means little alone; a linear model with one-hot categories and
//! standardized numbers is what an analyst would try first, and on smooth customer data it is
//! hard to beat. Layout: `design` (imputation, scaling, one-hot, missing indicators, learnt on
//! the training rows), `products` (X·v, Xᵀr on the sparse design), `newton` (the exact fit:
//! truncated Newton, each step by preconditioned conjugate gradients in `cg`), `bootstrap` (the
//! paired comparison). Matches scikit-learn's `LogisticRegression(C=1.0)` behind the same
//! `ColumnTransformer` to about 1e-6 (`tests/baseline_sklearn.rs`, `tests/baseline_wide.rs`).

mod bootstrap;
mod cg;
mod design;
mod newton;
mod products;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use bootstrap::{paired_bootstrap, weighted_auc, Difference, PairedComparison, RESAMPLED_ROWS};
pub use design::{Design, Encoded};
pub use newton::sigmoid;

use crate::engine::dataset::Dataset;
use crate::engine::metrics::{predict_at, BinaryMetrics, MetricsError};

/// Settings of the baseline, validated by [`LogisticParams::check`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidLogisticParams {
    /// Inverse regularisation strength (scikit-learn's `C`).
    c: f64,
    /// Stop when the largest component of the objective's gradient, divided by the training
    /// rows, is at most this (the optimum's accuracy: not how each Newton step is solved).
    tol: f64,
    /// Newton steps at most (each solved by conjugate gradients with at most 2·(columns + 1)
    /// Hessian-vector products; see `newton`).
    max_iter: usize,
    /// Bootstrap resamples of the comparison, and their seed (also the seed of the sample of
    /// training rows beyond `max_fit_rows`).
    resamples: usize,
    seed: u64,
    /// Training rows fitted on at most (see [`FIT_ROWS`]).
    #[serde(default = "default_fit_rows")]
    max_fit_rows: usize,
}

fn default_fit_rows() -> usize {
    FIT_ROWS
}

/// Builder of [`ValidLogisticParams`]; defaults: C = 1, tol = 1e-10, 100 Newton steps, 1,000
/// resamples, seed 42, at most [`FIT_ROWS`] training rows.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticParams(ValidLogisticParams);

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams(ValidLogisticParams {
            c: 1.0,
            tol: 1e-10,
            max_iter: 100,
            resamples: 1000,
            seed: 42,
            max_fit_rows: FIT_ROWS,
        })
    }
}

/// A baseline setting out of range.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BaselineError {
    #[error("C must be a positive number, got {0}")]
    C(f64),
    #[error("tol must be a positive number, got {0}")]
    Tol(f64),
    #[error("max_iter must be at least 1")]
    MaxIter,
    #[error("the baseline must be fitted on at least 1 row")]
    MaxFitRows,
    #[error("no training rows for the logistic regression")]
    NoRows,
    #[error(transparent)]
    Metrics(#[from] MetricsError),
}

impl LogisticParams {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn c(mut self, v: f64) -> Self {
        self.0.c = v;
        self
    }
    pub fn tol(mut self, v: f64) -> Self {
        self.0.tol = v;
        self
    }
    pub fn max_iter(mut self, v: usize) -> Self {
        self.0.max_iter = v;
        self
    }
    pub fn max_fit_rows(mut self, v: usize) -> Self {
        self.0.max_fit_rows = v;
        self
    }
    pub fn resamples(mut self, v: usize) -> Self {
        self.0.resamples = v;
        self
    }
    pub fn seed(mut self, v: u64) -> Self {
        self.0.seed = v;
        self
    }

    /// Validates every rule.
    pub fn check(self) -> Result<ValidLogisticParams, BaselineError> {
        let p = self.0;
        if !(p.c > 0.0 && p.c.is_finite()) {
            return Err(BaselineError::C(p.c));
        }
        if !(p.tol > 0.0 && p.tol.is_finite()) {
            return Err(BaselineError::Tol(p.tol));
        }
        if p.max_iter == 0 {
            return Err(BaselineError::MaxIter);
        }
        if p.max_fit_rows == 0 {
            return Err(BaselineError::MaxFitRows);
        }
        Ok(p)
    }
}

/// Training rows the baseline is fitted on at most: beyond, a seeded sample of this many (in
/// file order). A linear model of a few dozen columns is settled long before (its coefficients'
/// standard errors shrink as 1/√rows), while each Newton step costs a pass over every row: on
/// ten million rows in the browser the fit on all 7.5 million training rows took 15 s.
pub const FIT_ROWS: usize = 500_000;

/// A fitted logistic regression with its preparation.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    pub design: Design,
    /// One per column of the design, in [`Design::names`] order.
    pub coef: Vec<f64>,
    pub intercept: f64,
    pub iterations: usize,
    /// (rows fitted on, training rows) when a sample was fitted (see [`FIT_ROWS`]).
    pub sampled: Option<(usize, usize)>,
}

impl ValidLogisticParams {
    /// Fits on `rows` of `data` (preparation learnt from those rows only), or on a seeded sample
    /// of `max_fit_rows` of them when there are more.
    pub fn fit(&self, data: &Dataset, rows: &[usize]) -> Result<Logistic, BaselineError> {
        if rows.is_empty() {
            return Err(BaselineError::NoRows);
        }
        let picked: Vec<usize>;
        let most = self.max_fit_rows;
        let (rows, sampled) = if rows.len() > most {
            let at = crate::engine::rng::sample_indices(rows.len(), most, self.seed);
            picked = at.into_iter().map(|i| rows[i]).collect();
            (&picked[..], Some((most, rows.len())))
        } else {
            (rows, None)
        };
        let design = Design::learn(data, rows);
        let x = design.encode(data, rows);
        let y: Vec<u8> = rows.iter().map(|&r| data.y[r]).collect();
        let s = newton::fit(&x, &y, self.c, self.tol, self.max_iter);
        let (coef, intercept, iterations) = (s.coef, s.intercept, s.iterations);
        Ok(Logistic { design, coef, intercept, iterations, sampled })
    }
}

impl Logistic {
    /// P(positive) of `rows` of `data`.
    pub fn predict_proba(&self, data: &Dataset, rows: &[usize]) -> Vec<f64> {
        let x = self.design.encode(data, rows);
        x.margins(&self.coef, self.intercept).into_iter().map(sigmoid).collect()
    }
}

/// The baseline on a split, beside the forest's held-out probabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineReport {
    /// The logistic regression's metrics on the test rows (threshold as the forest's).
    pub metrics: BinaryMetrics,
    /// Forest − logistic regression on the same rows.
    pub forest_minus_baseline: PairedComparison,
    /// (column, coefficient) in the design's order, then ("intercept", b).
    pub coefficients: Vec<(String, f64)>,
    pub iterations: usize,
    pub c: f64,
    /// (rows fitted on, training rows) when the baseline was fitted on a seeded sample.
    #[serde(default)]
    pub sampled: Option<(usize, usize)>,
}

impl BaselineReport {
    /// " It was fitted on a seeded sample of 500000 of the 7500000 training rows." when it was
    /// (empty otherwise).
    pub fn sample_note(&self) -> String {
        self.sampled
            .map(|(n, of)| {
                format!(" It was fitted on a seeded sample of {n} of the {of} training rows.")
            })
            .unwrap_or_default()
    }
}

/// Fits the baseline on `train`, scores `test`, and compares it with the forest's
/// P(positive) `forest_proba` of the same `test` rows at `threshold`.
pub fn compare_with_forest(
    params: &ValidLogisticParams,
    data: &Dataset,
    train: &[usize],
    test: &[usize],
    forest_proba: &[f64],
    threshold: f64,
) -> Result<BaselineReport, BaselineError> {
    let model = params.fit(data, train)?;
    let proba = model.predict_proba(data, test);
    let y: Vec<u8> = test.iter().map(|&r| data.y[r]).collect();
    compare(params, &model, &y, &proba, forest_proba, threshold)
}

/// [`compare_with_forest`] for a baseline fitted and scored beforehand: `proba` is its
/// P(positive) of the test rows, whose classes are `y` (so the data need not be kept until the
/// forest is grown).
pub fn compare(
    params: &ValidLogisticParams,
    model: &Logistic,
    y: &[u8],
    proba: &[f64],
    forest_proba: &[f64],
    threshold: f64,
) -> Result<BaselineReport, BaselineError> {
    let metrics = BinaryMetrics::compute(y, &predict_at(proba, threshold), Some(proba))?;
    let comparison =
        paired_bootstrap(y, forest_proba, proba, threshold, params.resamples, params.seed);
    let mut coefficients: Vec<(String, f64)> =
        model.design.names.iter().cloned().zip(model.coef.iter().copied()).collect();
    coefficients.push(("intercept".into(), model.intercept));
    Ok(BaselineReport {
        metrics,
        forest_minus_baseline: comparison,
        coefficients,
        iterations: model.iterations,
        c: params.c,
        sampled: model.sampled,
    })
}

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
