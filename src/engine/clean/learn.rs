//! Learning a step's values from the data: fill values for imputation, bounds for clipping.
//!
//! Suggestions learn them once; a step the user edited (another strategy or outlier method) is
//! marked `relearn` and learns them again when applied. The applied step, with its values, is
//! what the log keeps, so replaying it on a new batch uses the training values.

use super::apply::level_counts;
use super::{CleaningStep, ImputeStrategy, OutlierMethod};
use crate::engine::stats::{mean, quantile_sorted, sd, sorted_present};
use crate::engine::table::{format_number, Column, ColumnData, Table};

/// Tukey fence multiplier for "far out" values, and the z-score limit.
pub const FAR_OUT_K: f64 = 3.0;

/// The fill value of `col` for `strategy` (None for Constant: the user's value stands).
pub fn impute_value(col: &Column, strategy: ImputeStrategy) -> Option<String> {
    match (&col.data, strategy) {
        (_, ImputeStrategy::Constant) => None,
        (ColumnData::Numeric(v), ImputeStrategy::Median) => {
            Some(format_number(quantile_sorted(&sorted_present(v), 0.5)))
        }
        (ColumnData::Numeric(v), ImputeStrategy::Mean) => Some(format_number(mean(v))),
        (ColumnData::Numeric(v), ImputeStrategy::Mode) => {
            let s = sorted_present(v);
            let mut best = (f64::NAN, 0usize);
            let mut i = 0;
            while i < s.len() {
                let j = s[i..].iter().take_while(|x| **x == s[i]).count();
                if j > best.1 {
                    best = (s[i], j);
                }
                i += j;
            }
            Some(format_number(best.0))
        }
        (ColumnData::Categorical { .. }, _) => {
            let counts = level_counts(&col.data);
            counts.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(l, _)| l.clone())
        }
    }
}

/// Clip bounds of `values` for `method` (None for Manual or when undefined).
pub fn outlier_bounds(values: &[f64], method: OutlierMethod) -> Option<(f64, f64)> {
    let s = sorted_present(values);
    if s.len() < 2 {
        return None;
    }
    match method {
        OutlierMethod::Iqr => {
            Some(tukey_fences(quantile_sorted(&s, 0.25), quantile_sorted(&s, 0.75)))
        }
        OutlierMethod::ZScore => {
            let (m, d) = (mean(values), sd(values));
            d.is_finite().then_some(finite_bounds(m - FAR_OUT_K * d, m + FAR_OUT_K * d))
        }
        OutlierMethod::Manual => None,
    }
}

/// The far-out Tukey fences of quartiles `q1` and `q3`, as finite bounds.
pub fn tukey_fences(q1: f64, q3: f64) -> (f64, f64) {
    let iqr = q3 - q1;
    finite_bounds(q1 - FAR_OUT_K * iqr, q3 + FAR_OUT_K * iqr)
}

/// Bounds that overflowed (values near ±1.8e308) as the largest finite numbers: clipping to
/// them changes no value, as the infinite bounds would not, and the log can be saved as JSON,
/// which has no infinity.
fn finite_bounds(lo: f64, hi: f64) -> (f64, f64) {
    (lo.clamp(-f64::MAX, f64::MAX), hi.clamp(-f64::MAX, f64::MAX))
}

/// `step` with its values learnt from `t` when it is marked `relearn`.
pub fn resolve(t: &Table, step: &CleaningStep) -> CleaningStep {
    match step {
        CleaningStep::Impute { column, strategy, value, relearn: true } => {
            let learnt = t.column(column).and_then(|c| impute_value(c, *strategy));
            CleaningStep::Impute {
                column: column.clone(),
                strategy: *strategy,
                value: learnt.unwrap_or_else(|| value.clone()),
                relearn: false,
            }
        }
        CleaningStep::ClipOutliers { column, method, lo, hi, relearn: true } => {
            let bounds = t.column(column).and_then(|c| match &c.data {
                ColumnData::Numeric(v) => outlier_bounds(v, *method),
                ColumnData::Categorical { .. } => None,
            });
            let (lo, hi) = bounds.unwrap_or((*lo, *hi));
            CleaningStep::ClipOutliers {
                column: column.clone(),
                method: *method,
                lo,
                hi,
                relearn: false,
            }
        }
        other => other.clone(),
    }
}
