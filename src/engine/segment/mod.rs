//! Micro-segmentation with honest small-sample statistics.
//!
//! A segmenter assigns every row to a segment ([`Segmentation`]); [`segment_stats`] then gives
//! each segment its n, buyers, raw rate, Wilson 95% interval, empirical-Bayes shrunk rate, lift
//! and shrunk lift against the overall rate, share of all buyers, and a `small_n` flag.
//! Segmenters: [`grid_segments`] (quantile bins of 1–3 columns), [`kmeans_segments`]
//! (k-means++ with silhouette choice of k), [`rule_segments`] (leaves of a shallow tree as
//! readable rules) and [`gains`] (propensity deciles of a model). All are seeded.
//! [`discover`] searches for overlapping segments and tests them on held-out rows.

mod deciles;
pub mod definitions;
pub mod discover;
mod grid;
mod kmeans;
mod method;
mod prior;
mod rules;
mod run;
mod stats;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use deciles::{decile_segments, gains, GainsRow, GainsTable};
pub use grid::{grid_fit, grid_segments};
pub use kmeans::{kmeans_fit, kmeans_segments, ClusterProfile, KMeansInfo};
pub use method::{
    DecileParams, GridParams, KMeansParams, RulesParams, ValidDecileParams, ValidGridParams,
    ValidKMeansParams, ValidRulesParams,
};
pub use prior::{fit_prior, PriorFit};
pub use rules::{rule_fit, rule_segments};
pub use run::{run, SegmentMethod, SegmentRun, SegmentSpec};
pub use stats::{segment_stats, SegmentStats, SegmentTable};

/// Rows assigned to labelled segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segmentation {
    /// Segment of each row (index into `labels`).
    pub assignment: Vec<usize>,
    /// Readable label of each segment.
    pub labels: Vec<String>,
}

/// Why segments could not be made.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SegmentError {
    #[error("no column \"{name}\"; the columns are: {available}")]
    NoSuchColumn { name: String, available: String },
    #[error("a grid uses 1 to 3 columns, got {0}")]
    GridColumns(usize),
    #[error("bins must be between 2 and 20, got {0}")]
    Bins(usize),
    #[error("k must be between 2 and 30, got {0}")]
    K(usize),
    #[error("max_depth must be between 1 and 6, got {0}")]
    Depth(usize),
    #[error("min_support must be at least 1")]
    MinSupport,
    #[error("explicit grid edges of \"{column}\" must be finite numbers")]
    Edges { column: String },
    #[error("n_init must be between 1 and 50, got {0}")]
    NInit(usize),
    #[error("max_iter must be between 1 and 1000, got {0}")]
    MaxIter(usize),
    #[error("groups must be between 2 and 100, got {0}")]
    Groups(usize),
    #[error("this method ranks customers by a model's probability: train a model first")]
    NeedsModel,
    #[error(transparent)]
    Discover(#[from] discover::DiscoverError),
    #[error(transparent)]
    Target(#[from] crate::engine::target::TargetError),
    #[error(transparent)]
    Dataset(#[from] crate::engine::dataset::DatasetError),
    #[error("no usable feature columns (numeric or categorical) for this segmenter")]
    NoFeatures,
    #[error("{0} rows are too few to segment")]
    TooFewRows(usize),
    #[error("the assignment has {assignment} rows but the target has {target}")]
    Length { assignment: usize, target: usize },
    #[error(transparent)]
    Fit(#[from] crate::engine::forest::FitError),
}

/// Compact numbers for labels: 43k, 1.2M, 27, 2.5.
pub fn short(x: f64) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{}M", trim(x / 1e6, 1))
    } else if a >= 1e4 {
        format!("{}k", trim(x / 1e3, 0))
    } else if a >= 1e3 {
        format!("{}k", trim(x / 1e3, 1))
    } else if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        trim(x, 2)
    }
}

/// Tells repeated labels apart: the second "x" becomes "x (2)", the third "x (3)" (skipping a
/// suffix that is already a label), so every label names one segment.
pub(crate) fn distinct_labels(labels: &mut [String]) {
    let mut seen: std::collections::HashSet<String> = labels.iter().cloned().collect();
    if seen.len() == labels.len() {
        return;
    }
    let mut first = std::collections::HashSet::new();
    for label in labels.iter_mut() {
        if first.insert(label.clone()) {
            continue;
        }
        let mut k = 2;
        while seen.contains(&format!("{label} ({k})")) {
            k += 1;
        }
        *label = format!("{label} ({k})");
        seen.insert(label.clone());
    }
}

fn trim(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests;
