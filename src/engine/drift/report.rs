//! A batch against a saved model: the model's cleaning log is replayed (as for scoring), every
//! feature is binned with its training profile, and the scores with the model's score profile.
//!
//! The report is plain data: per feature the PSI, its verdict and the expected/actual share of
//! every bin (for a bar chart), the PSI of the predicted scores when the model stores their
//! training distribution, the worst verdict overall, and whether retraining is advised.
//!
//! The score profile holds out-of-bag and held-out scores. Scores of the training rows
//! themselves are in-sample, so more extreme: when the batch *is* the training data (same
//! fingerprint), the score PSI is reported but left out of the verdict.

use serde::{Deserialize, Serialize};

use super::bins::{batch_shares, BatchShares};
use super::psi::{psi, Verdict};
use crate::engine::model_io::{fingerprint, FeatureProfile, Model, ModelIoError, Scored};
use crate::engine::table::{ColumnData, Table};

/// One bin of a profile: its training share and its share in the batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BinShare {
    pub bin: String,
    pub expected: f64,
    pub actual: f64,
}

/// Drift of one feature (or of the predicted scores).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureDrift {
    pub name: String,
    pub psi: f64,
    pub verdict: Verdict,
    pub bins: Vec<BinShare>,
    /// Rows whose label was not seen in training (counted in the "missing" bin).
    pub unseen_rows: usize,
    /// Those labels (at most 10).
    pub unseen_labels: Vec<String>,
}

/// Drift of a batch against the training data of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftReport {
    /// Rows of the batch after the model's cleaning log.
    pub rows: usize,
    pub features: Vec<FeatureDrift>,
    /// PSI of the predicted scores; `None` for models saved without a score profile.
    pub prediction: Option<FeatureDrift>,
    /// The batch is the training data (same fingerprint after cleaning): its scores are
    /// in-sample, so the prediction's PSI does not count in `verdict`.
    pub training_data: bool,
    /// The worst verdict of the features and (unless `training_data`) the prediction.
    pub verdict: Verdict,
    /// True when any drift is major.
    pub retrain_recommended: bool,
    /// What scoring noticed (unseen categories, missing values).
    pub warnings: Vec<String>,
}

/// How the drift of the predicted scores is named beside the features, in tables and messages.
pub const PREDICTION_LABEL: &str = "predicted scores";

/// Most unseen labels listed per feature.
const MAX_UNSEEN_LISTED: usize = 10;

/// Cleans and scores `batch` with `model`, then compares it with the training profiles.
pub fn drift_report(model: &Model, batch: &Table) -> Result<DriftReport, ModelIoError> {
    drift_of_scored(model, batch, model.predict_table(batch)?)
}

/// Like [`drift_report`] for a batch already scored with `model` (`scored` from
/// [`Model::predict_table`] of `batch`), so scoring is not done twice.
pub fn drift_of_scored(
    model: &Model,
    batch: &Table,
    scored: Scored,
) -> Result<DriftReport, ModelIoError> {
    let cleaned = scored.cleaned.as_ref().unwrap_or(batch);
    let rows = scored.proba.len();
    if rows == 0 {
        return Err(ModelIoError::NoRows);
    }
    let features = model
        .profiles
        .iter()
        .map(|p| {
            let col = cleaned
                .column(&p.name)
                .ok_or_else(|| ModelIoError::MissingColumn(p.name.clone()))?;
            feature_drift(p, &col.data)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let prediction = model
        .score_profile
        .as_ref()
        .map(|p| feature_drift(p, &ColumnData::numbers(scored.proba.clone())))
        .transpose()?;
    let training_data = fingerprint(cleaned) == model.fingerprint;
    let verdict = features
        .iter()
        .chain(prediction.iter().filter(|_| !training_data))
        .map(|f| f.verdict)
        .max()
        .unwrap_or(Verdict::Stable);
    let mut warnings = scored.warnings;
    if training_data {
        warnings.push("this batch is the training data: its scores are in-sample, so their drift is shown but not judged".into());
    }
    Ok(DriftReport {
        rows,
        features,
        prediction,
        training_data,
        verdict,
        retrain_recommended: verdict == Verdict::Major,
        warnings,
    })
}

/// Bins `data` with `profile` and compares the shares.
fn feature_drift(
    profile: &FeatureProfile,
    data: &ColumnData,
) -> Result<FeatureDrift, ModelIoError> {
    let BatchShares { shares: actual, unseen_rows, mut unseen_labels } =
        batch_shares(profile, data)?;
    unseen_labels.truncate(MAX_UNSEEN_LISTED);
    let value = psi(&profile.shares, &actual);
    let bins = profile
        .bins
        .iter()
        .zip(&profile.shares)
        .zip(&actual)
        .map(|((bin, &expected), &actual)| BinShare { bin: bin.clone(), expected, actual })
        .collect();
    Ok(FeatureDrift {
        name: profile.name.clone(),
        psi: value,
        verdict: Verdict::of(value),
        bins,
        unseen_rows,
        unseen_labels,
    })
}

#[cfg(test)]
mod tests;
