//! Monitor jobs of the worker: make a model file the current model, and score a new batch with
//! it (the model's cleaning log replayed), with metrics when the batch carries labels and its
//! drift against the training data.

use super::error::WorkerError;
use crate::engine::drift::{drift_of_scored, DriftReport, Verdict, PREDICTION_LABEL};
use crate::engine::ingest::{self, IngestOptions};
use crate::engine::metrics::{predict_at, BinaryMetrics};
use crate::engine::model_io::sql::{self, Dialect, SqlOptions};
use crate::engine::model_io::Model;
use crate::engine::segment::definitions::{self, assign, SegmentDefinitions, SegmentMix};
use crate::engine::session::{LabelledBatch, ModelStage};
use crate::engine::table::Table;
use crate::engine::target::binary_target;
use crate::protocol::{BatchMetrics, BatchResult, Event, ModelInfo, PREVIEW_ROWS};

/// What the page shows about `model`.
pub fn info(model: &Model) -> ModelInfo {
    ModelInfo {
        created: model.created.clone(),
        target: model.target.column.clone(),
        labels: model.target.labels.clone(),
        features: model.forest.features.iter().map(|f| f.name.clone()).collect(),
        n_trees: model.forest.trees.len(),
        fingerprint: model.fingerprint.clone(),
        metrics: model.metrics.clone(),
    }
}

/// Reads and validates a model file.
pub fn read_model(json: &str) -> Result<Model, WorkerError> {
    Model::from_json(json).map_err(WorkerError::ModelFile)
}

/// Scores the CSV `bytes` with the stage's model and compares it with the training data
/// (drift); a labelled batch is kept in the stage, for retraining.
pub fn score_batch(
    stage: &mut ModelStage,
    file_name: &str,
    bytes: &[u8],
) -> Result<BatchResult, WorkerError> {
    let (mut result, batch) = score(&stage.model, file_name, bytes)?;
    if result.metrics.is_some() {
        stage.batches.push(LabelledBatch { file_name: file_name.to_string(), table: batch });
    }
    result.labelled_batches = stage.batches.len();
    Ok(result)
}

/// Scores the CSV `bytes` with `model`; also returns the batch as read.
fn score(
    model: &Model,
    file_name: &str,
    bytes: &[u8],
) -> Result<(BatchResult, Table), WorkerError> {
    let file = || file_name.to_string();
    let opts = IngestOptions { file_name: Some(file()), ..Default::default() };
    let batch = ingest::ingest(bytes, &opts)
        .map_err(|source| WorkerError::Read { file: file(), source })?
        .table;
    let scored = model
        .predict_table(&batch)
        .map_err(|source| WorkerError::Score { file: file(), source })?;
    let preview = (0..scored.proba.len().min(PREVIEW_ROWS))
        .map(|i| scored.prediction_record(i, 0.5))
        .collect();
    let metrics = match &scored.cleaned {
        Some(clean) if clean.index_of(&model.target.column).is_some() => {
            labelled_metrics(model, clean, &scored.proba)?
        }
        _ => None,
    };
    let id_name = model.id_column.as_deref();
    let rows = scored.proba.len();
    let headers = scored.prediction_header(id_name);
    let predictions_csv =
        String::from_utf8_lossy(&scored.predictions_csv(id_name, 0.5)).into_owned();
    let mut warnings = scored.warnings.clone();
    let drift = match drift_of_scored(model, &batch, scored) {
        Ok(d) => Some(d),
        Err(e) => {
            warnings.push(format!("drift could not be measured: {e}"));
            None
        }
    };
    let retrain_reasons = retrain_reasons(model, metrics.as_ref(), drift.as_ref());
    let result = BatchResult {
        file_name: file_name.to_string(),
        rows,
        headers,
        preview,
        predictions_csv,
        warnings,
        metrics,
        drift,
        drift_chart: None,
        segment_mix: None,
        retrain_reasons,
        labelled_batches: 0,
    };
    Ok((result, batch))
}

/// Accuracy below the test accuracy at training by more than this is a reason to retrain.
pub const ACCURACY_DROP: f64 = 0.05;

