//! `micronum segment FILE --target T --method discover`: micro-segment discovery with honest
//! inference (engine: `segment::discover`). Writes segments.csv (`--out`, default standard
//! output) and the long members file (`--members`: `segment,row`, one line per member, `row`
//! the 0-based data record). `segment.rs` runs the engine's `SegmentMethod::Discover` and hands
//! the result over here.
//!
//! Flags left out take the engine's defaults (`DiscoverParams`), so the two never disagree.

use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use micronum::engine::segment::discover::{Correction, DiscoverParams, Discovery};
use micronum::engine::segment::SegmentRun;
use micronum::engine::table::Table;

use crate::common::write_file;
use crate::segment;

/// The flags only `--method discover` reads.
#[derive(clap::Args)]
pub struct DiscoverArgs {
    /// (discover) Most conditions joined by "and" in one rule, 1–3 [default: 3].
    #[arg(long)]
    pub max_conditions: Option<usize>,
    /// (discover) False discovery rate at which a segment is called significant [default: 0.1].
    #[arg(long)]
    pub fdr: Option<f64>,
    /// (discover) Quantile cut points per numeric column, 1–16 [default: 9].
    #[arg(long)]
    pub cuts: Option<usize>,
    /// (discover) Segments tested on the held-out rows [default: 50].
    #[arg(long)]
    pub max_results: Option<usize>,
    /// (discover) Write `segment,row` for every member of every segment here.
    #[arg(long)]
    pub members: Option<PathBuf>,
    /// (discover) Also print how long the discovery took (for benchmarks; off so that the
    /// output repeats exactly).
    #[arg(long)]
    pub timing: bool,
}

/// The engine parameters from the command line.
pub fn params(args: &segment::Args) -> DiscoverParams {
    let d = &args.discover;
    let mut p = DiscoverParams::new().min_support(args.min_support).seed(args.random_state);
    if let Some(v) = d.max_conditions {
        p = p.max_conditions(v);
    }
    if let Some(v) = d.fdr {
        p = p.fdr(v);
    }
    if let Some(v) = d.cuts {
        p = p.cuts(v);
    }
    if let Some(v) = d.max_results {
        p = p.max_results(v);
    }
    p
}

/// Writes what discovery `found` in the labelled rows `run.rows` of `table`: segments.csv
/// (`--out`, else standard output), members.csv (`--members`) and a summary on standard error.
pub fn write(
    args: &segment::Args,
    found: &Discovery,
    table: &Table,
    run: &SegmentRun,
    seconds: f64,
    with_model: bool,
) -> anyhow::Result<ExitCode> {
    if with_model {
        eprintln!("note: the model's probabilities are honest only for rows it did not train on");
    }
    match &args.out {
        Some(path) => write_file(path, found.to_csv().as_bytes())?,
        None => print!("{}", found.to_csv()),
    }
    if let Some(path) = &args.discover.members {
        // Members are positions among the labelled rows; the file names source records.
        let row_ids: Vec<usize> = run.rows.iter().map(|&r| table.row_ids[r]).collect();
        let file =
            std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
        found
            .write_members_csv(&row_ids, BufWriter::new(file))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let correction = match found.correction {
        Correction::By => "Benjamini–Yekutieli",
        _ => "Benjamini–Hochberg",
    };
    eprintln!(
        "{} candidates searched on {} rows, {} tested on {} held-out rows; {} significant at fdr {} ({correction})",
        found.candidates_searched,
        found.search.n,
        found.candidates_tested,
        found.holdout.n,
        found.significant().count(),
        found.fdr,
    );
    if args.discover.timing {
        eprintln!("discovered in {seconds:.2} s");
    }
    Ok(ExitCode::SUCCESS)
}
