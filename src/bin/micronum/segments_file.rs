//! Reading and writing segment definitions files for `segment --save`, `assign` and
//! `export-sql --segments`, with the path in every error.

use std::path::Path;

use anyhow::Context;
use micronum::engine::clean::CleaningLog;
use micronum::engine::model_io::Model;
use micronum::engine::segment::definitions::SegmentDefinitions;
use micronum::engine::segment::{SegmentRun, SegmentSpec};
use micronum::engine::table::Table;

use crate::common::{now_iso, write_file};

/// Writes the definitions of `run` (the segmentation of the cleaned `table` made as `spec`
/// says after the `cleaning` log as applied); `model` ranked the rows, for deciles. Definitions
/// that would not read back are refused before the file is touched.
pub fn save(
    path: &Path,
    (table, spec, run): (&Table, &SegmentSpec, &SegmentRun),
    cleaning: CleaningLog,
    model: Option<&Model>,
) -> anyhow::Result<()> {
    let not_saved = || format!("segment definitions not saved to {}", path.display());
    let defs = SegmentDefinitions::new(table, spec, run, cleaning, model, now_iso())
        .with_context(not_saved)?;
    let json = defs.to_json().with_context(not_saved)?;
    write_file(path, json.as_bytes())?;
    let columns: Vec<&str> = defs.columns.iter().map(|c| c.name.as_str()).collect();
    let reads = match (columns.is_empty(), &defs.model) {
        (true, Some(m)) => format!("the scores of the model created {}", m.created),
        _ => columns.join(", "),
    };
    eprintln!(
        "segment definitions ({} segments; they read {reads}) written to {}",
        defs.segments.len(),
        path.display()
    );
    Ok(())
}

/// Reads and validates a definitions file.
pub fn read(path: &Path) -> anyhow::Result<SegmentDefinitions> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    SegmentDefinitions::from_json(&text).with_context(|| format!("{}", path.display()))
}
