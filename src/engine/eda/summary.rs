//! Per-column summary: n, missing, mean, sd, min, quartiles, max, distinct, top values.

use serde::{Deserialize, Serialize};

use super::level_counts;
use crate::engine::stats::{mean, quantile_sorted, sd, sorted_present};
use crate::engine::table::{ColumnData, Kind, Table};

/// One row of the summary table. Numeric statistics are None for text columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSummary {
    pub name: String,
    pub kind: Kind,
    /// Non-missing values.
    pub n: usize,
    pub missing: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub min: Option<f64>,
    pub q1: Option<f64>,
    pub median: Option<f64>,
    pub q3: Option<f64>,
    pub max: Option<f64>,
    pub distinct: usize,
    /// Most frequent values with counts (at most 5).
    pub top: Vec<(String, usize)>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Summaries of every column.
pub fn summarize(table: &Table) -> Vec<ColumnSummary> {
    table
        .columns
        .iter()
        .map(|c| {
            let missing = c.data.missing_count();
            let n = c.data.len() - missing;
            match &c.data {
                ColumnData::Numeric(v) => {
                    let s = sorted_present(v);
                    let mut distinct = s.clone();
                    distinct.dedup();
                    let mut top: Vec<(String, usize)> = Vec::new();
                    if c.kind == Kind::Boolean || distinct.len() <= 10 {
                        for d in &distinct {
                            top.push((
                                crate::engine::table::format_number(*d),
                                s.iter().filter(|x| *x == d).count(),
                            ));
                        }
                        top.sort_by_key(|t| std::cmp::Reverse(t.1));
                        top.truncate(5);
                    }
                    ColumnSummary {
                        name: c.name.clone(),
                        kind: c.kind,
                        n,
                        missing,
                        mean: finite(mean(v)),
                        sd: finite(sd(v)),
                        min: s.first().copied(),
                        q1: finite(quantile_sorted(&s, 0.25)),
                        median: finite(quantile_sorted(&s, 0.5)),
                        q3: finite(quantile_sorted(&s, 0.75)),
                        max: s.last().copied(),
                        distinct: distinct.len(),
                        top,
                    }
                }
                ColumnData::Categorical { codes, levels } => {
                    let counts = level_counts(codes, levels.len());
                    let mut top: Vec<(String, usize)> = levels
                        .iter()
                        .cloned()
                        .zip(counts.iter().copied())
                        .filter(|(_, k)| *k > 0)
                        .collect();
                    let distinct = top.len();
                    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    top.truncate(5);
                    ColumnSummary {
                        name: c.name.clone(),
                        kind: c.kind,
                        n,
                        missing,
                        mean: None,
                        sd: None,
                        min: None,
                        q1: None,
                        median: None,
                        q3: None,
                        max: None,
                        distinct,
                        top,
                    }
                }
            }
        })
        .collect()
}
