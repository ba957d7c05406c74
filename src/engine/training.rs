//! Fitting a model the one way micronum does it — stratified split, forest, held-out
//! evaluation, optional cross-validation, honest scores, the model file with its typed
//! metadata — for the CLI, the browser worker and retraining alike.
//!
//! In two halves, [`prepare`] and [`finish`], so the browser can grow the trees in between in
//! several workers; [`fit`] does all of it in one call.

use crate::engine::clean::CleaningLog;
use crate::engine::evaluate::{
    cross_validate, honest_scores, plan_split, CvResult, EvalConfig, EvalError, Evaluation,
    PlannedSplit, Progress,
};
use crate::engine::forest::{Assembly, FitProgress};
use crate::engine::model_io::{describe_fit, Model, TrainingData};
use crate::engine::table::Table;

/// A fitted model and what its evaluation found.
#[derive(Debug)]
pub struct Fitted {
    pub model: Model,
    pub eval: Evaluation,
    pub cv: Option<CvResult>,
    /// Honest P(positive) per row of the table: held-out or out-of-bag.
    pub honest: Vec<f64>,
    pub features: Vec<String>,
}

/// What the model gets beyond its forest.
#[derive(Debug, Clone, Default)]
pub struct TrainOptions {
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
    options: TrainOptions,
    progress: Progress,
) -> Result<Fitted, EvalError> {
    let planned = prepare(table, cfg, progress)?;
    let assembly = grow(&planned, cfg, progress)?;
    finish(&planned, assembly, table, cfg, options, progress)
}

/// The split and the forest's plan (binned training rows), before any tree is grown.
pub fn prepare(
    table: &Table,
    cfg: &EvalConfig,
    progress: Progress,
) -> Result<PlannedSplit, EvalError> {
    plan_split(table, cfg, progress)
}

/// Every tree of the plan, grown here (threads natively, this worker in the browser).
pub fn grow(
    planned: &PlannedSplit,
    cfg: &EvalConfig,
    progress: Progress,
) -> Result<Assembly, EvalError> {
    let plan = &planned.plan;
    let mut report = |p: FitProgress| progress(p.phase, p.done, p.total);
    let mut assembly = plan.assembly();
    plan.grow_into(0..plan.n_trees(), cfg.params.threads(), &mut report, &mut assembly)?;
    Ok(assembly)
}

/// The model from the plan's trees (every one, assembled in index order): held-out evaluation,
/// cross-validation when asked, honest scores and the model file.
pub fn finish(
    planned: &PlannedSplit,
    assembly: Assembly,
    table: &Table,
    cfg: &EvalConfig,
    options: TrainOptions,
    progress: Progress,
) -> Result<Fitted, EvalError> {
    let TrainOptions { cv_folds, log, created, training } = options;
    let (forest, eval) = planned.evaluate(assembly, cfg, progress)?;
    let cv = match cv_folds {
        Some(k) => Some(cross_validate(table, cfg, k, progress)?),
        None => None,
    };
    let data = &planned.data;
    let described = describe_fit(cfg, Some(&eval), eval.n_train, eval.oob_score, cv.as_ref());
    let honest = honest_scores(table, &forest, &eval.test_row_ids, &eval.proba_test);
    let training = training.unwrap_or_else(|| TrainingData::describe(data, table));
    let model =
        Model::from_parts(forest, training, log, described, created).with_score_profile(&honest);
    // A model its own file could not hold is an error now, not when it is saved or read back.
    model.check_writable()?;
    Ok(Fitted { model, eval, cv, honest, features: data.feature_names() })
}
