//! Fitting a model the one way micronum does it — stratified split, `min_samples_leaf` tuned on
//! out-of-bag rows when asked (`auto`), forest, held-out evaluation, the logistic-regression
//! baseline on the same split, optional cross-validation, honest scores, the model file with its
//! typed metadata — for the CLI, the browser worker and retraining alike.
//!
//! In two halves, [`prepare`] (split, bins, tuning) and [`finish`], so the browser can grow the
//! trees in between in several workers; [`fit`] does all of it in one call.

use crate::engine::baseline::{compare_with_forest, BaselineReport, LogisticParams};
use crate::engine::clean::CleaningLog;
use crate::engine::evaluate::{
    cross_validate, honest_scores, plan_split, CvResult, EvalConfig, EvalError, Evaluation,
    PlannedSplit, Progress,
};
use crate::engine::forest::{Assembly, FitProgress, TuneSettings, Tuning};
use crate::engine::ingest::{effective_roles, ColumnRole, Role, RoleReason};
use crate::engine::model_io::{describe_fit, BaselineSummary, Model, TrainingData};
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
    /// How `min_samples_leaf` was chosen (None: the user gave it).
    pub tuning: Option<Tuning>,
    /// The logistic-regression baseline on the same rows (None when not asked for).
    pub baseline: Option<BaselineReport>,
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
    /// Fit the logistic-regression baseline on the same split.
    pub baseline: bool,
}

/// A split ready for its trees: the plan (binned training rows) and, with `auto`, the tuning
/// that chose its `min_samples_leaf`.
#[derive(Debug)]
pub struct Planned {
    pub split: PlannedSplit,
    pub tuning: Option<Tuning>,
}

/// Splits `table`, fits on the training part, evaluates on the rest, and assembles the model.
pub fn fit(
    table: &Table,
    cfg: &EvalConfig,
    tune: Option<&TuneSettings>,
    options: TrainOptions,
    progress: Progress,
) -> Result<Fitted, EvalError> {
    let planned = prepare(table, cfg, tune, progress)?;
    let assembly = grow(&planned.split, cfg.params.threads(), progress)?;
    finish(&planned, assembly, table, cfg, options, progress)
}

/// The split and the forest's plan (binned training rows), tuned when `tune` is given, before
/// any tree is grown.
pub fn prepare(
    table: &Table,
    cfg: &EvalConfig,
    tune: Option<&TuneSettings>,
    progress: Progress,
) -> Result<Planned, EvalError> {
    let mut split = plan_split(table, cfg, progress)?;
    let tuning = match tune {
        Some(settings) => Some(split.tune(settings, cfg.params.threads(), progress)?),
        None => None,
    };
    Ok(Planned { split, tuning })
}

/// Every tree of the plan, grown here on `threads` threads natively (every core when None), in
/// this worker in the browser.
pub fn grow(
    planned: &PlannedSplit,
    threads: Option<usize>,
    progress: Progress,
) -> Result<Assembly, EvalError> {
    let plan = &planned.plan;
    let mut report = |p: FitProgress| progress(p.phase, p.done, p.total);
    let mut assembly = plan.assembly();
    plan.grow_into(0..plan.n_trees(), threads, &mut report, &mut assembly)?;
    Ok(assembly)
}

/// The model from the plan's trees (every one, assembled in index order): held-out evaluation,
/// the baseline, cross-validation when asked (with the tuned setting), honest scores and the
/// model file.
pub fn finish(
    planned: &Planned,
    assembly: Assembly,
    table: &Table,
    cfg: &EvalConfig,
    options: TrainOptions,
    progress: Progress,
) -> Result<Fitted, EvalError> {
    let TrainOptions { cv_folds, log, created, training, baseline } = options;
    let split = &planned.split;
    let (forest, eval) = split.evaluate(assembly, cfg, progress)?;
    let baseline = match baseline {
        true => {
            progress("baseline", 0, 1);
            let params = LogisticParams::new().seed(cfg.split_seed).check()?;
            let (data, train, test) = (&split.data, &split.train, &split.test);
            let report =
                compare_with_forest(&params, data, train, test, &eval.proba_test, cfg.threshold)?;
            progress("baseline", 1, 1);
            Some(report)
        }
        false => None,
    };
    let tuned = planned
        .tuning
        .as_ref()
        .map(|t| EvalConfig { params: cfg.params.with_candidate(&t.chosen), ..cfg.clone() });
    let cv_cfg = tuned.as_ref().unwrap_or(cfg);
    let cv = match cv_folds {
        Some(k) => Some(cross_validate(table, cv_cfg, k, progress)?),
        None => None,
    };
    let data = &split.data;
    let mut described = describe_fit(cfg, Some(&eval), eval.n_train, eval.oob_score, cv.as_ref());
    described.0.baseline = baseline.as_ref().map(BaselineSummary::of);
    described.1.tuning = planned.tuning.clone();
    described.1.roles = roles_of(table, cfg);
    let honest = honest_scores(table, &forest, &eval.test_row_ids, &eval.proba_test);
    let training = training.unwrap_or_else(|| TrainingData::describe(data, table));
    let model =
        Model::from_parts(forest, training, log, described, created).with_score_profile(&honest);
    // A model its own file could not hold is an error now, not when it is saved or read back.
    model.check_writable()?;
    let tuning = planned.tuning.clone();
    Ok(Fitted { model, eval, cv, honest, features: data.feature_names(), tuning, baseline })
}

/// The role of every column of the training table, as the fit used them.
pub fn roles_of(table: &Table, cfg: &EvalConfig) -> Vec<ColumnRole> {
    let spec = &cfg.target;
    let mut roles = effective_roles(table, Some(&spec.target), &[], &spec.drop);
    if let Some(features) = &spec.features {
        // An explicit feature list: exactly those are features, whatever was inferred.
        for r in roles.iter_mut().filter(|r| r.column != spec.target) {
            let listed = features.iter().any(|f| f.eq_ignore_ascii_case(&r.column));
            if listed != (r.role == Role::Feature) {
                r.role = if listed { Role::Feature } else { Role::Ignore };
                r.reason = RoleReason::User;
                r.evidence = "chosen by the user".into();
            }
        }
    }
    roles
}
