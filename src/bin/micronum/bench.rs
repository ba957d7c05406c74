//! `micronum bench FILE... --target COL`: times each phase of the user's path on each file —
//! parse, cleaning, Explore (column summaries, every column's association with the target, the
//! correlations of the most associated), dataset and split, binning, growing the trees (which also route the held-out
//! rows and permutation importance's shuffled rows to their leaves), evaluation — and prints a
//! Markdown table with MB/s and trees/s, and the peak resident memory against the file size. `bench/phases.py` generates the files and records the
//! table in `bench/RESULTS.md`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use micronum::engine::clean::{apply, suggest};
use micronum::engine::eda;
use micronum::engine::evaluate::plan_split;
use micronum::engine::forest::FitProgress;

use crate::common::read_table;
use crate::train;

/// Arguments of `bench`.
#[derive(clap::Args)]
pub struct Args {
    /// Labelled CSV files, timed one after the other.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Target column (the purchase flag).
    #[arg(long)]
    pub target: String,
    /// Columns never used as features, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub drop: Vec<String>,
    #[arg(long, default_value_t = 100)]
    pub n_estimators: usize,
    #[arg(long, default_value_t = 1)]
    pub min_samples_leaf: usize,
    /// Threads used to grow trees (default: every core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Share of rows held out and scored.
    #[arg(long, default_value_t = 0.25)]
    pub test_size: f64,
}

/// Wall-clock seconds of each phase of one file.
struct Phases {
    bytes: u64,
    rows: usize,
    n_train: usize,
    n_test: usize,
    trees: usize,
    /// Rows routed through every tree besides the out-of-bag rows (held out, and shuffled).
    scored: usize,
    parse: f64,
    clean: f64,
    explore: f64,
    split: f64,
    binning: f64,
    grow: f64,
    evaluate: f64,
    /// Peak resident set of the process so far (bytes), where the system reports it.
    peak_rss: Option<u64>,
}

/// Runs `bench`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    println!(
        "| file | MB | rows | parse s (MB/s) | clean s | explore s | dataset + split s | binning s | trees s (trees/s; rows) | evaluation s | total s | peak RSS MB (× file) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for file in &args.files {
        let p = bench_file(file, &args)?;
        println!("{}", table_row(file, &p));
    }
    println!(
        "\n{} trees, min_samples_leaf {}, {} thread(s) for trees, test size {}; peak RSS is the process's high-water mark after that file (Linux VmHWM).",
        args.n_estimators,
        args.min_samples_leaf,
        args.threads.map_or_else(|| "all".to_string(), |t| t.to_string()),
        args.test_size
    );
    Ok(ExitCode::SUCCESS)
}

/// Times every phase on one file.
fn bench_file(file: &Path, args: &Args) -> anyhow::Result<Phases> {
    let mut targs = train::defaults(file, &args.target)?;
    targs.drop = args.drop.clone();
    targs.n_estimators = args.n_estimators;
    targs.min_samples_leaf = crate::tuning::Leaf::Fixed(args.min_samples_leaf);
    targs.threads = args.threads;
    targs.test_size = args.test_size;
    let bytes = std::fs::metadata(file).with_context(|| file.display().to_string())?.len();

    let t = Instant::now();
    let ingested = read_table(file)?;
    let parse = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let log = suggest(&ingested.table, Some(&args.target));
    let (table, _) = apply(&ingested.table, &log).with_context(|| file.display().to_string())?;
    let clean = t.elapsed().as_secs_f64();
    let rows = table.n_rows();
    drop(ingested);

    let t = Instant::now();
    let summary = eda::summarize(&table);
    let positive =
        micronum::engine::target::binary_target(&table, &args.target, None)?.labels[1].clone();
    let ranking = eda::associations(&table, &args.target, &positive)?;
    let correlation = eda::correlation_top(&table, &ranking);
    let explore = t.elapsed().as_secs_f64();
    drop((summary, correlation));

    let cfg = train::eval_config(&targs)?;
    // plan_split reports "binning" once the dataset and split are built.
    let t = Instant::now();
    let mut binning_start = None;
    let planned = plan_split(&table, &cfg, &mut |phase, _, _| {
        if phase == "binning" && binning_start.is_none() {
            binning_start = Some(Instant::now());
        }
        true
    })
    .with_context(|| file.display().to_string())?;
    let end = Instant::now();
    let b0 = binning_start.unwrap_or(end);
    let (split, binning) = ((b0 - t).as_secs_f64(), (end - b0).as_secs_f64());

    let t = Instant::now();
    let plan = &planned.plan;
    let mut assembly = plan.assembly();
    plan.grow_into(0..plan.n_trees(), args.threads, &mut |_: FitProgress| true, &mut assembly)?;
    let grow = t.elapsed().as_secs_f64();

    // The held-out rows' votes are in: metrics, curves and permutation importance from them.
    let t = Instant::now();
    planned.evaluate(assembly, &cfg, &mut |_, _, _| true)?;
    let evaluate = t.elapsed().as_secs_f64();
    Ok(Phases {
        bytes,
        rows,
        n_train: planned.train.len(),
        n_test: planned.test.len(),
        trees: plan.n_trees(),
        scored: plan.n_scored(),
        parse,
        clean,
        explore,
        split,
        binning,
        grow,
        evaluate,
        peak_rss: peak_rss(),
    })
}

/// One Markdown row.
fn table_row(file: &Path, p: &Phases) -> String {
    let mb = p.bytes as f64 / 1e6;
    let total = p.parse + p.clean + p.explore + p.split + p.binning + p.grow + p.evaluate;
    let rss = p.peak_rss.map_or_else(
        || "n/a".to_string(),
        |b| format!("{:.0} ({:.1}×)", b as f64 / 1e6, b as f64 / p.bytes.max(1) as f64),
    );
    let name = file
        .file_name()
        .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    format!(
        "| {name} | {mb:.1} | {} | {:.2} ({:.0}) | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} ({:.1}; {} train rows, {} held out, {} scored in all) | {:.2} | {total:.2} | {rss} |",
        p.rows,
        p.parse,
        mb / p.parse.max(1e-9),
        p.clean,
        p.explore,
        p.split,
        p.binning,
        p.grow,
        p.trees as f64 / p.grow.max(1e-9),
        p.n_train,
        p.n_test,
        p.scored,
        p.evaluate,
    )
}

/// The process's peak resident set size (Linux: `VmHWM` of `/proc/self/status`).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
