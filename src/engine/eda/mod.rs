//! Exploratory statistics for the Explore step: column summaries, class balance, histograms by
//! class, purchase rate per category with Wilson intervals, Pearson correlations, scatter data.
//!
//! Missing statistics are `None` (never NaN, which JSON cannot carry). Every function takes the
//! target as a column name plus the positive label and reads it through
//! [`crate::engine::target::binary_target`]; rows whose target is missing are left out of
//! by-class statistics.

mod association;
mod summary;

use serde::{Deserialize, Serialize};

use crate::engine::rng;
use crate::engine::stats::{wilson, Z95};
use crate::engine::table::{ColumnData, Table, MISSING_CODE};
use crate::engine::target::{binary_target, BinaryTarget, TargetError};
pub use association::{associations, Association, AssociationMeasure};
pub use summary::{summarize, ColumnSummary};

/// Why a statistic could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EdaError {
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error("no column \"{0}\"")]
    NoSuchColumn(String),
    #[error("column \"{0}\" is not numeric")]
    NotNumeric(String),
    #[error("column \"{0}\" has no values")]
    NoValues(String),
}

/// Counts per class and the accuracy of always predicting the majority class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassBalance {
    /// `[negative, positive]` labels.
    pub labels: [String; 2],
    /// Rows per class, same order.
    pub counts: [u64; 2],
    /// Share of the larger class (the accuracy a model must beat).
    pub majority_baseline: f64,
    /// Share of positives.
    pub positive_rate: f64,
}

/// Histogram of a numeric column, one row of counts per class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistogramByClass {
    pub column: String,
    /// `bins + 1` ascending edges.
    pub edges: Vec<f64>,
    /// `counts[class][bin]`, class 0 = negative.
    pub counts: Vec<Vec<u64>>,
    pub class_labels: [String; 2],
}

/// Purchase rate of one category with its Wilson 95% interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryRate {
    pub label: String,
    pub n: u64,
    pub positives: u64,
    pub rate: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// Pearson correlations between numeric columns (pairwise complete rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrelationMatrix {
    pub names: Vec<String>,
    pub values: Vec<Vec<Option<f64>>>,
}

/// Points for a scatter plot coloured by class (a seeded sample when there are many).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScatterData {
    pub x_name: String,
    pub y_name: String,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub class: Vec<u8>,
    pub class_labels: [String; 2],
    /// Rows with both values and a target, before sampling.
    pub total: usize,
}

fn target(table: &Table, name: &str, positive: Option<&str>) -> Result<BinaryTarget, EdaError> {
    Ok(binary_target(table, name, positive)?)
}

fn numeric<'a>(table: &'a Table, name: &str) -> Result<(&'a str, &'a [f64]), EdaError> {
    let col = table.column(name).ok_or_else(|| EdaError::NoSuchColumn(name.into()))?;
    match &col.data {
        ColumnData::Numeric(v) => Ok((&col.name, v)),
        ColumnData::Categorical { .. } => Err(EdaError::NotNumeric(col.name.clone())),
    }
}

/// Class counts and the majority baseline.
pub fn class_balance(
    table: &Table,
    target_col: &str,
    positive: &str,
) -> Result<ClassBalance, EdaError> {
    let t = target(table, target_col, Some(positive))?;
    let mut counts = [0u64; 2];
    for y in t.y.iter().flatten() {
        counts[*y as usize] += 1;
    }
    let n = (counts[0] + counts[1]).max(1) as f64;
    Ok(ClassBalance {
        labels: t.labels,
        counts,
        majority_baseline: counts[0].max(counts[1]) as f64 / n,
        positive_rate: counts[1] as f64 / n,
    })
}

/// Equal-width histogram of `column` with `bins` bins, split by class.
pub fn histogram_by_class(
    table: &Table,
    column: &str,
    target_col: &str,
    positive: &str,
    bins: usize,
) -> Result<HistogramByClass, EdaError> {
    let (name, values) = numeric(table, column)?;
    let t = target(table, target_col, Some(positive))?;
    let present = values.iter().zip(&t.y).filter_map(|(x, y)| (!x.is_nan()).then_some((*x, (*y)?)));
    let pairs: Vec<(f64, u8)> = present.collect();
    let (lo, hi) = pairs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (x, _)| (a.min(*x), b.max(*x)));
    if pairs.is_empty() {
        return Err(EdaError::NoValues(name.into()));
    }
    let bins = bins.max(1);
    let width = if hi > lo { (hi - lo) / bins as f64 } else { 1.0 };
    let edges: Vec<f64> = (0..=bins).map(|i| lo + width * i as f64).collect();
    let mut counts = vec![vec![0u64; bins]; 2];
    for (x, y) in pairs {
        let b = (((x - lo) / width) as usize).min(bins - 1);
        counts[y as usize][b] += 1;
    }
    Ok(HistogramByClass { column: name.into(), edges, counts, class_labels: t.labels })
}

