//! `micronum train FILE --target COL`: clean (unless `--no-clean`), split, fit, evaluate on the
//! held-out rows, print the classification report, and write the model, metrics and
//! predictions for pipelines. `report` trains through the same [`prepare`] and [`fit_split`],
//! with the defaults of [`defaults`].

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use micronum::engine::clean::{apply, suggest, CleaningLog, StepReport};
use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::evaluate::{
    cross_validate, evaluate_split, honest_scores, EvalConfig, Evaluation,
};
use micronum::engine::forest::{
    ClassWeight, Criterion, Forest, ForestParams, MaxFeatures, ValidForestParams,
};
use micronum::engine::ingest::Ingested;
use micronum::engine::model_io::{describe_fit, Model};
use micronum::engine::table::Table;
use serde_json::json;

use crate::common::{now_iso, read_table, write_file, write_model};

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
    #[arg(long, default_value_t = 100)]
    pub n_estimators: usize,
    #[arg(long)]
    pub max_depth: Option<usize>,
    #[arg(long, default_value_t = 1)]
    pub min_samples_leaf: usize,
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
    Ok(ForestParams::new()
        .n_estimators(a.n_estimators)
        .max_depth(a.max_depth)
        .min_samples_leaf(a.min_samples_leaf)
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

/// Checks the parameters, reads the file and applies the cleaning log.
pub fn prepare(args: &Args) -> anyhow::Result<Prepared> {
    let cfg = eval_config(args)?;
    let ingested = read_table(&args.file)?;
    let log = if args.no_clean { Vec::new() } else { suggest(&ingested.table, Some(&args.target)) };
    let (table, steps) =
        apply(&ingested.table, &log).with_context(|| args.file.display().to_string())?;
    Ok(Prepared { ingested, log, steps, table, cfg })
}

/// A forest fitted on the training split and evaluated on the held-out rows.
pub struct Fitted {
    pub forest: Forest,
    pub eval: Evaluation,
    /// Wall time between the forest's first and last progress report.
    pub fit_seconds: f64,
}

/// Splits, fits and evaluates (the path `train` takes when `--test-size` is above 0).
pub fn fit_split(file: &Path, p: &Prepared) -> anyhow::Result<Fitted> {
    let (mut fit_start, mut fit_end) = (None, None);
    let mut clock = |phase: &str, done: usize, total: usize| {
        match phase {
            "binning" if fit_start.is_none() => fit_start = Some(Instant::now()),
            "trees" if done == total => fit_end = Some(Instant::now()),
            _ => {}
        }
        true
    };
    let (forest, eval) =
        evaluate_split(&p.table, &p.cfg, &mut clock).with_context(|| file.display().to_string())?;
    let fit_seconds = match (fit_start, fit_end) {
        (Some(a), Some(b)) => (b - a).as_secs_f64(),
        _ => 0.0,
    };
    Ok(Fitted { forest, eval, fit_seconds })
}

/// Runs `train`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let prepared = prepare(&args)?;
    if args.test_size == 0.0 {
        return fit_all(&args, &prepared.cfg, &prepared.table, prepared.log);
    }
    let Fitted { forest, eval, fit_seconds } = fit_split(&args.file, &prepared)?;
    let Prepared { log, table, cfg, .. } = prepared;
    print_summary(&eval, fit_seconds);
    let cv = match args.cv {
        Some(k) => {
            let cv = cross_validate(&table, &cfg, k, &mut |_, _, _| true)?;
            println!("\n{k}-fold CV accuracy: {:.4} ± {:.4}", cv.mean_accuracy, cv.sd_accuracy);
            Some(cv)
        }
        None => None,
    };
    let metrics = metrics_json(&eval, fit_seconds, args.random_state, cv.as_ref());
    if let Some(path) = &args.metrics {
        write_file(path, serde_json::to_string_pretty(&metrics)?.as_bytes())?;
    }
    if let Some(path) = &args.predictions {
        write_file(path, eval.predictions_csv(eval.threshold).as_bytes())?;
    }
    if let Some(path) = &args.model {
        let data = Dataset::from_table(&table, &cfg.target)?;
        let honest = honest_scores(&table, &forest, &eval.test_row_ids, &eval.proba_test);
        let described = describe_fit(&cfg, Some(&eval), eval.n_train, eval.oob_score, cv.as_ref());
        let model = Model::new(forest, &data, &table, log, described, now_iso())
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
    let forest = cfg.params.fit(&data, &rows, &mut |_| true)?;
    let fit_seconds = start.elapsed().as_secs_f64();
    let oob = match forest.oob_score {
        Some(score) => format!("out-of-bag accuracy {score:.4}"),
        None => "no out-of-bag score".to_string(),
    };
    println!("{} rows, no held-out part; fitted in {fit_seconds:.3} s; {oob}", rows.len());
    let metrics = json!({ "n_train": rows.len(), "n_test": 0, "oob_score": forest.oob_score, "fit_seconds": fit_seconds, "random_state": args.random_state });
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
