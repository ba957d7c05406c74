//! `micronum predict FILE --model M.json`: replay the model's cleaning log on a batch and
//! write `row,proba,y_pred` (plus the id column) for every record; `--reasons K` adds each
//! row's K largest contributions (`reasons.rs`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::common::{read_model, read_table, write_file};

/// Arguments of `predict`.
#[derive(clap::Args)]
pub struct Args {
    /// The CSV batch to score.
    pub file: PathBuf,
    /// The model file written by `train`.
    #[arg(long)]
    pub model: PathBuf,
    /// Write the predictions here (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Add each row's K largest contributions as reason_1..K (e.g. `age=58 (+0.12)`).
    #[arg(long, default_value_t = 0)]
    pub reasons: usize,
    /// Threads explaining the reasons (the numbers do not depend on it; default: every core).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Runs `predict`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = read_model(&args.model)?;
    let batch = read_table(&args.file)?;
    let mut scored = model
        .predict_table(&batch.table)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    for w in &scored.warnings {
        eprintln!("warning: {w}");
    }
    let buf = if args.reasons > 0 {
        crate::reasons::predictions_with_reasons(&model, &mut scored, args.reasons, args.threads)
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?
    } else {
        scored.predictions_csv(model.id_column.as_deref(), 0.5)
    };
    match &args.out {
        Some(path) => write_file(path, &buf)?,
        None => std::io::stdout().write_all(&buf)?,
    }
    Ok(ExitCode::SUCCESS)
}
