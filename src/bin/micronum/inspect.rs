//! `micronum inspect FILE` (being built).

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `inspect`.
#[derive(clap::Args)]
pub struct Args {
    /// The CSV file to read.
    pub file: PathBuf,
}

/// Runs `inspect`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("inspect {}: ingest is not built yet", args.file.display())
}
