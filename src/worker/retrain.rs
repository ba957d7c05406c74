//! Retraining: the loaded data and the labelled batches scored since are stacked, cleaned with
//! the current model's log and fitted with its parameters; the candidate and the current model
//! are then compared on the newest batch.
//!
//! The comparison is honest on both sides: the current model never saw the newest batch, and
//! the candidate's scores for those rows are held-out (test split) or out-of-bag (training split)
//! — each row is scored only by trees that did not train on it.

use super::error::WorkerError;
use super::monitor::{batch_metrics, info, labelled_metrics};
use super::progress::Reporter;
use crate::engine::clean;
use crate::engine::dataset::TargetSpec;
use crate::engine::evaluate::EvalConfig;
use crate::engine::model_io::{fingerprint, Model};
use crate::engine::session::ModelStage;
use crate::engine::stack::stack;
use crate::engine::table::Table;
use crate::engine::target::binary_target;
use crate::engine::training::{fit, Fitted, TrainOptions};
use crate::protocol::{BatchMetrics, RetrainResult};

/// Name of the loaded data in messages.
const TRAINING: &str = "the loaded data";

/// Fits a candidate on `training` + the stage's labelled batches like the stage's model.
pub fn retrain(
    stage: &ModelStage,
    training: &Table,
    created: String,
    progress: &mut Reporter,
) -> Result<RetrainResult, WorkerError> {
    let model = &stage.model;
    let newest_batch = stage.batches.last().ok_or(WorkerError::NoBatches)?;
    let (newest, newest_table) = (&newest_batch.file_name, &newest_batch.table);
    let mut parts: Vec<(&str, &Table)> = vec![(TRAINING, training)];
    parts.extend(stage.batches.iter().map(|b| (b.file_name.as_str(), &b.table)));
    let stacked = stack(&parts)?;
    let (table, _) = clean::apply(&stacked.table, &model.cleaning)
        .map_err(|e| WorkerError::Session(e.into()))?;
    let mut notes = Vec::new();
    if !is_training_data(model, training) {
        notes.push("the loaded data is not this model's training data (its fingerprint differs): the candidate learnt from the loaded data and the batches".to_string());
    }
    let options = TrainOptions { log: model.cleaning.clone(), created, ..TrainOptions::default() };
    // The current model's parameters as fitted (a tuned leaf size stays what was chosen).
    let fitted = fit(&table, &config_of(model), None, options, &mut progress.engine())?;
    let newest_range = stacked.ranges.last().cloned().unwrap_or(0..0);
    let candidate = candidate_metrics(model, &table, &fitted, &newest_range, newest)?;
    let scored = model
        .predict_table(newest_table)
        .map_err(|source| WorkerError::Score { file: newest.clone(), source })?;
    let cleaned = scored.cleaned.as_ref().unwrap_or(newest_table);
    let current = labelled_metrics(model, cleaned, &scored.proba)?
        .ok_or_else(|| WorkerError::NoLabelledRows { file: newest.clone() })?;
    notes.push(format!(
        "the candidate's scores on {newest} are out-of-bag or held-out: every row is scored only by trees that did not learn from it"
    ));
    Ok(RetrainResult {
        parts: parts.iter().map(|(n, t)| (n.to_string(), t.n_rows())).collect(),
        rows: table.n_rows(),
        newest: newest.clone(),
        current,
        candidate,
        model: info(&fitted.model),
        json: fitted.model.to_json().map_err(WorkerError::Unwritable)?,
        notes,
    })
}

/// The evaluation settings the model was trained with (its recorded split share and seed; for
/// a file that never recorded them, the share its test rows had and the forest's seed). A model
/// fitted on every row is retrained with a quarter held out, so the candidate gets an honest
/// evaluation too.
fn config_of(model: &Model) -> EvalConfig {
    let m = &model.metrics;
    let recorded = model.settings.as_ref();
    let test_size = recorded
        .map(|s| s.test_size)
        .or_else(|| (m.n_test > 0).then(|| m.n_test as f64 / (m.n_train + m.n_test) as f64))
        .filter(|t| *t > 0.0 && *t < 1.0)
        .unwrap_or(0.25);
    let params = model.forest.params.with_threads(Some(1));
    let split_seed = recorded.map_or(params.random_state(), |s| s.split_seed);
    EvalConfig {
        target: TargetSpec {
            target: model.target.column.clone(),
            positive: Some(model.target.labels[1].clone()),
            drop: Vec::new(),
            features: Some(model.forest.features.iter().map(|f| f.name.clone()).collect()),
        },
        params,
        test_size,
        split_seed,
        threshold: 0.5,
        permutation_repeats: 0,
    }
}

/// Whether `training`, cleaned with the model's log, is the table the model was fitted on.
fn is_training_data(model: &Model, training: &Table) -> bool {
    clean::apply(training, &model.cleaning)
        .map(|(t, _)| fingerprint(&t) == model.fingerprint)
        .unwrap_or(false)
}

/// The candidate's metrics on the rows of `table` stacked from `range`.
fn candidate_metrics(
    model: &Model,
    table: &Table,
    fitted: &Fitted,
    range: &std::ops::Range<usize>,
    newest: &str,
) -> Result<BatchMetrics, WorkerError> {
    let target =
        binary_target(table, &model.target.column, Some(&model.target.labels[1])).map_err(
            |source| WorkerError::BatchTarget { column: model.target.column.clone(), source },
        )?;
    let (y, p): (Vec<Option<u8>>, Vec<f64>) = table
        .row_ids
        .iter()
        .zip(target.y.iter().zip(&fitted.honest))
        .filter(|(row, _)| range.contains(row))
        .map(|(_, (y, p))| (*y, *p))
        .unzip();
    batch_metrics(&y, &p)?.ok_or_else(|| WorkerError::NoLabelledRows { file: newest.to_string() })
}
