//! `micronum train FILE --target COL`: clean (unless `--no-clean`), split, fit, evaluate on the
//! held-out rows, print the classification report, and write the model, metrics and
//! predictions for pipelines. `report` trains through the same [`prepare`] and [`fit_split`],
//! with the defaults of [`defaults`]. Columns whose role is not "feature" (row numbers, ids,
//! constants, dates, free text; `--role` overrides) are never features; `--min-samples-leaf`
//! defaults to `auto` (chosen by out-of-bag score, see [`crate::tuning`]). `train` gives the
//! prepared table up to the fit ([`fit_split_owned`]), which lets go of it before the trees grow
//! (the same model in less memory, issue 23); `report` keeps it for its figures.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use micronum::engine::clean::{apply, suggest_for, CleaningLog, StepReport};
use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::evaluate::{honest_scores, EvalConfig, Evaluation};
use micronum::engine::forest::{
    ClassWeight, Criterion, ForestParams, MaxFeatures, TuneSettings, ValidForestParams,
};
use micronum::engine::ingest::Ingested;
use micronum::engine::model_io::{describe_fit, Model};
use micronum::engine::table::Table;
use micronum::engine::training::{self, TrainOptions};
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
/// and the checked evaluation settings.
pub struct Prepared {
    pub ingested: Ingested,
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
    let overrides = roles::overrides(&args.roles, &args.drop)?;
    if !args.roles.is_empty() {
        if let Some(o) = overrides.iter().find(|o| table.index_of(&o.column).is_none()) {
            anyhow::bail!("--role: no column {:?} in {}", o.column, args.file.display());
        }
        cfg.target =
            TargetSpec::with_roles(&table, &args.target, args.positive.as_deref(), &overrides);
    }
    Ok(Prepared { ingested, log, steps, table, cfg })
}

/// A model fitted on the training split and evaluated on the held-out rows.
pub struct Fitted {
    /// The model, its evaluation, tuning, baseline and honest scores (engine `training`).
    pub fit: training::Fitted,
    /// Wall time of binning, tuning and the trees: from the forest's first progress report to
    /// the evaluation, without the baseline and cross-validation.
    pub fit_seconds: f64,
    /// The tuning's wall time (with `--min-samples-leaf auto`).
    pub tuning_seconds: f64,
    /// The logistic-regression baseline's wall time (fit, scoring and paired bootstrap).
    pub baseline_seconds: f64,
}

/// Splits, tunes (with `--min-samples-leaf auto`), fits, evaluates and compares with the
/// logistic-regression baseline — the engine's one way (`engine::training`), as the app does.
pub fn fit_split(file: &Path, p: &Prepared, args: &Args) -> anyhow::Result<Fitted> {
    let tune = (args.min_samples_leaf == Leaf::Auto).then(|| tune_settings(args));
    let mut clock = Clock::default();
    let mut tick = |phase: &str, _: usize, _: usize| clock.tick(phase);
    let planned = training::prepare(&p.table, &p.cfg, tune.as_ref(), &mut tick)
        .with_context(|| file.display().to_string())?;
    let assembly = training::grow(&planned.split, p.cfg.params.threads(), &mut tick)
        .with_context(|| file.display().to_string())?;
    let options = train_options(args, p.log.clone());
    let fit = training::finish(&planned, assembly, &p.table, &p.cfg, options, &mut tick)
        .with_context(|| file.display().to_string())?;
    Ok(clock.fitted(fit))
}

/// [`fit_split`] giving the prepared data up (`engine::training::fit_owned`): the same result,
/// while the table's cells and the grown trees are never held at once.
pub fn fit_split_owned(file: &Path, p: Prepared, args: &Args) -> anyhow::Result<Fitted> {
    let tune = (args.min_samples_leaf == Leaf::Auto).then(|| tune_settings(args));
    // The file as read goes now, not at the end of this function.
    let Prepared { ingested, table, cfg, log, .. } = p;
    drop(ingested);
    let mut clock = Clock::default();
    let mut tick = |phase: &str, _: usize, _: usize| clock.tick(phase);
    let options = train_options(args, log);
    let fit = training::fit_owned(table, &cfg, tune.as_ref(), options, &mut tick)
        .with_context(|| file.display().to_string())?;
    Ok(clock.fitted(fit))
}

