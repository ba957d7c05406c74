//! `micronum predict FILE --model M.json`: replay the model's cleaning log on a batch and
//! write `row,proba,y_pred` (plus the id column) for every record.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use micronum::engine::csv_out::{escape_cell, writer};
use micronum::engine::metrics::predict_at;

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
}

/// Runs `predict`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = read_model(&args.model)?;
    let batch = read_table(&args.file)?;
    let scored = model
        .predict_table(&batch.table)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    for w in &scored.warnings {
        eprintln!("warning: {w}");
    }
    let pred = predict_at(&scored.proba, 0.5);
    let mut buf = Vec::new();
    {
        let mut out = writer(&mut buf);
        let id_name = model.id_column.clone().filter(|_| scored.ids.is_some());
        let mut header = vec!["row".to_string()];
        header.extend(id_name.iter().map(|n| escape_cell(n)));
        header.extend(["proba".to_string(), "y_pred".to_string()]);
        out.write_record(&header)?;
        for i in 0..scored.proba.len() {
            let mut rec = vec![scored.row_ids[i].to_string()];
            if let Some(ids) = &scored.ids {
                rec.push(escape_cell(&ids[i]));
            }
            rec.push(scored.proba[i].to_string());
            rec.push(pred[i].to_string());
            out.write_record(&rec)?;
        }
        out.flush()?;
    }
    match &args.out {
        Some(path) => write_file(path, &buf)?,
        None => std::io::stdout().write_all(&buf)?,
    }
    Ok(ExitCode::SUCCESS)
}
