//! Drift monitoring: how far a new batch has moved from the data a model was trained on.
//!
//! Layout: `bins` (the one binning rule, shared with the training profiles in `model_io`) →
//! `psi` (the population stability index and its verdict) → `report` (a batch against a saved
//! model: PSI per feature and on the predicted scores). The report is plain serde data so the
//! CLI prints it as JSON and the app can draw it.
//!
//! Invariants: shares are fractions of the batch rows (each profile's shares sum to 1); the last
//! bin of every profile is "missing" (NaN, empty cells, and labels never seen in training).

mod bins;
mod psi;
mod report;

pub use bins::{
    batch_shares, bin_labels, label_counts, numeric_bin, numeric_counts, shares, BatchShares,
    LabelCounts,
};
pub use psi::{psi, Verdict, EPSILON};
pub use report::{
    drift_of_scored, drift_report, BinShare, DriftReport, FeatureDrift, PREDICTION_LABEL,
};
