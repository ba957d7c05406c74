//! `micronum report FILE --target COL`: write the printable HTML analysis report.
//!
//! Without `--model` it takes `train`'s path with `train`'s defaults (suggested cleaning log,
//! stratified split, fit, held-out evaluation), so its accuracy is the one `micronum train`
//! prints. With `--model` it replays the model's cleaning log on FILE, scores it, and evaluates
//! on every labelled row. Either way it then gathers the EDA, makes segments with `segment`'s
//! defaults (grid, 4 quantile bins, minimum support 30) over `--segment-by` (default: the
//! model's two most important features), and builds the page with
//! `micronum::report::build_report`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use micronum::engine::clean::StepReport;
use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::eda::summarize;
use micronum::engine::evaluate::{evaluate_forest, EvalConfig, Evaluation};
use micronum::engine::forest::ValidForestParams;
use micronum::engine::ingest::IngestReport;
use micronum::engine::model_io::fingerprint;
use micronum::engine::segment::SegmentTable;
use micronum::engine::table::Table;
use micronum::engine::target::labelled;
use micronum::engine::useful::rank_by_importance;
use micronum::report::{
    build_report, DataInput, EdaData, EvalScope, ModelInput, ReportInput, SegmentsInput,
};

use crate::common::{now_iso, read_model, read_table, write_file};
use crate::{segment, train};

/// Arguments of `report`.
#[derive(clap::Args)]
pub struct Args {
    /// The labelled CSV file.
    pub file: PathBuf,
    /// Target column (the purchase flag).
    #[arg(long)]
    pub target: String,
    /// Score FILE with this saved model instead of training one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write the report here.
    #[arg(long, default_value = "report.html")]
    pub out: PathBuf,
    /// Grid segments over these columns (1–3; default: the model's two most important features).
    #[arg(long, value_delimiter = ',')]
    pub segment_by: Vec<String>,
}

/// What the report shows, owned; the [`ReportInput`] borrows from it.
struct Analysis {
    ingest: IngestReport,
    rows_read: usize,
    columns_read: usize,
    steps: Vec<StepReport>,
    /// The cleaned table.
    table: Table,
    /// The label that means bought.
    positive: String,
    params: ValidForestParams,
    eval: Evaluation,
    /// (created, training rows) of a saved model.
    saved: Option<(String, usize)>,
    /// Schema notes from scoring with a saved model.
    warnings: Vec<String>,
    /// Model probability per row of `table` (saved model only).
    proba: Option<Vec<f64>>,
}