fn train_options(args: &Args, log: CleaningLog) -> TrainOptions {
    TrainOptions { cv_folds: args.cv, log, created: now_iso(), training: None, baseline: true }
}

/// Wall time of a fit's progress phases: the time between two progress reports belongs to the
/// phase of the first.
#[derive(Default)]
struct Clock {
    /// The phase reported last and when.
    last: Option<(String, Instant)>,
    /// The trees' time: from the first "binning" report to the first "evaluation" one, without
    /// the baseline and cross-validation (which `fit_owned` runs before the trees).
    fit: f64,
    tuning: f64,
    /// Fitting, scoring and comparing the baseline (its "baseline" phases).
    baseline: f64,
    binned: bool,
    evaluated: bool,
}

impl Clock {
    fn tick(&mut self, phase: &str) -> bool {
        let now = Instant::now();
        if let Some((last, at)) = self.last.take() {
            let spent = (now - at).as_secs_f64();
            if self.binned
                && !self.evaluated
                && !matches!(last.as_str(), "baseline" | "cross-validation")
            {
                self.fit += spent;
            }
            if last == "tuning" {
                self.tuning += spent;
            }
            if last == "baseline" {
                self.baseline += spent;
            }
        }
        self.binned |= phase == "binning";
        self.evaluated |= self.binned && phase == "evaluation";
        self.last = Some((phase.to_string(), now));
        true
    }

    fn fitted(&self, fit: training::Fitted) -> Fitted {
        Fitted {
            fit,
            fit_seconds: self.fit,
            tuning_seconds: self.tuning,
            baseline_seconds: self.baseline,
        }
    }
}

/// Runs `train`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let prepared = prepare(&args)?;
    let overrides = roles::overrides(&args.roles, &args.drop)?;
    roles::print_left_out(&roles::left_out(&prepared.table, &args.target, &overrides));
    if args.test_size == 0.0 {
        return fit_all(&args, &prepared.cfg, &prepared.table, prepared.log);
    }
    let Fitted { fit, fit_seconds, tuning_seconds, baseline_seconds } =
        fit_split_owned(&args.file, prepared, &args)?;
    let training::Fitted { model, eval, cv, tuning, baseline, .. } = fit;
    if let Some(t) = &tuning {
        print_tuning(t, tuning_seconds);
    }
    print_summary(&eval, fit_seconds);
    if let Some(b) = &baseline {
        print_baseline(b);
        println!(
            "  (baseline: {} Newton steps; fitted, scored and bootstrapped in {baseline_seconds:.2} s)",
            b.iterations
        );
    }
    if let Some(cv) = &cv {
        println!("\n{}-fold CV accuracy: {:.4} ± {:.4}", cv.k, cv.mean_accuracy, cv.sd_accuracy);
    }
    let mut metrics = metrics_json(&eval, fit_seconds, args.random_state, cv.as_ref());
    metrics["min_samples_leaf"] = model.forest.params.min_samples_leaf().into();
    if let Some(t) = &tuning {
        metrics["tuning"] = tuning_json(t, tuning_seconds);
    }
    if let Some(b) = &baseline {
        metrics["baseline"] = baseline_json(b);
    }
    if let Some(path) = &args.metrics {
        write_file(path, serde_json::to_string_pretty(&metrics)?.as_bytes())?;
    }
    if let Some(path) = &args.predictions {
        write_file(path, eval.predictions_csv(eval.threshold).as_bytes())?;
    }
    if let Some(path) = &args.model {
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
    let tuned = match args.min_samples_leaf {
        Leaf::Auto => {
            let t = Instant::now();
            let tuning = plan.tune(&tune_settings(args), cfg.params.threads(), &mut |_| true)?;
            plan.set_candidate(&tuning.chosen);
            print_tuning(&tuning, t.elapsed().as_secs_f64());
            Some((tuning_json(&tuning, t.elapsed().as_secs_f64()), tuning))
        }
        Leaf::Fixed(_) => None,
    };
    let (tuning, tuning_record) = tuned.unzip();
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
        let mut described = describe_fit(cfg, None, rows.len(), forest.oob_score, None);
        described.1.tuning = tuning_record;
        described.1.roles = training::roles_of(table, cfg);
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
