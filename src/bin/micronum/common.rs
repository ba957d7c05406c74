//! Helpers shared by the subcommands: reading a CSV into a table with the file name in errors,
//! and writing outputs.

use std::path::Path;

use anyhow::Context;
use micronum::engine::ingest::{ingest, IngestOptions, Ingested};

/// Reads and parses `path`; errors say which file.
pub fn read_table(path: &Path) -> anyhow::Result<Ingested> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let opts = IngestOptions { file_name: name, ..Default::default() };
    ingest(&bytes, &opts).with_context(|| format!("{}", path.display()))
}

/// Writes `text` to `path`, with the path in the error.
pub fn write_file(path: &Path, text: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
