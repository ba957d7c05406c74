//! Exploratory statistics gathered for a report from a cleaned table, with the same choices as
//! the Explore step: histograms of the numeric features, purchase rate per categorical feature,
//! the scatter of the two numeric features and the correlation matrix of the (at most 25) numeric
//! features most associated with the target; every choice takes the most associated first.
//!
//! This is the only part of the report module that computes anything; it calls
//! [`crate::engine::eda`] and owns the results so that [`EdaData::input`] can lend them to a
//! [`ReportInput`](super::ReportInput).

use super::input::EdaInput;
use crate::engine::eda::{
    associations, class_balance, correlation_top, histogram_by_class, rate_by_category, scatter,
    CategoryRate, ClassBalance, CorrelationMatrix, EdaError, HistogramByClass, ScatterData,
};
use crate::engine::table::{Kind, Table};
use crate::engine::target::binary_target;

/// Histograms drawn at most (one per numeric feature, in column order).
pub const MAX_HISTOGRAMS: usize = 4;
/// Rate-by-category charts drawn at most.
pub const MAX_CATEGORY_CHARTS: usize = 3;
/// Bins of each histogram (as in the Explore step).
pub const HISTOGRAM_BINS: usize = 20;
/// Points of the scatter at most (a seeded sample beyond that; each point is about 100 bytes
/// of SVG, and a printed page cannot show more).
pub const MAX_SCATTER_POINTS: usize = 1500;

/// Owned exploratory statistics of one table and target.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EdaData {
    pub balance: ClassBalance,
    pub histograms: Vec<HistogramByClass>,
    pub rates: Vec<(String, Vec<CategoryRate>)>,
    pub scatter: Option<ScatterData>,
    pub correlation: CorrelationMatrix,
}

impl EdaData {
    /// Computes the statistics of `table` for `target` (`positive`: the label meaning bought,
    /// or None for the guessed one).
    pub fn compute(table: &Table, target: &str, positive: Option<&str>) -> Result<Self, EdaError> {
        let t = binary_target(table, target, positive)?;
        let positive = t.labels[1].as_str();
        let features = table.columns.iter().filter(|c| c.name != t.column);
        let mut numeric: Vec<&str> =
            features.clone().filter(|c| c.kind == Kind::Numeric).map(|c| c.name.as_str()).collect();
        let mut categorical: Vec<&str> = features
            .filter(|c| matches!(c.kind, Kind::Categorical | Kind::Boolean))
            .map(|c| c.name.as_str())
            .collect();
        // Most associated with the target first (columns that are not features last).
        let ranking = associations(table, &t.column, positive)?;
        let rank =
            |name: &&str| ranking.iter().position(|a| a.column == *name).unwrap_or(usize::MAX);
        numeric.sort_by_key(rank);
        categorical.sort_by_key(rank);
        let mut histograms = Vec::new();
        for col in numeric.iter().take(MAX_HISTOGRAMS) {
            histograms.push(histogram_by_class(table, col, target, positive, HISTOGRAM_BINS)?);
        }
        let mut rates = Vec::new();
        for col in categorical.iter().take(MAX_CATEGORY_CHARTS) {
            rates.push((col.to_string(), rate_by_category(table, col, target, positive)?));
        }
        let scatter = match numeric.as_slice() {
            [x, y, ..] => Some(scatter(table, x, y, target, positive, MAX_SCATTER_POINTS, 7)?),
            _ => None,
        };
        Ok(EdaData {
            balance: class_balance(table, target, positive)?,
            histograms,
            rates,
            scatter,
            correlation: correlation_top(table, &ranking),
        })
    }

    /// The statistics as report input.
    pub fn input(&self) -> EdaInput<'_> {
        EdaInput {
            balance: &self.balance,
            histograms: &self.histograms,
            rates: &self.rates,
            scatter: self.scatter.as_ref(),
            correlation: &self.correlation,
        }
    }
}
