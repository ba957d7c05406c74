//! micronum — the native command-line tool: the browser app's engine for data pipelines.
//!
//! Flow: clap parses [`Cli`]; each subcommand module validates its arguments and runs.
//! Exit codes: 0 success; 2 error (message on stderr starting `error:`); 3 `drift --fail-on`
//! or `assign --fail-on` threshold reached. The tool never panics on user input.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod allocator;
mod assign;
mod bench;
mod bench_explain;
mod clean;
mod common;
mod discover;
mod drift;
mod evaluate;
mod explain;
mod export_onnx;
mod export_segments;
mod export_sql;
mod inspect;
mod predict;
mod reasons;
mod report;
mod roles;
mod segment;
mod segments_file;
mod train;
mod tuning;

/// Random forest and micro-segment analytics for customer CSV files.
#[derive(Parser)]
#[command(
    name = "micronum",
    version,
    about,
    after_help = "Exit codes: 0 ok, 2 error, 3 drift threshold reached (drift or assign --fail-on)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print rows, columns, inferred kinds and detected problems of a CSV file as JSON.
    Inspect(inspect::Args),
    /// Suggest and apply a cleaning log (or replay one with --apply); write the log and the table.
    Clean(clean::Args),
    /// Clean, split, train a random forest, evaluate it, and write the model and metrics.
    Train(Box<train::Args>),
    /// Score a CSV batch with a saved model (the model's cleaning log is replayed).
    Predict(predict::Args),
    /// Score a labelled CSV with a saved model and report the metrics.
    Evaluate(evaluate::Args),
    /// Why each row is scored as it is: exact TreeSHAP contributions per feature (CSV).
    Explain(explain::Args),
    /// Micro-segments with n, Wilson intervals, shrunk rates and lifts.
    Segment(Box<segment::Args>),
    /// Tag a CSV batch with saved segment definitions (their cleaning log is replayed).
    Assign(assign::Args),
    /// Write a printable, self-contained HTML report: data, cleaning, EDA, model, segments.
    Report(report::Args),
    /// Drift of a CSV batch against the model's training data (PSI per feature and on scores).
    Drift(drift::Args),
    /// Write the model (or segment definitions) as one SQL query that scores (tags) a table.
    ExportSql(export_sql::Args),
    /// Write the model (cleaning and trees) as an ONNX file for onnxruntime.
    ExportOnnx(export_onnx::Args),
    /// Time each phase (parse, clean, split, binning, trees, scoring, importance) on CSV files.
    Bench(bench::Args),
    /// Time exact TreeSHAP on a batch and on single rows (what-if).
    BenchExplain(bench_explain::Args),
}

fn main() -> ExitCode {
    allocator::pin_mmap_threshold();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect(args) => inspect::run(args),
        Command::Clean(args) => clean::run(args),
        Command::Train(args) => train::run(*args),
        Command::Predict(args) => predict::run(args),
        Command::Evaluate(args) => evaluate::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Segment(args) => segment::run(*args),
        Command::Assign(args) => assign::run(args),
        Command::Report(args) => report::run(args),
        Command::Drift(args) => drift::run(args),
        Command::ExportSql(args) => export_sql::run(args),
        Command::ExportOnnx(args) => export_onnx::run(args),
        Command::Bench(args) => bench::run(args),
        Command::BenchExplain(args) => bench_explain::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
