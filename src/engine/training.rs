//! Fitting a model the one way micronum does it — stratified split, `min_samples_leaf` tuned on
//! out-of-bag rows when asked (`auto`), forest, held-out evaluation, the logistic-regression
//! baseline on the same split, optional cross-validation, honest scores, the model file with its
//! typed metadata — for the CLI, the browser worker and retraining alike.
//!
//! In two halves, [`prepare`] (split, bins, tuning) and [`finish`], so the browser can grow the
//! trees in between in several workers; [`fit`] does all of it in one call, and [`fit_owned`]
//! (see `owned`) the same for a caller that gives its table up, holding less memory.

use crate::engine::baseline::{
    compare, BaselineReport, Logistic, LogisticParams, ValidLogisticParams,
};
use crate::engine::clean::CleaningLog;
use crate::engine::evaluate::{
    cross_validate, honest_scores_of, plan_split, CvResult, EvalConfig, EvalError, Evaluation,
    PlannedSplit, Progress,
};
use crate::engine::forest::{Assembly, FitProgress, Forest, TuneSettings, Tuning};
use crate::engine::ingest::{effective_roles, ColumnRole, Role, RoleReason};
use crate::engine::model_io::{describe_fit, BaselineSummary, Model, TrainingData};
use crate::engine::table::Table;

mod owned;
pub use owned::fit_owned;

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
        true => Some(fit_baseline(split, cfg, progress)?),
        false => None,
    };
    let cv = cross_validation(planned, table, cfg, cv_folds, progress)?;
    let beside = Beside {
        training: training.unwrap_or_else(|| TrainingData::describe(&split.data, table)),
        roles: roles_of(table, cfg),
        cv,
        baseline,
    };
    assemble(planned, forest, eval, beside, cfg, (log, created), progress)
}

/// What the model takes from the table and the feature cells besides the trees: made after the
/// trees by [`finish`], before them by [`fit_owned`] (which lets go of the cells in between).
struct Beside {
    training: TrainingData,
    roles: Vec<ColumnRole>,
    cv: Option<CvResult>,
    baseline: Option<ScoredBaseline>,
}

/// The logistic-regression baseline fitted on the training rows, with its P(positive) of the
/// held-out rows and their classes (what [`compare`] needs once the forest has scored them).
struct ScoredBaseline {
    params: ValidLogisticParams,
    model: Logistic,
    y: Vec<u8>,
    proba: Vec<f64>,
}

/// The baseline on the split's training rows, scoring its held-out rows (phase "baseline").
fn fit_baseline(
    split: &PlannedSplit,
    cfg: &EvalConfig,
    progress: Progress,
) -> Result<ScoredBaseline, EvalError> {
    progress("baseline", 0, 1);
    let params = LogisticParams::new().seed(cfg.split_seed).check()?;
    let (data, train, test) = (&split.data, &split.train, &split.test);
    let model = params.fit(data, train)?;
    let proba = model.predict_proba(data, test);
    let y = test.iter().map(|&r| data.y[r]).collect();
    progress("baseline", 1, 1);
    Ok(ScoredBaseline { params, model, y, proba })
}

/// Cross-validation of `k` folds when asked, with the tuned setting when there is one.
fn cross_validation(
    planned: &Planned,
    table: &Table,
    cfg: &EvalConfig,
    k: Option<usize>,
    progress: Progress,
) -> Result<Option<CvResult>, EvalError> {
    let Some(k) = k else { return Ok(None) };
    let tuned = planned
        .tuning
        .as_ref()
        .map(|t| EvalConfig { params: cfg.params.with_candidate(&t.chosen), ..cfg.clone() });
    Ok(Some(cross_validate(table, tuned.as_ref().unwrap_or(cfg), k, progress)?))
}

/// The model and its evaluation from the forest, its held-out evaluation and what was taken
/// beside the trees; reads no feature cell.
fn assemble(
    planned: &Planned,
    forest: Forest,
    eval: Evaluation,
    beside: Beside,
    cfg: &EvalConfig,
    (log, created): (CleaningLog, String),
    progress: Progress,
) -> Result<Fitted, EvalError> {
    let Beside { training, roles, cv, baseline } = beside;
    let baseline = match baseline {
        Some(b) => {
            progress("baseline", 0, 1);
            let c = compare(&b.params, &b.model, &b.y, &b.proba, &eval.proba_test, cfg.threshold)?;
            progress("baseline", 1, 1);
            Some(c)
        }
        None => None,
    };
    let data = &planned.split.data;
    let mut described = describe_fit(cfg, Some(&eval), eval.n_train, eval.oob_score, cv.as_ref());
    described.0.baseline = baseline.as_ref().map(BaselineSummary::of);
    described.1.tuning = planned.tuning.clone();
    described.1.roles = roles;
    // The dataset's record indices are the table's: every row has a target.
    let honest = honest_scores_of(&data.row_ids, &forest, &eval.test_row_ids, &eval.proba_test);
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