/// Why retraining is advised after this batch (empty: it is not): major drift, or accuracy well
/// below the test accuracy at training.
fn retrain_reasons(
    model: &Model,
    metrics: Option<&BatchMetrics>,
    drift: Option<&DriftReport>,
) -> Vec<String> {
    let mut reasons = Vec::new();
    if let Some(d) = drift.filter(|d| d.retrain_recommended) {
        let features = d.features.iter().map(|f| (f.name.as_str(), f));
        let scores =
            d.prediction.iter().filter(|_| !d.training_data).map(|f| (PREDICTION_LABEL, f));
        let major: Vec<String> = features
            .chain(scores)
            .filter(|(_, f)| f.verdict == Verdict::Major)
            .map(|(name, f)| format!("{name} (PSI {:.2})", f.psi))
            .collect();
        reasons.push(format!("major drift: {}", major.join(", ")));
    }
    let trained = model.metrics.accuracy;
    if let (Some(m), Some(t)) = (metrics, trained) {
        if m.accuracy < t - ACCURACY_DROP {
            reasons.push(format!(
                "accuracy {:.3} is {:.1} points below the test accuracy at training ({t:.3})",
                m.accuracy,
                (t - m.accuracy) * 100.0
            ));
        }
    }
    reasons
}

/// Metrics on the rows whose label is present (None when no row has one).
pub fn labelled_metrics(
    model: &Model,
    clean: &Table,
    proba: &[f64],
) -> Result<Option<BatchMetrics>, WorkerError> {
    let column = || model.target.column.clone();
    let target = binary_target(clean, &model.target.column, Some(&model.target.labels[1]))
        .map_err(|source| WorkerError::BatchTarget { column: column(), source })?;
    if target.labels != model.target.labels {
        return Err(WorkerError::BatchLabels {
            column: column(),
            batch: target.labels,
            model: model.target.labels.clone(),
        });
    }
    batch_metrics(&target.y, proba)
}

/// Metrics of the rows whose label is present (None when no row has one).
pub fn batch_metrics(y: &[Option<u8>], proba: &[f64]) -> Result<Option<BatchMetrics>, WorkerError> {
    let (y, p): (Vec<u8>, Vec<f64>) =
        y.iter().zip(proba).filter_map(|(y, &p)| y.map(|y| (y, p))).unzip();
    if y.is_empty() {
        return Ok(None);
    }
    let m = BinaryMetrics::compute(&y, &predict_at(&p, 0.5), Some(&p))?;
    Ok(Some(BatchMetrics { n: m.n, accuracy: m.accuracy, f1: m.f1, roc_auc: m.roc_auc }))
}

/// `model` as one SQL query scoring `table` in `dialect`.
pub fn export_sql(model: &Model, dialect: Dialect, table: &str) -> Result<Event, WorkerError> {
    let opts = SqlOptions { dialect, table: table.trim().to_string(), keep_all_rows: true };
    let export = sql::export_sql(model, &opts)?;
    Ok(Event::Sql {
        dialect: opts.dialect.name().to_string(),
        sql: export.sql,
        notes: export.notes,
    })
}

/// The shares of the current segments in the CSV batch `bytes` against training's, tagged by
/// their definitions (deciles ranked by `model`'s probabilities).
pub fn segment_mix(
    defs: &SegmentDefinitions,
    model: &Model,
    file_name: &str,
    bytes: &[u8],
) -> Result<SegmentMix, String> {
    let opts = IngestOptions { file_name: Some(file_name.to_string()), ..Default::default() };
    let batch = ingest::ingest(bytes, &opts).map_err(|e| e.to_string())?.table;
    let proba = match defs.needs_model() {
        true => {
            defs.check_model(model).map_err(|e| e.to_string())?;
            Some(model.predict_table(&batch).map_err(|e| e.to_string())?.proba)
        }
        false => None,
    };
    let assignment = assign(defs, &batch, proba.as_deref()).map_err(|e| e.to_string())?;
    definitions::segment_mix(defs, &assignment).map_err(|e| e.to_string())
}
