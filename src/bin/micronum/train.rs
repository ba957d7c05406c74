//! `micronum train FILE --target COL`: clean (unless `--no-clean`), split, fit, evaluate on the
//! held-out rows, print the classification report, and write the model, metrics and
//! predictions for pipelines. `report` trains through the same [`prepare`] and [`fit_split`],
//! with the defaults of [`defaults`]. Columns whose role is not "feature" (row numbers, ids,
//! constants, dates, free text; `--role` overrides) are never features; `--min-samples-leaf`
//! defaults to `auto` (chosen by out-of-bag score, see [`crate::tuning`]).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use micronum::engine::baseline::{
    compare, BaselineReport, Logistic, LogisticParams, ValidLogisticParams,
};
use micronum::engine::clean::{apply, suggest_for, CleaningLog, StepReport};
use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::evaluate::{
    cross_validate, honest_scores, honest_scores_of, plan_split, EvalConfig, Evaluation,
    PlannedSplit,
};
use micronum::engine::forest::{
    ClassWeight, Criterion, FitProgress, Forest, ForestParams, MaxFeatures, TuneSettings, Tuning,
    ValidForestParams,
};
use micronum::engine::ingest::IngestReport;
use micronum::engine::model_io::{describe_fit, Model, TrainingData};
use micronum::engine::table::Table;
use serde_json::json;

use crate::common::{now_iso, read_table, write_file, write_model};
use crate::roles;
use crate::tuning::{baseline_json, print_baseline, print_tuning, tuning_json, Leaf};

/// Arguments of `train` (scikit-learn's parameter names).
#[derive(clap::Args)]
pub struct Args {
    /// The labelled CSV file.
    pub file: PathBuf,
    /// Target column (the purchase flag).
    #[arg(long)]
    pub target: String,
    /// Label that means "bought" (default: 1/yes/true/y, else the second label in sorted order).
    #[arg(long)]
    pub positive: Option<String>,
    /// Columns never used as features, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub drop: Vec<String>,
    /// A column's role over the inferred one, as NAME=feature|id|ignore (comma-separated or
    /// repeated): `rownames=feature` uses row numbers as a feature.
    #[arg(long = "role", value_delimiter = ',')]
    pub roles: Vec<String>,
    #[arg(long, default_value_t = 100)]
    pub n_estimators: usize,
    #[arg(long)]
    pub max_depth: Option<usize>,
    /// A number (scikit-learn's meaning), or auto: chosen by out-of-bag score among leaf sizes
    /// scaled to the rows (small forests grown from the same binned data).
    #[arg(long, default_value = "auto")]
    pub min_samples_leaf: Leaf,
    /// Trees grown per candidate setting by --min-samples-leaf auto.
    #[arg(long, default_value_t = micronum::engine::forest::TUNE_TREES)]
    pub tune_trees: usize,
    #[arg(long, default_value_t = 2)]
    pub min_samples_split: usize,
    /// sqrt, log2, all, a count or a fraction.
    #[arg(long, default_value = "sqrt")]
    pub max_features: String,
    /// gini or entropy.
    #[arg(long, default_value = "gini")]
    pub criterion: String,
    /// none or balanced.
    #[arg(long, default_value = "none")]
    pub class_weight: String,
    /// Share of rows held out for testing (stratified); 0 fits on every row (OOB score only).
    #[arg(long, default_value_t = 0.25)]
    pub test_size: f64,
    /// Also run stratified K-fold cross-validation.
    #[arg(long)]
    pub cv: Option<usize>,
    #[arg(long, default_value_t = 42)]
    pub random_state: u64,
    /// Threads used to grow trees (results do not depend on it).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Skip the out-of-bag score (scikit-learn's default `oob_score=False`): a little faster.
    #[arg(long)]
    pub no_oob: bool,
    /// Train on the data as read, without the suggested cleaning log.
    #[arg(long)]
    pub no_clean: bool,
    /// Write the model (JSON) here.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write the metrics (JSON) here.
    #[arg(long)]
    pub metrics: Option<PathBuf>,
    /// Write the test rows' predictions (CSV: row,y_true,y_pred,proba) here.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
}

