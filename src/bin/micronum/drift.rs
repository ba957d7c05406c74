//! `micronum drift FILE --model M.json`: compare a batch with the model's training data (PSI per
//! feature and on the scores), print the report as JSON and a short table on stderr, and exit 3
//! when `--fail-on` is reached, so a pipeline can stop or retrain.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use micronum::engine::drift::{drift_report, DriftReport, FeatureDrift, Verdict};

use crate::common::{read_model, read_table, write_file};

/// Exit code when the drift reaches `--fail-on`.
pub const DRIFT_EXIT: u8 = 3;

/// Drift levels a pipeline can fail on.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Level {
    /// PSI of 0.1 or more anywhere.
    Moderate,
    /// PSI above 0.25 anywhere.
    Major,
}

impl Level {
    /// The verdict this level fails on.
    pub fn verdict(self) -> Verdict {
        match self {
            Level::Moderate => Verdict::Moderate,
            Level::Major => Verdict::Major,
        }
    }
}

/// Arguments of `drift`.
#[derive(clap::Args)]
pub struct Args {
    /// The CSV batch to compare with the training data.
    pub file: PathBuf,
    /// The model file written by `train`.
    #[arg(long)]
    pub model: PathBuf,
    /// Exit with code 3 when the overall drift reaches this level.
    #[arg(long, value_enum)]
    pub fail_on: Option<Level>,
    /// Write the JSON report here (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs `drift`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = read_model(&args.model)?;
    let batch = read_table(&args.file)?;
    let report = drift_report(&model, &batch.table)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    eprint!("{}", summary(&report));
    let json = serde_json::to_string_pretty(&report)? + "\n";
    match &args.out {
        Some(path) => write_file(path, json.as_bytes())?,
        None => std::io::stdout().write_all(json.as_bytes())?,
    }
    let limit = args.fail_on.map(Level::verdict);
    Ok(match limit {
        Some(limit) if report.verdict >= limit => ExitCode::from(DRIFT_EXIT),
        _ => ExitCode::SUCCESS,
    })
}

/// The human table: one line per feature, then the scores and the overall verdict.
fn summary(r: &DriftReport) -> String {
    let width = r.features.iter().map(|f| f.name.chars().count()).max().unwrap_or(0).max(10);
    let line = |f: &FeatureDrift, name: &str| {
        let unseen = match f.unseen_rows {
            0 => String::new(),
            n => format!("  ({n} rows with unseen labels)"),
        };
        format!("{name:<width$}  {:>8.4}  {}{unseen}\n", f.psi, f.verdict.as_str())
    };
    let mut s = format!("{:<width$}  {:>8}  verdict\n", "feature", "PSI");
    for f in &r.features {
        s.push_str(&line(f, &f.name));
    }
    match &r.prediction {
        Some(p) if r.training_data => s.push_str(&line(p, "(scores, in-sample: not judged)")),
        Some(p) => s.push_str(&line(p, "(scores)")),
        None => s.push_str("(scores: the model has no score profile; retrain to add one)\n"),
    }
    s.push_str(&format!(
        "{} rows; overall drift {}{}\n",
        r.rows,
        r.verdict.as_str(),
        if r.retrain_recommended { "; retraining is recommended" } else { "" }
    ));
    s
}
