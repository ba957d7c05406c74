//! `micronum inspect FILE`: what micronum reads in a file, as JSON on stdout — delimiter,
//! encoding, rows, columns with kind, evidence, missing and distinct counts, role (feature,
//! target, id, ignore) with its evidence, detected problems, and the guessed target and positive
//! label with their evidence (or why no column can be the target).

use std::path::PathBuf;
use std::process::ExitCode;

use micronum::engine::clean::detect;
use serde_json::json;

use crate::common::read_table;

/// Arguments of `inspect`.
#[derive(clap::Args)]
pub struct Args {
    /// The CSV file to read.
    pub file: PathBuf,
    /// Target column used when looking for problems (default: the guessed target).
    #[arg(long)]
    pub target: Option<String>,
}

/// Runs `inspect`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let got = read_table(&args.file)?;
    let target = args.target.or_else(|| got.report.target_guess.clone());
    let problems = detect(&got.table, target.as_deref());
    let r = &got.report;
    let out = json!({
        "file": args.file.display().to_string(),
        "encoding": r.encoding,
        "delimiter": r.delimiter.to_string(),
        "decimal_comma": r.decimal_comma,
        "rows": r.rows,
        "columns": r.columns,
        "target_guess": r.target_guess,
        "target_evidence": r.target_evidence,
        "positive_guess": r.positive_guess,
        "positive_evidence": r.positive_evidence,
        "warnings": r.warnings,
        "problems": problems,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(ExitCode::SUCCESS)
}