/// Forest parameters from the command line, validated.
pub fn params(a: &Args) -> anyhow::Result<ValidForestParams> {
    // With auto, 1 until the tuning chooses.
    let leaf = match a.min_samples_leaf {
        Leaf::Auto => 1,
        Leaf::Fixed(n) => n,
    };
    Ok(ForestParams::new()
        .n_estimators(a.n_estimators)
        .max_depth(a.max_depth)
        .min_samples_leaf(leaf)
        .min_samples_split(a.min_samples_split)
        .max_features(a.max_features.parse::<MaxFeatures>()?)
        .criterion(a.criterion.parse::<Criterion>()?)
        .class_weight(a.class_weight.parse::<ClassWeight>()?)
        .random_state(a.random_state)
        .oob_score(!a.no_oob)
        .n_threads(a.threads)
        .check()?)
}

/// `train`'s arguments with every default, as if the command line were
/// `micronum train FILE --target TARGET` (clap fills the defaults, so they cannot drift apart).
pub fn defaults(file: &Path, target: &str) -> anyhow::Result<Args> {
    #[derive(clap::Parser)]
    struct Only {
        #[command(flatten)]
        args: Args,
    }
    let argv: [OsString; 4] =
        ["train".into(), format!("--target={target}").into(), "--".into(), file.into()];
    Ok(<Only as clap::Parser>::try_parse_from(argv)?.args)
}

/// The data as `train` prepares it: read, cleaned with the suggested log (unless `--no-clean`),
/// and the checked evaluation settings. The table as read is not kept (only its size and how
/// it was read): the cleaned table shares the columns cleaning left alone.
pub struct Prepared {
    pub report: IngestReport,
    /// Rows and columns of the file as read.
    pub read: (usize, usize),
    pub log: CleaningLog,
    pub steps: Vec<StepReport>,
    /// The cleaned table.
    pub table: Table,
    pub cfg: EvalConfig,
}

/// The checked evaluation settings of the command line.
pub fn eval_config(args: &Args) -> anyhow::Result<EvalConfig> {
    let target = TargetSpec {
        target: args.target.clone(),
        positive: args.positive.clone(),
        drop: args.drop.clone(),
        features: None,
    };
    Ok(EvalConfig {
        target,
        params: params(args)?,
        test_size: args.test_size,
        split_seed: args.random_state,
        threshold: 0.5,
        permutation_repeats: 5,
    })
}

/// How `--min-samples-leaf auto` tunes.
fn tune_settings(args: &Args) -> TuneSettings {
    TuneSettings { trees: args.tune_trees, ..Default::default() }
}

/// Checks the parameters, reads the file and applies the cleaning log.
pub fn prepare(args: &Args) -> anyhow::Result<Prepared> {
    let mut cfg = eval_config(args)?;
    let ingested = read_table(&args.file)?;
    let log = match args.no_clean {
        true => Vec::new(),
        false => suggest_for(&ingested.table, Some(&args.target), args.positive.as_deref()),
    };
    let (table, steps) =
        apply(&ingested.table, &log).with_context(|| args.file.display().to_string())?;
    let read = (ingested.table.n_rows(), ingested.table.n_cols());
    let report = ingested.report;
    let overrides = roles::overrides(&args.roles, &args.drop)?;
    if !args.roles.is_empty() {
        if let Some(o) = overrides.iter().find(|o| table.index_of(&o.column).is_none()) {
            anyhow::bail!("--role: no column {:?} in {}", o.column, args.file.display());
        }
        cfg.target =
            TargetSpec::with_roles(&table, &args.target, args.positive.as_deref(), &overrides);
    }
    Ok(Prepared { report, read, log, steps, table, cfg })
}

