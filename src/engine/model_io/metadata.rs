//! What a model file says about its training, typed: [`ModelMetrics`] (the evaluation) and
//! [`TrainingSettings`] (how the data was split and which seed), made by [`describe_fit`] — the
//! one function the CLI and the browser worker both call — and read back by field.
//!
//! Version 1 files written before these types kept `metrics` as free JSON: the CLI wrote every
//! field below, the browser a subset, and either stored `random_state` and `test_size` among the
//! metrics. Every field a writer could leave out is optional here, and [`settings_of_old`]
//! recovers the settings of such files, so they still load.

use serde::{Deserialize, Serialize};

use crate::engine::baseline::{BaselineReport, PairedComparison};
use crate::engine::evaluate::{CvResult, EvalConfig, Evaluation};
use crate::engine::forest::Tuning;
use crate::engine::ingest::ColumnRole;
use crate::engine::metrics::Confusion;

/// The evaluation stored with a model. Held-out metrics are None when the model was fitted on
/// every row (no test rows).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelMetrics {
    pub accuracy: Option<f64>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub balanced_accuracy: Option<f64>,
    pub mcc: Option<f64>,
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
    pub log_loss: Option<f64>,
    pub brier: Option<f64>,
    pub confusion_matrix: Option<Confusion>,
    /// Test accuracy of always predicting the training rows' majority class.
    pub baseline_accuracy: Option<f64>,
    /// Out-of-bag accuracy on the training rows (bootstrap only).
    pub oob_score: Option<f64>,
    pub n_train: usize,
    pub n_test: usize,
    /// Cross-validation, when it was run.
    pub cv: Option<CvSummary>,
    /// The logistic-regression baseline on the same test rows, and the forest's margin over it.
    pub baseline: Option<BaselineSummary>,
}

/// What the model file keeps of the baseline comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineSummary {
    /// The logistic regression's test accuracy and ROC AUC.
    pub accuracy: f64,
    pub roc_auc: Option<f64>,
    /// Forest − logistic regression, with a paired bootstrap 95% interval.
    pub forest_minus_baseline: PairedComparison,
}

impl BaselineSummary {
    /// The summary of a full baseline report.
    pub fn of(r: &BaselineReport) -> BaselineSummary {
        BaselineSummary {
            accuracy: r.metrics.accuracy,
            roc_auc: r.metrics.roc_auc.filter(|a| a.is_finite()),
            forest_minus_baseline: r.forest_minus_baseline.clone(),
        }
    }
}

/// Cross-validation scores kept with a model.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CvSummary {
    pub k: usize,
    pub mean_accuracy: f64,
    pub sd_accuracy: f64,
    pub mean_f1: f64,
    /// None when a fold had no AUC (one class only).
    pub mean_roc_auc: Option<f64>,
}

/// How the training data was used. The forest's own parameters are in `forest.params`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSettings {
    /// Share of rows held out for the evaluation (0: none).
    pub test_size: f64,
    /// Seed of the stratified split.
    pub split_seed: u64,
    /// Decision threshold the metrics were computed at.
    #[serde(default = "half")]
    pub threshold: f64,
    /// Columns the user excluded from the features.
    #[serde(default)]
    pub dropped: Vec<String>,
    /// How `min_samples_leaf` was chosen on out-of-bag rows (`auto`; None: given by the user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuning: Option<Tuning>,
    /// The role of each column of the training table (row numbers, ids, dates and text are never
    /// features), with the evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<ColumnRole>,
}

impl Default for TrainingSettings {
    /// The Model step's and `train`'s defaults: a quarter held out, seed 42, threshold 0.5.
    fn default() -> Self {
        TrainingSettings {
            test_size: 0.25,
            split_seed: 42,
            threshold: 0.5,
            dropped: Vec::new(),
            tuning: None,
            roles: Vec::new(),
        }
    }
}

fn half() -> f64 {
    0.5
}

