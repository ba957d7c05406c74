//! Retraining: the loaded data and the labelled batches scored since are stacked, cleaned with
//! the current model's log and fitted with its parameters; the candidate and the current model
//! are then compared on the newest batch.
//!
//! The comparison is honest on both sides: the current model never saw the newest batch, and
//! the candidate's scores for those rows are held-out (test split) or out-of-bag (training split)
//! — each row is scored only by trees that did not train on it.

use super::fit::{fit, Fitted, ModelOptions};
use super::monitor::{batch_metrics, info, labelled_metrics};
use crate::engine::clean;
use crate::engine::dataset::TargetSpec;
use crate::engine::evaluate::EvalConfig;
use crate::engine::model_io::{fingerprint, Model};
use crate::engine::stack::stack;
use crate::engine::table::Table;
use crate::engine::target::binary_target;
use crate::protocol::{BatchMetrics, RetrainResult};

/// Name of the loaded data in messages.
const TRAINING: &str = "the loaded data";

/// Fits a candidate on `training` + `batches` (name, table as read) like `model`.
pub fn retrain(
    model: &Model,
    training: &Table,
    batches: &[(String, Table)],
    created: String,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<RetrainResult, String> {
    let (newest, newest_table) = batches
        .last()
        .ok_or("score a labelled batch first: retraining adds labelled batches to the data")?;
    let mut parts: Vec<(&str, &Table)> = vec![(TRAINING, training)];
    parts.extend(batches.iter().map(|(n, t)| (n.as_str(), t)));
    let stacked = stack(&parts).map_err(|e| format!("cannot combine the data: {e}"))?;
    let (table, _) = clean::apply(&stacked.table, &model.cleaning).map_err(|e| e.to_string())?;
    let mut notes = Vec::new();
    if !is_training_data(model, training) {
        notes.push("the loaded data is not this model's training data (its fingerprint differs): the candidate learnt from the loaded data and the batches".to_string());
    }
    let options =
        ModelOptions { cv_folds: None, log: model.cleaning.clone(), created, training: None };
    let fitted = fit(&table, &config_of(model), options, progress)?;
    let newest_range = stacked.ranges.last().cloned().unwrap_or(0..0);
    let candidate = candidate_metrics(model, &table, &fitted, &newest_range)?;
    let scored = model.predict_table(newest_table).map_err(|e| format!("{newest}: {e}"))?;
    let cleaned = scored.cleaned.as_ref().unwrap_or(newest_table);
    let current = labelled_metrics(model, cleaned, &scored.proba)?
        .ok_or_else(|| format!("{newest} has no labelled rows after cleaning"))?;
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
        json: fitted.model.to_json().map_err(|e| e.to_string())?,
        notes,
    })
}

/// The evaluation settings the model was trained with (split share and seed from its metrics).
fn config_of(model: &Model) -> EvalConfig {
    let metric = |k: &str| model.metrics.get(k).and_then(|v| v.as_f64());
    let test_size = metric("test_size")
        .or_else(|| Some(metric("n_test")? / (metric("n_train")? + metric("n_test")?)))
        .filter(|t| *t > 0.0 && *t < 1.0)
        .unwrap_or(0.25);
    let params = model.forest.params.with_threads(Some(1));
    let split_seed = metric("random_state").map_or(params.random_state(), |s| s as u64);
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
) -> Result<BatchMetrics, String> {
    let target = binary_target(table, &model.target.column, Some(&model.target.labels[1]))
        .map_err(|e| e.to_string())?;
    let (y, p): (Vec<Option<u8>>, Vec<f64>) = table
        .row_ids
        .iter()
        .zip(target.y.iter().zip(&fitted.honest))
        .filter(|(row, _)| range.contains(row))
        .map(|(_, (y, p))| (*y, *p))
        .unzip();
    batch_metrics(&y, &p)?.ok_or_else(|| "the newest batch has no labelled rows".to_string())
}