/// A forest fitted on the training split and evaluated on the held-out rows.
pub struct Fitted {
    pub forest: Forest,
    pub eval: Evaluation,
}

/// Splits, tunes (with `--min-samples-leaf auto`), fits and evaluates, as `train` does (for
/// `report`).
pub fn fit_split(file: &Path, p: &Prepared, args: &Args) -> anyhow::Result<Fitted> {
    let (mut planned, _, fit_start) = plan(file, &p.table, &p.cfg, args)?;
    let (forest, eval, _) = grow(file, &mut planned, &p.cfg, fit_start)?;
    Ok(Fitted { forest, eval })
}

/// A result and its wall time in seconds.
type Timed<T> = (T, f64);

/// Splits the table and bins its training rows, then tunes the leaf size with
/// `--min-samples-leaf auto`; returns when the fit's clock started (at binning).
fn plan(
    file: &Path,
    table: &Table,
    cfg: &EvalConfig,
    args: &Args,
) -> anyhow::Result<(PlannedSplit, Option<Timed<Tuning>>, Instant)> {
    let at = || file.display().to_string();
    let mut fit_start = None;
    let mut clock = |phase: &str, _: usize, _: usize| {
        if phase == "binning" && fit_start.is_none() {
            fit_start = Some(Instant::now());
        }
        true
    };
    let mut planned = plan_split(table, cfg, &mut clock).with_context(at)?;
    let fit_start = fit_start.unwrap_or_else(Instant::now);
    let tuning = match args.min_samples_leaf {
        Leaf::Auto => {
            let t = Instant::now();
            let tuning = planned
                .tune(&tune_settings(args), cfg.params.threads(), &mut |_, _, _| true)
                .with_context(at)?;
            Some((tuning, t.elapsed().as_secs_f64()))
        }
        Leaf::Fixed(_) => None,
    };
    Ok((planned, tuning, fit_start))
}

/// The logistic-regression baseline fitted on the training rows, its P(positive) of the test
/// rows, and the wall time so far (fitted before the trees grow, so the feature values need not
/// be kept while they do).
struct Baseline {
    params: ValidLogisticParams,
    model: Logistic,
    y_test: Vec<u8>,
    proba: Vec<f64>,
    seconds: f64,
}

fn fit_baseline(planned: &PlannedSplit, cfg: &EvalConfig) -> anyhow::Result<Baseline> {
    let t = Instant::now();
    let params = LogisticParams::new().seed(cfg.split_seed).check()?;
    let (data, train, test) = (&planned.data, &planned.train, &planned.test);
    let model = params.fit(data, train)?;
    let proba = model.predict_proba(data, test);
    let y_test = test.iter().map(|&r| data.y[r]).collect();
    Ok(Baseline { params, model, y_test, proba, seconds: t.elapsed().as_secs_f64() })
}

/// The baseline against the forest's held-out scores.
fn compare_baseline(
    b: Baseline,
    eval: &Evaluation,
    cfg: &EvalConfig,
) -> anyhow::Result<(BaselineReport, f64)> {
    let t = Instant::now();
    let report =
        compare(&b.params, &b.model, &b.y_test, &b.proba, &eval.proba_test, cfg.threshold)?;
    Ok((report, b.seconds + t.elapsed().as_secs_f64()))
}

/// Grows the plan's trees and evaluates them on the held-out rows; the fit's wall time runs from
/// `fit_start`.
fn grow(
    file: &Path,
    planned: &mut PlannedSplit,
    cfg: &EvalConfig,
    fit_start: Instant,
) -> anyhow::Result<(Forest, Evaluation, f64)> {
    let at = || file.display().to_string();
    let plan = &planned.plan;
    let mut assembly = plan.assembly();
    plan.grow_into(
        0..plan.n_trees(),
        cfg.params.threads(),
        &mut |_: FitProgress| true,
        &mut assembly,
    )
    .with_context(at)?;
    let fit_seconds = fit_start.elapsed().as_secs_f64();
    let (forest, eval) = planned.evaluate(assembly, cfg, &mut |_, _, _| true).with_context(at)?;
    Ok((forest, eval, fit_seconds))
}