/// Purchase rate per category (largest categories first; at most 30, the rest as "Other").
pub fn rate_by_category(
    table: &Table,
    column: &str,
    target_col: &str,
    positive: &str,
) -> Result<Vec<CategoryRate>, EdaError> {
    let col = table.column(column).ok_or_else(|| EdaError::NoSuchColumn(column.into()))?;
    let t = target(table, target_col, Some(positive))?;
    let mut groups: std::collections::BTreeMap<String, (u64, u64)> =
        std::collections::BTreeMap::new();
    for (r, y) in t.y.iter().enumerate() {
        let Some(y) = y else { continue };
        let label = if col.data.is_missing(r) { "(missing)".to_string() } else { col.data.text(r) };
        let e = groups.entry(label).or_default();
        e.0 += 1;
        e.1 += *y as u64;
    }
    let mut rows: Vec<(String, u64, u64)> =
        groups.into_iter().map(|(l, (n, p))| (l, n, p)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if rows.len() > 30 {
        let rest = rows.split_off(29);
        let (n, p) = rest.iter().fold((0, 0), |(n, p), r| (n + r.1, p + r.2));
        rows.push((format!("Other ({} categories)", rest.len()), n, p));
    }
    Ok(rows
        .into_iter()
        .map(|(label, n, positives)| {
            let (ci_low, ci_high) = wilson(positives, n, Z95);
            CategoryRate {
                label,
                n,
                positives,
                rate: positives as f64 / n.max(1) as f64,
                ci_low,
                ci_high,
            }
        })
        .collect())
}

/// Most columns of the correlation heatmap (a wider one cannot be read).
pub const MAX_CORRELATED: usize = 25;

/// Pearson correlation of every pair of numeric columns (ids excluded).
pub fn correlation(table: &Table) -> CorrelationMatrix {
    let names: Vec<&str> = table
        .columns
        .iter()
        .filter(|c| c.kind != crate::engine::table::Kind::Id)
        .filter(|c| matches!(c.data, ColumnData::Numeric(_)))
        .map(|c| c.name.as_str())
        .collect();
    correlation_of(table, &names)
}

/// Pearson correlation of the numeric columns most associated with the target (at most
/// [`MAX_CORRELATED`], strongest first, from `ranking`): pairs cost rows × columns², so a wide
/// file's heatmap stays readable and quick.
pub fn correlation_top(table: &Table, ranking: &[Association]) -> CorrelationMatrix {
    let names: Vec<&str> = ranking
        .iter()
        .filter(|a| a.measure == AssociationMeasure::PointBiserial)
        .take(MAX_CORRELATED)
        .map(|a| a.column.as_str())
        .collect();
    correlation_of(table, &names)
}

/// Pearson correlation of every pair of the numeric columns `names` (others are skipped).
pub fn correlation_of(table: &Table, names: &[&str]) -> CorrelationMatrix {
    let cols: Vec<(&str, &[f64])> = names
        .iter()
        .filter_map(|n| table.column(n))
        .filter_map(|c| match &c.data {
            ColumnData::Numeric(v) => Some((c.name.as_str(), v.as_slice())),
            _ => None,
        })
        .collect();
    let values =
        cols.iter().map(|(_, a)| cols.iter().map(|(_, b)| pearson(a, b)).collect()).collect();
    CorrelationMatrix { names: cols.iter().map(|(n, _)| n.to_string()).collect(), values }
}

/// Pearson's r over rows where both are present; None when undefined.
pub fn pearson(a: &[f64], b: &[f64]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter(|(x, y)| !x.is_nan() && !y.is_nan())
        .map(|(x, y)| (*x, *y))
        .collect();
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let (mx, my) = pairs.iter().fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
    let (mx, my) = (mx / n, my / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Scatter points of `x` against `y` coloured by class; at most `max_points` (seeded sample).
pub fn scatter(
    table: &Table,
    x: &str,
    y: &str,
    target_col: &str,
    positive: &str,
    max_points: usize,
    seed: u64,
) -> Result<ScatterData, EdaError> {
    let (x_name, xs) = numeric(table, x)?;
    let (y_name, ys) = numeric(table, y)?;
    let t = target(table, target_col, Some(positive))?;
    let mut rows: Vec<usize> = (0..table.n_rows())
        .filter(|&r| !xs[r].is_nan() && !ys[r].is_nan() && t.y[r].is_some())
        .collect();
    let total = rows.len();
    if rows.len() > max_points {
        rng::shuffle(&mut rng::rng(seed), &mut rows);
        rows.truncate(max_points);
        rows.sort_unstable();
    }
    Ok(ScatterData {
        x_name: x_name.into(),
        y_name: y_name.into(),
        x: rows.iter().map(|&r| xs[r]).collect(),
        y: rows.iter().map(|&r| ys[r]).collect(),
        class: rows.iter().map(|&r| t.y[r].unwrap_or(0)).collect(),
        class_labels: t.labels,
        total,
    })
}

/// Count of used, non-missing codes per level (helper for summaries).
pub(crate) fn level_counts(codes: &[u32], n_levels: usize) -> Vec<usize> {
    let mut counts = vec![0usize; n_levels];
    for &c in codes {
        if c != MISSING_CODE {
            counts[c as usize] += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests;
