//! `micronum evaluate FILE --model M.json`: score a labelled batch with a saved model and print
//! (and optionally write) the same metrics as `train`.

use std::path::PathBuf;
use std::process::ExitCode;

use micronum::engine::metrics::{classification_report, predict_at, BinaryMetrics};
use micronum::engine::target::binary_target;
use serde_json::json;

use crate::common::{read_model, read_table, write_file};

/// Arguments of `evaluate`.
#[derive(clap::Args)]
pub struct Args {
    /// A labelled CSV file.
    pub file: PathBuf,
    /// The model file written by `train`.
    #[arg(long)]
    pub model: PathBuf,
    /// Write the metrics (JSON) here.
    #[arg(long)]
    pub metrics: Option<PathBuf>,
}

/// Runs `evaluate`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = read_model(&args.model)?;
    let batch = read_table(&args.file)?;
    let file = args.file.display().to_string();
    let scored = model.predict_table(&batch.table).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let clean =
        scored.cleaned.as_ref().ok_or_else(|| anyhow::anyhow!("{file}: no cleaned table"))?;
    let target = binary_target(clean, &model.target.column, Some(&model.target.labels[1]))
        .map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let keep: Vec<usize> = (0..target.y.len()).filter(|&i| target.y[i].is_some()).collect();
    let y: Vec<u8> = keep.iter().map(|&i| target.y[i].unwrap_or(0)).collect();
    let proba: Vec<f64> = keep.iter().map(|&i| scored.proba[i]).collect();
    let pred = predict_at(&proba, 0.5);
    let m = BinaryMetrics::compute(&y, &pred, Some(&proba))
        .map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let names = [model.target.labels[0].as_str(), model.target.labels[1].as_str()];
    let order = if names[0]
        .parse::<f64>()
        .ok()
        .zip(names[1].parse::<f64>().ok())
        .map_or(names[0] <= names[1], |(a, b)| a <= b)
    {
        [0, 1]
    } else {
        [1, 0]
    };
    let report = classification_report(&y, &pred, names, order, 2);
    println!("{report}");
    println!(
        "accuracy {:.4}  f1 {:.4}  roc_auc {:.4}  ({} rows)",
        m.accuracy,
        m.f1,
        m.roc_auc.unwrap_or(f64::NAN),
        m.n
    );
    if let Some(path) = &args.metrics {
        let out = json!({
            "accuracy": m.accuracy, "precision": m.precision, "recall": m.recall, "f1": m.f1,
            "balanced_accuracy": m.balanced_accuracy, "mcc": m.mcc, "roc_auc": m.roc_auc,
            "average_precision": m.average_precision, "log_loss": m.log_loss, "brier": m.brier,
            "confusion_matrix": m.confusion_matrix, "classification_report": report, "n": m.n,
            "warnings": scored.warnings,
        });
        write_file(path, serde_json::to_string_pretty(&out)?.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
