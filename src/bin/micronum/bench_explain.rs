//! `micronum bench-explain FILE --model M`: times exact TreeSHAP on a batch — a batch of rows
//! on the given threads (what the Model step and `micronum explain` do) and single rows on one
//! thread and on every core (what the what-if form does) — and prints a Markdown table.
//! `bench/explain.py` generates the data, trains the model and records the table in
//! `bench/RESULTS.md`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use micronum::engine::explain::Explainer;

use crate::common::{read_model, read_table};
use crate::explain::prepare;

/// Arguments of `bench-explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The CSV batch (its first rows are explained).
    pub file: PathBuf,
    /// The model file written by `train`.
    #[arg(long)]
    pub model: PathBuf,
    /// Rows explained in the batch run.
    #[arg(long, default_value_t = 10_000)]
    pub rows: usize,
    /// Threads for the batch run (default: every core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Single rows timed (spread over the batch).
    #[arg(long, default_value_t = 20)]
    pub single: usize,
}

/// Runs `bench-explain`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let t = Instant::now();
    let model = read_model(&args.model)?;
    let load = t.elapsed().as_secs_f64();
    let raw = read_table(&args.file)?.table;
    let batch = prepare(&model, &raw).with_context(|| args.file.display().to_string())?;
    let n = args.rows.min(batch.clean.n_rows());
    let rows: Vec<usize> = (0..n).collect();

    let t = Instant::now();
    let explainer = Explainer::new(&model.forest)?;
    let check = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let c = explainer.explain_rows(&batch.aligned, &rows, args.threads)?;
    let batch_s = t.elapsed().as_secs_f64();
    let worst = (0..c.len())
        .map(|i| (c.base + c.row(i).iter().sum::<f64>() - c.proba[i]).abs())
        .fold(0.0, f64::max);

    let singles: Vec<usize> = (0..args.single.min(n)).map(|k| k * n / args.single.max(1)).collect();
    let one = time_singles(&explainer, &batch.aligned, &singles, Some(1))?;
    let all = time_singles(&explainer, &batch.aligned, &singles, None)?;

    let shapes = model.forest.tree_shapes();
    let nodes: usize = model.forest.trees.iter().map(|t| t.len()).sum();
    let depth = shapes.iter().map(|s| s.1).max().unwrap_or(0);
    println!("| rows | trees | nodes a tree | max depth | threads | batch s | rows/s | single row ms, 1 thread (median / max) | single row ms, every core (median / max) | model load s | check s | max additivity error |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {n} | {} | {} | {depth} | {} | {batch_s:.2} | {:.0} | {:.1} / {:.1} | {:.1} / {:.1} | {load:.2} | {check:.3} | {worst:.1e} |",
        model.forest.trees.len(),
        nodes / model.forest.trees.len().max(1),
        args.threads.map_or_else(|| "all".to_string(), |t| t.to_string()),
        n as f64 / batch_s,
        one.0,
        one.1,
        all.0,
        all.1,
    );
    Ok(ExitCode::SUCCESS)
}

/// (median, max) milliseconds of explaining each row of `rows` alone on `threads`.
fn time_singles(
    explainer: &Explainer,
    cols: &[micronum::engine::dataset::FeatureValues],
    rows: &[usize],
    threads: Option<usize>,
) -> anyhow::Result<(f64, f64)> {
    let mut ms = Vec::with_capacity(rows.len());
    for &r in rows {
        let t = Instant::now();
        explainer.explain_row(cols, r, threads)?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    ms.sort_by(f64::total_cmp);
    Ok((ms.get(ms.len() / 2).copied().unwrap_or(0.0), ms.last().copied().unwrap_or(0.0)))
}
