//! `micronum export-sql --segments S.json`: write segment definitions as one SQL query that
//! tags every row of a table with its segment exactly as `micronum assign` tags a file.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use micronum::engine::model_io::sql::Dialect;
use micronum::engine::segment::definitions::sql::{export_segments_sql, SegmentSqlOptions};

use crate::common::write_file;
use crate::export_sql::Args;
use crate::segments_file;

/// Runs `export-sql` for the definitions at `path`.
pub fn run(args: &Args, path: &Path, dialect: Dialect) -> anyhow::Result<ExitCode> {
    let defs = segments_file::read(path)?;
    let opts =
        SegmentSqlOptions { dialect, table: args.table.clone(), keep_all_rows: args.keep_all_rows };
    let export = export_segments_sql(&defs, &opts).with_context(|| path.display().to_string())?;
    for note in &export.notes {
        eprintln!("{note}");
    }
    eprintln!(
        "{} segments ({}), {} bytes of {dialect} SQL",
        defs.segments.len(),
        defs.method,
        export.sql.len()
    );
    match &args.out {
        Some(out) => write_file(out, export.sql.as_bytes())?,
        None => std::io::stdout().write_all(export.sql.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
