//! `micronum clean FILE`: suggest and apply a cleaning log (or replay a saved one with
//! `--apply`), print the step report, and optionally write the log and the cleaned table.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use micronum::engine::clean::{apply, suggest, CleaningLog};
use micronum::engine::csv_out::write_csv;
use micronum::engine::finite::check_finite;

use crate::common::{read_table, write_file};

/// Arguments of `clean`.
#[derive(clap::Args)]
pub struct Args {
    /// The CSV file to clean.
    pub file: PathBuf,
    /// Target column (default: the guessed target).
    #[arg(long)]
    pub target: Option<String>,
    /// Write the cleaning log used to this JSON file.
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// Write the cleaned table to this CSV file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replay this saved cleaning log instead of suggesting one.
    #[arg(long)]
    pub apply: Option<PathBuf>,
}

/// Runs `clean`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let got = read_table(&args.file)?;
    let log: CleaningLog = match &args.apply {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{}: not a micronum cleaning log", path.display()))?
        }
        None => {
            let target = args.target.clone().or_else(|| got.report.target_guess.clone());
            suggest(&got.table, target.as_deref())
        }
    };
    let (clean, reports) =
        apply(&got.table, &log).with_context(|| args.file.display().to_string())?;
    println!(
        "{} rows in, {} rows out, {} steps",
        got.table.n_rows(),
        clean.n_rows(),
        reports.len()
    );
    for (i, r) in reports.iter().enumerate() {
        println!(
            "{:>2}. {} — {} cells, rows {} → {}",
            i + 1,
            r.description,
            r.cells_affected,
            r.rows_before,
            r.rows_after
        );
    }
    if let Some(path) = &args.log {
        // JSON has no NaN or infinity: a log holding one would not read back.
        check_finite(&log).with_context(|| format!("writing {}", path.display()))?;
        write_file(path, serde_json::to_string_pretty(&log)?.as_bytes())?;
    }
    if let Some(path) = &args.out {
        let mut buf = Vec::new();
        write_csv(&clean, &mut buf)?;
        write_file(path, &buf)?;
    }
    Ok(ExitCode::SUCCESS)
}
