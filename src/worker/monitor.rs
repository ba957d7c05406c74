//! Monitor jobs of the worker: make a model file the current model, and score a new batch with
//! it (the model's cleaning log replayed), with metrics when the batch carries labels.

use crate::engine::ingest::{self, IngestOptions};
use crate::engine::metrics::{predict_at, BinaryMetrics};
use crate::engine::model_io::Model;
use crate::engine::target::binary_target;
use crate::protocol::{BatchMetrics, BatchResult, ModelInfo, PREVIEW_ROWS};

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
pub fn read_model(json: &str) -> Result<Model, String> {
    Model::from_json(json).map_err(|e| format!("model file: {e}"))
}

/// Scores the CSV `bytes` with `model`.
pub fn score_batch(model: &Model, file_name: &str, bytes: &[u8]) -> Result<BatchResult, String> {
    let opts = IngestOptions { file_name: Some(file_name.to_string()), ..Default::default() };
    let batch = ingest::ingest(bytes, &opts).map_err(|e| format!("{file_name}: {e}"))?.table;
    let scored = model.predict_table(&batch).map_err(|e| format!("{file_name}: {e}"))?;
    let id_name = model.id_column.as_deref();
    let preview = (0..scored.proba.len().min(PREVIEW_ROWS))
        .map(|i| scored.prediction_record(i, 0.5))
        .collect();
    let metrics = match &scored.cleaned {
        Some(clean) if clean.index_of(&model.target.column).is_some() => {
            labelled_metrics(model, clean, &scored.proba)?
        }
        _ => None,
    };
    Ok(BatchResult {
        file_name: file_name.to_string(),
        rows: scored.proba.len(),
        headers: scored.prediction_header(id_name),
        preview,
        predictions_csv: String::from_utf8_lossy(&scored.predictions_csv(id_name, 0.5))
            .into_owned(),
        warnings: scored.warnings.clone(),
        metrics,
    })
}

/// Metrics on the rows whose label is present (None when no row has one).
fn labelled_metrics(
    model: &Model,
    clean: &crate::engine::table::Table,
    proba: &[f64],
) -> Result<Option<BatchMetrics>, String> {
    let target = binary_target(clean, &model.target.column, Some(&model.target.labels[1]))
        .map_err(|e| format!("the batch's {} column: {e}", model.target.column))?;
    if target.labels != model.target.labels {
        return Err(format!(
            "the batch's {} labels are {:?}, the model's {:?}",
            model.target.column, target.labels, model.target.labels
        ));
    }
    let (y, p): (Vec<u8>, Vec<f64>) =
        target.y.iter().zip(proba).filter_map(|(y, &p)| y.map(|y| (y, p))).unzip();
    if y.is_empty() {
        return Ok(None);
    }
    let m =
        BinaryMetrics::compute(&y, &predict_at(&p, 0.5), Some(&p)).map_err(|e| e.to_string())?;
    Ok(Some(BatchMetrics { n: m.n, accuracy: m.accuracy, f1: m.f1, roc_auc: m.roc_auc }))
}