/// Runs `train`. Memory: the table as read goes once cleaned; what the model keeps of the data
/// (profiles, fingerprint) and the baseline are made before the trees grow, and then the
/// table and the dataset's feature cells are let go (unless `--cv` needs them): while the trees
/// grow, only the binned codes, the trees and the held-out votes are in memory.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let prepared = prepare(&args)?;
    let overrides = roles::overrides(&args.roles, &args.drop)?;
    roles::print_left_out(&roles::left_out(&prepared.table, &args.target, &overrides));
    if args.test_size == 0.0 {
        return fit_all(&args, &prepared.cfg, &prepared.table, prepared.log);
    }
    let Prepared { log, table, mut cfg, .. } = prepared;
    let (mut planned, tuning, fit_start) = plan(&args.file, &table, &cfg, &args)?;
    let training = args.model.as_ref().map(|_| TrainingData::describe(&planned.data, &table));
    let baseline = fit_baseline(&planned, &cfg)?;
    let cv_table = args.cv.map(|_| table);
    planned.data.release_values();
    let (forest, eval, fit_seconds) = grow(&args.file, &mut planned, &cfg, fit_start)?;
    let baseline = compare_baseline(baseline, &eval, &cfg)?;
    if let Some((t, seconds)) = &tuning {
        print_tuning(t, *seconds);
        // Cross-validation uses the chosen setting.
        cfg.params = cfg.params.with_candidate(&t.chosen);
    }
    print_summary(&eval, fit_seconds);
    print_baseline(&baseline.0);
    let cv = match (args.cv, &cv_table) {
        (Some(k), Some(table)) => {
            let cv = cross_validate(table, &cfg, k, &mut |_, _, _| true)?;
            println!("\n{k}-fold CV accuracy: {:.4} ± {:.4}", cv.mean_accuracy, cv.sd_accuracy);
            Some(cv)
        }
        _ => None,
    };
    let mut metrics = metrics_json(&eval, fit_seconds, args.random_state, cv.as_ref());
    metrics["min_samples_leaf"] = forest.params.min_samples_leaf().into();
    if let Some((t, seconds)) = &tuning {
        metrics["tuning"] = tuning_json(t, *seconds);
    }
    metrics["baseline"] = baseline_json(&baseline.0);
    metrics["baseline"]["seconds"] = baseline.1.into();
    if let Some(path) = &args.metrics {
        write_file(path, serde_json::to_string_pretty(&metrics)?.as_bytes())?;
    }
    if let Some(path) = &args.predictions {
        write_file(path, eval.predictions_csv(eval.threshold).as_bytes())?;
    }
    if let (Some(path), Some(training)) = (&args.model, training) {
        let row_ids = &planned.data.row_ids;
        let honest = honest_scores_of(row_ids, &forest, &eval.test_row_ids, &eval.proba_test);
        let described = describe_fit(&cfg, Some(&eval), eval.n_train, eval.oob_score, cv.as_ref());
        let model = Model::from_parts(forest, training, log, described, now_iso())
            .with_score_profile(&honest);
        write_model(path, &model)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--test-size 0`: fit on every row (no held-out evaluation; the OOB score is reported).
fn fit_all(
    args: &Args,
    cfg: &EvalConfig,
    table: &Table,
    log: CleaningLog,
) -> anyhow::Result<ExitCode> {
    let data =
        Dataset::from_table(table, &cfg.target).with_context(|| args.file.display().to_string())?;
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let start = Instant::now();
    let mut plan = cfg.params.plan(&data, &rows, &mut |_| true)?;
    let tuning = match args.min_samples_leaf {
        Leaf::Auto => {
            let t = Instant::now();
            let tuning = plan.tune(&tune_settings(args), cfg.params.threads(), &mut |_| true)?;
            plan.set_candidate(&tuning.chosen);
            print_tuning(&tuning, t.elapsed().as_secs_f64());
            Some(tuning_json(&tuning, t.elapsed().as_secs_f64()))
        }
        Leaf::Fixed(_) => None,
    };
    let mut assembly = plan.assembly();
    plan.grow_into(0..plan.n_trees(), cfg.params.threads(), &mut |_| true, &mut assembly)?;
    let forest = plan.finish(&data, assembly)?;
    let fit_seconds = start.elapsed().as_secs_f64();
    let oob = match forest.oob_score {
        Some(score) => format!("out-of-bag accuracy {score:.4}"),
        None => "no out-of-bag score".to_string(),
    };
    println!("{} rows, no held-out part; fitted in {fit_seconds:.3} s; {oob}", rows.len());
    let metrics = json!({ "n_train": rows.len(), "n_test": 0, "oob_score": forest.oob_score, "fit_seconds": fit_seconds, "random_state": args.random_state, "min_samples_leaf": forest.params.min_samples_leaf(), "tuning": tuning });
    if let Some(path) = &args.metrics {
        write_file(path, serde_json::to_string_pretty(&metrics)?.as_bytes())?;
    }
    if let Some(path) = &args.model {
        let honest = honest_scores(table, &forest, &[], &[]);
        let described = describe_fit(cfg, None, rows.len(), forest.oob_score, None);
        let model =
            Model::new(forest, &data, table, log, described, now_iso()).with_score_profile(&honest);
        write_model(path, &model)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(e: &Evaluation, fit_seconds: f64) {
    let m = &e.metrics;
    println!(
        "{} training rows, {} test rows; trained and evaluated in {fit_seconds:.2} s",
        e.n_train, e.n_test
    );
    println!("\n{}", e.classification_report);
    let [[tn, fp], [fn_, tp]] = m.confusion_matrix;
    println!(
        "Confusion matrix (rows: true {0}/{1}, columns: predicted {0}/{1}):",
        e.labels[0], e.labels[1]
    );
    println!("  [[{tn:>5} {fp:>5}]\n   [{fn_:>5} {tp:>5}]]");
    println!(
        "\naccuracy {:.4}  precision {:.4}  recall {:.4}  f1 {:.4}  roc_auc {:.4}  oob {:.4}  (majority baseline {:.4})",
        m.accuracy,
        m.precision,
        m.recall,
        m.f1,
        m.roc_auc.unwrap_or(f64::NAN),
        e.oob_score.unwrap_or(f64::NAN),
        e.baseline_accuracy
    );
}

/// The metrics JSON of `train` and `evaluate`.
pub fn metrics_json(
    e: &Evaluation,
    fit_seconds: f64,
    random_state: u64,
    cv: Option<&micronum::engine::evaluate::CvResult>,
) -> serde_json::Value {
    let m = &e.metrics;
    json!({
        "accuracy": m.accuracy,
        "precision": m.precision,
        "recall": m.recall,
        "f1": m.f1,
        "balanced_accuracy": m.balanced_accuracy,
        "mcc": m.mcc,
        "roc_auc": m.roc_auc,
        "average_precision": m.average_precision,
        "log_loss": m.log_loss,
        "brier": m.brier,
        "confusion_matrix": m.confusion_matrix,
        "classification_report": e.classification_report,
        "labels": e.labels,
        "n_train": e.n_train,
        "n_test": e.n_test,
        "oob_score": e.oob_score,
        "baseline_accuracy": e.baseline_accuracy,
        "fit_seconds": fit_seconds,
        "random_state": random_state,
        "importance": e.importance,
        "cv": cv,
    })
}
