//! Every feature column ranked by its association with the binary target, so a user with 200
//! columns knows where to look (the Explore step's ranked list, the heatmap's columns).
//!
//! Numbers: the point-biserial correlation r (Pearson's r between the value and the 0/1
//! target) over rows where both are present, with the Fisher z interval
//! tanh(atanh r ± 1.96/√(n − 3)). Labels: Cramér's V of the label × target table (missing is a
//! label of its own). V is biased upward by chance — k random labels give V ≈ √((k − 1)/n) — so
//! the value shown and ranked is the chance-corrected V = √(max(0, χ² − df)/n) (the moment
//! estimate of the noncentrality λ = E[χ²] − df; with a two-class target min(k, 2) − 1 = 1),
//! and its 95% interval is approximate: λ's bounds solve χ² = df + λ ∓ 1.96·√(2(df + 2λ)) (the
//! normal approximation of the noncentral χ²), then √(λ/n). The raw V is kept for reference.
//! Strength (the ranking key) is |r| or the corrected V, both on a correlation's 0..1 scale.
//! Only columns whose role is feature are ranked; cost is one pass per column, O(rows × columns).

use serde::{Deserialize, Serialize};

use super::{pearson, target, EdaError};
use crate::engine::ingest::{effective_roles, Role};
use crate::engine::stats::Z95;
use crate::engine::table::{ColumnData, Table, MISSING_CODE};

/// How a column's association was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssociationMeasure {
    /// Point-biserial r of a numeric column.
    PointBiserial,
    /// Chance-corrected Cramér's V of a label column.
    CramersV,
}

/// One column's association with the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Association {
    pub column: String,
    pub measure: AssociationMeasure,
    /// r (−1..1) or the chance-corrected V (0..1); None when undefined (a constant column,
    /// fewer than 4 rows).
    pub value: Option<f64>,
    /// Approximate 95% interval of `value`.
    pub interval: Option<(f64, f64)>,
    /// Classic (uncorrected) Cramér's V, for labels.
    pub raw_v: Option<f64>,
    /// Rows used (with a target, and a value for numbers).
    pub n: u64,
    /// Distinct labels (with missing as one), for labels.
    pub levels: Option<usize>,
}

impl Association {
    /// The ranking key: |r| or V; 0 when undefined.
    pub fn strength(&self) -> f64 {
        self.value.map_or(0.0, f64::abs)
    }
}

/// The feature columns of `table` with their association with `target_col` (positive label
/// `positive`), strongest first (ties: file order).
pub fn associations(
    table: &Table,
    target_col: &str,
    positive: &str,
) -> Result<Vec<Association>, EdaError> {
    let t = target(table, target_col, Some(positive))?;
    let roles = effective_roles(table, Some(&t.column), &[], &[]);
    let mut out: Vec<Association> = table
        .columns
        .iter()
        .zip(&roles)
        .filter(|(_, r)| r.role == Role::Feature)
        .map(|(c, _)| match &c.data {
            ColumnData::Numeric(x) => point_biserial(&c.name, x, &t.y),
            ColumnData::Categorical { codes, levels } => cramers_v(&c.name, codes, levels, &t.y),
        })
        .collect();
    out.sort_by(|a, b| b.strength().total_cmp(&a.strength()));
    Ok(out)
}

/// Point-biserial r of `x` with `y` and its Fisher z interval.
fn point_biserial(name: &str, x: &[f64], y: &[Option<u8>]) -> Association {
    let (xs, ys): (Vec<f64>, Vec<f64>) = x
        .iter()
        .zip(y)
        .filter_map(|(x, y)| (!x.is_nan()).then_some((*x, f64::from((*y)?))))
        .unzip();
    let n = xs.len();
    let value = if n >= 4 { pearson(&xs, &ys) } else { None };
    Association {
        column: name.into(),
        measure: AssociationMeasure::PointBiserial,
        value,
        interval: value.map(|r| fisher_interval(r, n)),
        raw_v: None,
        n: n as u64,
        levels: None,
    }
}

