//! `micronum export-sql --model M.json`: write the model as one SQL query that scores a table
//! in SQLite, PostgreSQL or DuckDB exactly as `micronum predict` scores a file. With
//! `--segments S.json`, the query tags the table as `micronum assign` does (`export_segments`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use micronum::engine::model_io::sql::{export_sql, Dialect, SqlOptions};

use crate::common::{read_model, write_file};

/// Database dialects.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DialectArg {
    Sqlite,
    Postgres,
    Duckdb,
}

/// Arguments of `export-sql`.
#[derive(clap::Args)]
pub struct Args {
    /// The model file written by `train`.
    #[arg(long, required_unless_present = "segments", conflicts_with = "segments")]
    pub model: Option<PathBuf>,
    /// Segment definitions written by `segment --save`: the query tags rows with segments.
    #[arg(long)]
    pub segments: Option<PathBuf>,
    /// SQL dialect of the query.
    #[arg(long, value_enum, default_value = "sqlite")]
    pub dialect: DialectArg,
    /// Table to score (`name` or `schema.name`); it holds the raw columns, missing as NULL.
    #[arg(long, default_value = "batch")]
    pub table: String,
    /// Score every row even where the cleaning log would drop rows (duplicates, rows missing
    /// the target); other rows' scores do not change.
    #[arg(long)]
    pub keep_all_rows: bool,
    /// Write the query here (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs `export-sql`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dialect = match args.dialect {
        DialectArg::Sqlite => Dialect::Sqlite,
        DialectArg::Postgres => Dialect::Postgres,
        DialectArg::Duckdb => Dialect::Duckdb,
    };
    let model_path = match (&args.model, &args.segments) {
        (_, Some(segments)) => return crate::export_segments::run(&args, segments, dialect),
        (Some(model), None) => model,
        (None, None) => anyhow::bail!("give --model M.json or --segments S.json"),
    };
    let model = read_model(model_path)?;
    let opts = SqlOptions { dialect, table: args.table.clone(), keep_all_rows: args.keep_all_rows };
    let export = export_sql(&model, &opts).with_context(|| model_path.display().to_string())?;
    for note in &export.notes {
        eprintln!("{note}");
    }
    eprintln!(
        "{} trees, deepest CASE nesting {}, {} bytes of {dialect} SQL",
        model.forest.trees.len(),
        export.max_nesting,
        export.sql.len()
    );
    match &args.out {
        Some(path) => write_file(path, export.sql.as_bytes())?,
        None => std::io::stdout().write_all(export.sql.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