/// The metrics and settings of a fit made with `cfg`: evaluated on held-out rows (`eval`), or
/// fitted on every row (`eval` None, only the out-of-bag score), with optional cross-validation.
pub fn describe_fit(
    cfg: &EvalConfig,
    eval: Option<&Evaluation>,
    n_train: usize,
    oob_score: Option<f64>,
    cv: Option<&CvResult>,
) -> (ModelMetrics, TrainingSettings) {
    // A fold without both classes has no AUC (NaN): the summary keeps what is defined.
    let cv = cv.map(|c| CvSummary {
        k: c.k,
        mean_accuracy: finite(c.mean_accuracy).unwrap_or(0.0),
        sd_accuracy: finite(c.sd_accuracy).unwrap_or(0.0),
        mean_f1: finite(c.mean_f1).unwrap_or(0.0),
        mean_roc_auc: finite(c.mean_roc_auc),
    });
    let metrics = match eval {
        Some(e) => {
            let m = &e.metrics;
            ModelMetrics {
                accuracy: finite(m.accuracy),
                precision: finite(m.precision),
                recall: finite(m.recall),
                f1: finite(m.f1),
                balanced_accuracy: finite(m.balanced_accuracy),
                mcc: finite(m.mcc),
                roc_auc: m.roc_auc.and_then(finite),
                average_precision: m.average_precision.and_then(finite),
                log_loss: m.log_loss.and_then(finite),
                brier: m.brier.and_then(finite),
                confusion_matrix: Some(m.confusion_matrix),
                baseline_accuracy: finite(e.baseline_accuracy),
                oob_score: e.oob_score.and_then(finite),
                n_train: e.n_train,
                n_test: e.n_test,
                cv,
                baseline: None,
            }
        }
        None => ModelMetrics {
            oob_score: oob_score.and_then(finite),
            n_train,
            cv,
            ..ModelMetrics::default()
        },
    };
    let settings = TrainingSettings {
        test_size: if eval.is_some() { cfg.test_size } else { 0.0 },
        split_seed: cfg.split_seed,
        threshold: cfg.threshold,
        dropped: cfg.target.drop.clone(),
        tuning: None,
        roles: Vec::new(),
    };
    (metrics, settings)
}

/// `x` when it is a finite number (a metric that is undefined is absent, never NaN in a file).
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The settings of a version 1 file written before [`TrainingSettings`] existed: its metrics
/// held `random_state` (the split's seed) and `test_size` (0 when absent: such files came from a
/// fit on every row). None when the metrics hold neither.
pub fn settings_of_old(metrics: &serde_json::Value) -> Option<TrainingSettings> {
    let seed = metrics.get("random_state").and_then(|v| v.as_u64());
    let test_size = metrics.get("test_size").and_then(|v| v.as_f64());
    if seed.is_none() && test_size.is_none() {
        return None;
    }
    let n_test = metrics.get("n_test").and_then(|v| v.as_u64()).unwrap_or(0);
    let test_size = test_size.unwrap_or(if n_test == 0 { 0.0 } else { 0.25 });
    Some(TrainingSettings {
        test_size,
        split_seed: seed.unwrap_or(42),
        threshold: 0.5,
        ..TrainingSettings::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_metrics_read_by_field() {
        // As the browser wrote them before the typed metadata.
        let browser = serde_json::json!({"accuracy": 0.9, "precision": 0.88, "recall": 0.81,
            "f1": 0.84, "roc_auc": 0.95, "oob_score": 0.89, "n_train": 300, "n_test": 100,
            "random_state": 42, "test_size": 0.25});
        let m: ModelMetrics = serde_json::from_value(browser.clone()).unwrap();
        assert_eq!((m.accuracy, m.roc_auc, m.n_test), (Some(0.9), Some(0.95), 100));
        assert_eq!(m.mcc, None);
        let s = settings_of_old(&browser).unwrap();
        assert_eq!((s.test_size, s.split_seed, s.threshold), (0.25, 42, 0.5));
        // As `train --test-size 0` wrote them: no held-out metrics at all.
        let all_rows = serde_json::json!({"n_train": 400, "n_test": 0, "oob_score": 0.87,
            "fit_seconds": 0.1, "random_state": 7});
        let m: ModelMetrics = serde_json::from_value(all_rows.clone()).unwrap();
        assert_eq!((m.accuracy, m.oob_score, m.n_train), (None, Some(0.87), 400));
        assert_eq!(settings_of_old(&all_rows).unwrap().test_size, 0.0);
        // The CLI's full metrics (labels, report text, importance, a full CV result) load too.
        let cli = serde_json::json!({"accuracy": 0.9, "labels": ["0", "1"],
            "classification_report": "…", "importance": [], "confusion_matrix": [[60, 4], [6, 30]],
            "cv": {"k": 5, "accuracy": [0.9], "f1": [0.8], "roc_auc": [0.9], "mean_accuracy": 0.9,
                   "sd_accuracy": 0.01, "mean_f1": 0.8, "mean_roc_auc": 0.9}});
        let m: ModelMetrics = serde_json::from_value(cli).unwrap();
        assert_eq!(m.confusion_matrix, Some([[60, 4], [6, 30]]));
        assert_eq!(m.cv.map(|c| c.k), Some(5));
        assert_eq!(settings_of_old(&serde_json::json!({"accuracy": 0.5})), None);
    }
}