/// tanh(atanh r ± z95/√(n − 3)); needs n ≥ 4.
pub(crate) fn fisher_interval(r: f64, n: usize) -> (f64, f64) {
    let z = r.clamp(-0.999_999_999, 0.999_999_999).atanh();
    let half = Z95 / ((n as f64) - 3.0).sqrt();
    ((z - half).tanh(), (z + half).tanh())
}

/// Chance-corrected Cramér's V of the label × target table, its interval and the raw V.
fn cramers_v(name: &str, codes: &[u32], levels: &[String], y: &[Option<u8>]) -> Association {
    // Counts per label (the last slot is missing) and class.
    let mut counts = vec![[0u64; 2]; levels.len() + 1];
    for (&c, y) in codes.iter().zip(y) {
        if let Some(y) = y {
            let slot =
                if c == MISSING_CODE { levels.len() } else { (c as usize).min(levels.len()) };
            counts[slot][*y as usize] += 1;
        }
    }
    counts.retain(|c| c[0] + c[1] > 0);
    let n: u64 = counts.iter().map(|c| c[0] + c[1]).sum();
    let k = counts.len();
    let chi2 = chi_square(&counts);
    let defined = chi2.filter(|_| k >= 2 && n >= 4);
    let nf = n as f64;
    let df = k.saturating_sub(1) as f64;
    Association {
        column: name.into(),
        measure: AssociationMeasure::CramersV,
        value: defined.map(|x| ((x - df).max(0.0) / nf).sqrt()),
        interval: defined.map(|x| {
            let (lo, hi) = noncentrality_bounds(x, df);
            ((lo / nf).sqrt().min(1.0), (hi / nf).sqrt().min(1.0))
        }),
        raw_v: defined.map(|x| (x / nf).sqrt().min(1.0)),
        n,
        levels: Some(k),
    }
}

/// Pearson's χ² of a k × 2 table of counts (no continuity correction); None when a class is
/// empty (the table has no second dimension).
fn chi_square(counts: &[[u64; 2]]) -> Option<f64> {
    let class = counts.iter().fold([0u64; 2], |a, c| [a[0] + c[0], a[1] + c[1]]);
    let n = (class[0] + class[1]) as f64;
    if class[0] == 0 || class[1] == 0 {
        return None;
    }
    let mut chi2 = 0.0;
    for c in counts {
        let row = (c[0] + c[1]) as f64;
        for j in 0..2 {
            let expected = row * class[j] as f64 / n;
            chi2 += (c[j] as f64 - expected).powi(2) / expected;
        }
    }
    Some(chi2)
}

/// Approximate 95% bounds of the noncentrality λ of a χ² with `df` degrees of freedom observed at
/// `chi2`: the λ ≥ 0 where df + λ ∓ z·√(2(df + 2λ)) = chi2 (normal approximation; 0 when even
/// λ = 0 lies beyond the bound).
fn noncentrality_bounds(chi2: f64, df: f64) -> (f64, f64) {
    // λ − d = ±z·√(2df + 4λ) with d = chi2 − df: λ² − (2d + 4z²)λ + d² − 2z²df = 0.
    let (d, z2) = (chi2 - df, Z95 * Z95);
    let b = 2.0 * d + 4.0 * z2;
    let c = d * d - 2.0 * z2 * df;
    let root = (b * b - 4.0 * c).max(0.0).sqrt();
    // The upper bound is the larger root (λ > d); the lower bound the smaller root when it is
    // below d (λ < d), else 0.
    let hi = ((b + root) / 2.0).max(0.0);
    let lo = (b - root) / 2.0;
    let lo = if lo < d && lo > 0.0 && d > 0.0 { lo } else { 0.0 };
    (lo, hi)
}

#[cfg(test)]
mod tests;