/// Runs `report`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let analysis = match &args.model {
        Some(path) => with_model(&args, path)?,
        None => with_training(&args)?,
    };
    let html = render(&args, &analysis)?;
    write_file(&args.out, html.as_bytes())?;
    println!("{}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// `train`'s path with `train`'s defaults.
fn with_training(args: &Args) -> anyhow::Result<Analysis> {
    let train_args = train::defaults(&args.file, &args.target)?;
    let p = train::prepare(&train_args)?;
    let fitted = train::fit_split(&args.file, &p, &train_args)?.fit;
    Ok(Analysis {
        rows_read: p.ingested.table.n_rows(),
        columns_read: p.ingested.table.n_cols(),
        ingest: p.ingested.report,
        steps: p.steps,
        table: p.table,
        positive: fitted.eval.labels[1].clone(),
        // The forest's own: with min_samples_leaf = auto, the chosen leaf size.
        params: fitted.model.forest.params.clone(),
        eval: fitted.eval,
        saved: None,
        warnings: Vec::new(),
        proba: None,
    })
}

/// Scores FILE with a saved model (its cleaning log replayed) and evaluates on every labelled row.
fn with_model(args: &Args, path: &Path) -> anyhow::Result<Analysis> {
    let model = read_model(path)?;
    if !model.target.column.eq_ignore_ascii_case(&args.target) {
        bail!(
            "{}: the model predicts \"{}\", not \"{}\"",
            path.display(),
            model.target.column,
            args.target
        );
    }
    let file = args.file.display().to_string();
    let got = read_table(&args.file)?;
    let scored = model.predict_table(&got.table).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let table = scored.cleaned.clone().context("cleaned table")?;
    let positive = model.target.labels[1].clone();
    let labelled = labelled(&table, &model.target.column, Some(&positive))
        .with_context(|| file.clone())?
        .table;
    let spec = TargetSpec {
        target: model.target.column.clone(),
        positive: Some(positive.clone()),
        drop: Vec::new(),
        features: Some(model.forest.features.iter().map(|f| f.name.clone()).collect()),
    };
    let data = Dataset::from_table(&labelled, &spec).with_context(|| file.clone())?;
    if data.n_rows() == 0 {
        bail!("{file}: no row has a value in \"{}\"", model.target.column);
    }
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let cfg = EvalConfig {
        target: spec,
        params: model.forest.params.clone(),
        test_size: 0.0,
        split_seed: model.forest.params.random_state(),
        threshold: 0.5,
        permutation_repeats: 5,
    };
    // Every labelled row is both "train" (for the majority baseline) and evaluated.
    let eval = evaluate_forest(&model.forest, &data, &rows, &rows, &cfg, &mut |_, _, _| true)
        .with_context(|| file.clone())?;
    Ok(Analysis {
        rows_read: got.table.n_rows(),
        columns_read: got.table.n_cols(),
        ingest: got.report,
        steps: scored.steps,
        table,
        positive,
        params: model.forest.params.clone(),
        eval,
        saved: Some((model.created.clone(), model.forest.n_train)),
        warnings: scored.warnings,
        proba: Some(scored.proba),
    })
}

/// The model's two most important features (permutation importance on the held-out rows): never
/// a row number or an id, which are not features.
fn default_segment_columns(a: &Analysis) -> Vec<String> {
    rank_by_importance(&a.eval.importance).into_iter().take(2).map(|r| r.name).collect()
}

/// Segments of the labelled rows with `segment`'s defaults, and how they were made.
fn segments(args: &Args, a: &Analysis) -> anyhow::Result<Option<(String, SegmentTable)>> {
    let by = if args.segment_by.is_empty() {
        default_segment_columns(a)
    } else {
        args.segment_by.clone()
    };
    if by.is_empty() {
        return Ok(None);
    }
    let seg_args = segment::defaults(&args.file, &args.target, &by)?;
    let spec = segment::spec(&seg_args, Some(&a.positive))?;
    let run = micronum::engine::segment::run(&a.table, &spec, a.proba.as_deref(), &mut |_| true)
        .context("segments (--segment-by)")?;
    Ok(Some((spec.method.describe(), run.table)))
}

/// Gathers the EDA and segments, then builds the page.
fn render(args: &Args, a: &Analysis) -> anyhow::Result<String> {
    let file = args.file.display().to_string();
    let eda = EdaData::compute(&a.table, &args.target, Some(&a.positive))
        .with_context(|| file.clone())?;
    let segs = segments(args, a)?;
    let summary = summarize(&a.table);
    let fp = fingerprint(&a.table);
    let file_name = args.file.file_name().map_or(file.clone(), |n| n.to_string_lossy().into());
    let created = now_iso();
    let scope = match &a.saved {
        Some((created, trained_rows)) => {
            EvalScope::SavedModel { created, trained_rows: *trained_rows }
        }
        None => EvalScope::HeldOut,
    };
    let input = ReportInput {
        title: "Purchase analysis report",
        file_name: &file_name,
        created: &created,
        data: DataInput {
            target: &args.target,
            rows_read: a.rows_read,
            columns_read: a.columns_read,
            fingerprint: &fp,
            summary: &summary,
            ingest: Some(&a.ingest),
        },
        cleaning: &a.steps,
        eda: Some(eda.input()),
        model: Some(ModelInput {
            params: &a.params,
            evaluation: &a.eval,
            cv: None,
            scope,
            warnings: &a.warnings,
        }),
        segments: segs.as_ref().map(|(method, table)| SegmentsInput {
            method,
            table,
            discovery: None,
        }),
        drift: None,
    };
    Ok(build_report(&input))
}
