//! Fitting a model the way the Model step does — stratified split, forest, held-out evaluation,
//! optional cross-validation — shared by training and retraining. In two halves, [`prepare`] and
//! [`finish`], so the browser can grow the trees in between in several workers.

use crate::engine::clean::CleaningLog;
use crate::engine::evaluate::{
    cross_validate, honest_scores, plan_split, CvResult, EvalConfig, Evaluation, PlannedSplit,
};
use crate::engine::forest::{Assembly, FitProgress};
use crate::engine::model_io::{Model, TrainingData};
use crate::engine::table::Table;

/// A fitted model and what its evaluation found.
pub struct Fitted {
    pub model: Model,
    pub eval: Evaluation,
    pub cv: Option<CvResult>,
    /// Honest P(positive) per row of the table: held-out or out-of-bag.
    pub honest: Vec<f64>,
    pub features: Vec<String>,
}

/// What the model gets beyond its forest.
pub struct ModelOptions {
    /// Folds of cross-validation to run after the held-out evaluation (None: none).
    pub cv_folds: Option<usize>,
    /// The cleaning that made the table.
    pub log: CleaningLog,
    /// Creation time (ISO 8601).
    pub created: String,
    /// The training data's description, when it was made while the trees grew (None: made here).
    pub training: Option<TrainingData>,
}

/// Splits `table`, fits on the training part, evaluates on the rest, and assembles the model.
pub fn fit(
    table: &Table,
    cfg: &EvalConfig,
    options: ModelOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Fitted, String> {
    let planned = prepare(table, cfg, progress)?;
    let assembly = grow(&planned, cfg, progress)?;
    finish(&planned, assembly, table, cfg, options, progress)
}

/// The split and the forest's plan (binned training rows), before any tree is grown.
pub fn prepare(
    table: &Table,
    cfg: &EvalConfig,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<PlannedSplit, String> {
    plan_split(table, cfg, &mut reporting(progress)).map_err(|e| e.to_string())
}

/// Every tree of the plan, grown here (threads natively, this worker in the browser).
pub fn grow(
    planned: &PlannedSplit,
    cfg: &EvalConfig,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Assembly, String> {
    let plan = &planned.plan;
    let mut report = |p: FitProgress| {
        progress(p.phase, p.done as u64, p.total as u64);
        true
    };
    let mut assembly = plan.assembly();
    plan.grow_into(0..plan.n_trees(), cfg.params.threads(), &mut report, &mut assembly)
        .map_err(|e| e.to_string())?;
    Ok(assembly)
}

/// The model from the plan's trees (every one, assembled in index order): held-out evaluation,
/// cross-validation when asked, honest scores and the model file.
pub fn finish(
    planned: &PlannedSplit,
    assembly: Assembly,
    table: &Table,
    cfg: &EvalConfig,
    options: ModelOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Fitted, String> {
    let ModelOptions { cv_folds, log, created, training } = options;
    let mut report = reporting(progress);
    let (forest, eval) = planned.evaluate(assembly, cfg, &mut report).map_err(|e| e.to_string())?;
    let cv = match cv_folds {
        Some(k) => Some(cross_validate(table, cfg, k, &mut report).map_err(|e| e.to_string())?),
        None => None,
    };
    let data = &planned.data;
    let metrics = serde_json::json!({
        "accuracy": eval.metrics.accuracy, "precision": eval.metrics.precision, "recall": eval.metrics.recall,
        "f1": eval.metrics.f1, "roc_auc": eval.metrics.roc_auc, "oob_score": eval.oob_score,
        "n_train": eval.n_train, "n_test": eval.n_test, "random_state": cfg.split_seed,
        "test_size": cfg.test_size,
    });
    let honest = honest_scores(table, &forest, &eval.test_row_ids, &eval.proba_test);
    let training = training.unwrap_or_else(|| TrainingData::describe(data, table));
    let model =
        Model::from_parts(forest, training, log, metrics, created).with_score_profile(&honest);
    Ok(Fitted { model, eval, cv, honest, features: data.feature_names() })
}

/// The engine's progress callback (never cancels: the page stops a job by stopping the worker).
fn reporting<'a>(
    progress: &'a mut dyn FnMut(&str, u64, u64),
) -> impl FnMut(&str, usize, usize) -> bool + 'a {
    move |phase: &str, done: usize, total: usize| {
        progress(phase, done as u64, total as u64);
        true
    }
}
