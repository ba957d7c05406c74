//! `micronum assign BATCH --segments S.json`: tag a new batch with saved segment definitions
//! (their cleaning log replayed) and write `row[,id],segment`; with `--mix`, the batch's segment
//! shares against training and their PSI; with `--fail-on`, exit 3 when that PSI reaches the
//! level (as `drift --fail-on`). Deciles need `--model`: the model they were made with scores the
//! batch first.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use micronum::engine::segment::definitions::{assign, segment_mix, SegmentMix};

use crate::common::{read_model, read_table, write_file};
use crate::drift::{Level, DRIFT_EXIT};
use crate::segments_file;

/// Arguments of `assign`.
#[derive(clap::Args)]
pub struct Args {
    /// The CSV batch to tag.
    pub file: PathBuf,
    /// The segment definitions written by `segment --save`.
    #[arg(long)]
    pub segments: PathBuf,
    /// The model that decile segments were made with (it scores the batch).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write the assignments here (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the segment mix against training (JSON) here, and print it on stderr.
    #[arg(long)]
    pub mix: Option<PathBuf>,
    /// Exit with code 3 when the segment mix PSI reaches this level (after writing the files).
    #[arg(long, value_enum)]
    pub fail_on: Option<Level>,
}

/// Runs `assign`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let defs = segments_file::read(&args.segments)?;
    let batch = read_table(&args.file)?;
    let file = args.file.display().to_string();
    let proba = match (&defs.model, &args.model) {
        (Some(_), None) => {
            bail!("these segments are deciles of a model's scores: give --model M.json (the model they were made with)")
        }
        (Some(_), Some(path)) => {
            let model = read_model(path)?;
            defs.check_model(&model).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let scored =
                model.predict_table(&batch.table).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
            Some(scored.proba)
        }
        (None, _) => None,
    };
    let tagged = assign(&defs, &batch.table, proba.as_deref())
        .map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    for w in &tagged.warnings {
        eprintln!("warning: {w}");
    }
    let buf = tagged.to_csv(defs.id_column.as_deref());
    match &args.out {
        Some(path) => write_file(path, &buf)?,
        None => std::io::stdout().write_all(&buf)?,
    }
    let mix = segment_mix(&defs, &tagged)?;
    let new = tagged.labels.len() - defs.segments.len();
    eprintln!(
        "{} rows in {} segments{}; segment mix PSI {}",
        tagged.n_rows(),
        mix.segments.iter().filter(|s| s.batch_n > 0).count(),
        if new > 0 { format!(" ({new} not in training)") } else { String::new() },
        match (mix.psi, mix.verdict) {
            (Some(p), Some(v)) => format!("{p:.4} ({})", v.as_str()),
            _ => "not defined (overlapping segments)".into(),
        }
    );
    if let Some(path) = &args.mix {
        eprint!("{}", table(&mix));
        write_file(path, (serde_json::to_string_pretty(&mix)? + "\n").as_bytes())?;
    }
    Ok(match (args.fail_on, mix.verdict) {
        (Some(level), Some(verdict)) if verdict >= level.verdict() => ExitCode::from(DRIFT_EXIT),
        _ => ExitCode::SUCCESS,
    })
}

/// The mix as a text table: label, training share, batch share.
fn table(mix: &SegmentMix) -> String {
    let width = mix.segments.iter().map(|s| s.label.chars().count()).max().unwrap_or(7).max(7);
    let mut out = format!("{:width$}  training     batch\n", "segment");
    for s in &mix.segments {
        let pad = width - s.label.chars().count();
        out += &format!(
            "{}{}  {:>7.1}%  {:>7.1}%\n",
            s.label,
            " ".repeat(pad),
            100.0 * s.training_share,
            100.0 * s.batch_share
        );
    }
    out
}
