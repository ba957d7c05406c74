//! Segment definitions as one SQL `SELECT` that tags every row of a table exactly as
//! [`super::assign`] tags a batch, returning `row`, the id and `segment` (the label).
//!
//! Shape: the model export's cleaning chain (`model_io::sql`: `micronum_input` reads and
//! numbers the rows, one `micronum_step_N` per translated cleaning step, the same refusals by
//! step number), then the method:
//! - grid: each column's bin label by a `CASE` over the training cut points or kept labels,
//!   joined with `' × '`;
//! - tree rules: one `CASE WHEN <rule> THEN <label>` per leaf (first match, as `assign`);
//! - overlapping rules: a flag per rule, then one `SELECT` per rule joined by `UNION ALL`, so a
//!   row gets a line per segment it is in (ordered by row, then segment);
//! - k-means: `micronum_scaled` standardizes the numbers, `micronum_distances` sums the squared
//!   differences to each centre coordinate by coordinate in micronum's order (every term a
//!   64-bit float, one-hot terms computed in Rust), and the nearest centre is the first with
//!   the least distance, as `kmeans::nearest_centre` picks it. `micronum_scaled` is
//!   `MATERIALIZED` (SQLite 3.35+, PostgreSQL 12+, DuckDB): each distance reads every scaled
//!   value twice, and inlined, the databases computed them again each time (1M rows, k = 5:
//!   SQLite 36 s → 17 s, PostgreSQL 14 s → 10 s, DuckDB 4.4 s → 2.6 s, same result);
//! - deciles are refused: the query cannot compute the model's probability.
//!
//! Exactness: numbers are written with their shortest round-trip digits and every operation is
//! IEEE double arithmetic, so distances are micronum's to the bit on finite data (PostgreSQL
//! raises an error where a value overflows a double; micronum would carry ±∞). `row` is the
//! 0-based position in the table's scan order.

mod exprs;
mod methods;

use thiserror::Error;

use super::condition::ColumnKind;
use super::file::SegmentDefinitions;
use super::tagging::Tagging;
use super::{validate, DefinitionsError};
use crate::engine::forest::FeatureSpec;
use crate::engine::model_io::sql::{
    cleaning_ctes, comment, ident, plan, string, table, Dialect, SqlError,
};

/// What to write.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentSqlOptions {
    pub dialect: Dialect,
    /// The table to tag: `name` or `schema.name`.
    pub table: String,
    /// Accept that the query tags every row where the cleaning log would drop some
    /// (duplicates, rows missing the target); the other rows' segments do not change.
    pub keep_all_rows: bool,
}

impl Default for SegmentSqlOptions {
    fn default() -> Self {
        SegmentSqlOptions { dialect: Dialect::Sqlite, table: "batch".into(), keep_all_rows: false }
    }
}

/// The query and how each cleaning step was handled.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentSqlExport {
    pub sql: String,
    pub notes: Vec<String>,
}

/// Why the definitions cannot be written as SQL that tags as `assign` does.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SegmentSqlError {
    #[error(transparent)]
    Sql(#[from] SqlError),
    #[error(transparent)]
    Definitions(#[from] DefinitionsError),
    #[error("decile segments cut a model's probability, which this query cannot compute: score the table with the model's query (micronum export-sql --model) and cut its proba at {cuts} (highest group first), or tag batches with micronum assign --model")]
    Deciles { cuts: String },
}

/// Writes `defs` as a query tagging `opts.table`.
pub fn export_segments_sql(
    defs: &SegmentDefinitions,
    opts: &SegmentSqlOptions,
) -> Result<SegmentSqlExport, SegmentSqlError> {
    validate::check(defs)?;
    let d = opts.dialect;
    let from_table = table(&opts.table)?;
    if opts.table.to_ascii_lowercase().starts_with("micronum_") && !opts.table.contains('.') {
        return Err(SqlError::BadTableName(opts.table.clone()).into());
    }
    let features: Vec<FeatureSpec> = defs
        .columns
        .iter()
        .map(|c| FeatureSpec {
            name: c.name.clone(),
            levels: (c.kind == ColumnKind::Categorical).then(Vec::new),
        })
        .collect();
    let raw: Vec<String> = defs.columns.iter().map(|c| ident(&c.name)).collect::<Result<_, _>>()?;
    let cols: Vec<String> = (0..features.len()).map(|j| format!("c{j}")).collect();
    let mut plan = plan(&defs.cleaning, &features, &raw, &cols, d, opts.keep_all_rows)?;
    // The plan speaks of a model's columns; these are the segments'.
    for note in plan.notes.iter_mut() {
        *note = note.replace("the model does not use that column", "the segments do not read it");
    }
    let id = defs.id_column.as_deref().map(ident).transpose()?;
    let (ctes, _, from) = cleaning_ctes(&plan, id.as_deref(), &cols, &from_table);
    let column = |name: &str| -> String {
        let j = defs.columns.iter().position(|c| c.name == name).unwrap_or(0);
        cols[j].clone()
    };
    let names: Vec<String> =
        defs.segments.iter().map(|s| string(&s.label)).collect::<Result<_, _>>()?;
    let out = methods::Output { id: id.as_deref(), from: &from, d };
    let (more_ctes, select) = match &defs.tagging {
        Tagging::Grid(g) => (String::new(), methods::grid(g, &column, &out)?),
        Tagging::Rules(r) if r.overlapping => methods::overlapping(r, &names, &column, &out)?,
        Tagging::Rules(r) => (String::new(), methods::first_rule(r, &names, &column, &out)?),
        Tagging::KMeans(k) => methods::kmeans(k, &names, &column, &out)?,
        Tagging::Deciles(t) => {
            let cuts: Vec<String> = t.cuts.iter().map(|c| c.to_string()).collect();
            return Err(SegmentSqlError::Deciles { cuts: cuts.join(", ") });
        }
    };
    let mut sql = header(defs, opts, &plan.notes);
    sql.push_str("WITH\n");
    sql.push_str(&ctes);
    sql.push_str(&more_ctes);
    sql.push('\n');
    sql.push_str(&select);
    Ok(SegmentSqlExport { sql, notes: plan.notes })
}

/// The comment block at the top: what the query returns and how the cleaning was handled.
fn header(defs: &SegmentDefinitions, opts: &SegmentSqlOptions, notes: &[String]) -> String {
    let c = comment;
    let mut h = format!(
        "-- micronum segments ({}, {} segments, created {}) for every row of {}.\n-- Dialect: {}. Output: row (0-based, in scan order){}, segment.\n",
        c(&defs.description),
        defs.segments.len(),
        c(&defs.created),
        c(&opts.table),
        opts.dialect,
        defs.id_column.as_deref().map(|i| format!(", {}", c(i))).unwrap_or_default(),
    );
    let columns: Vec<String> = defs
        .columns
        .iter()
        .map(|col| {
            let kind = if col.kind == ColumnKind::Numeric { "number" } else { "text" };
            format!("{} ({kind})", c(&col.name))
        })
        .collect();
    h.push_str(&format!("-- Columns read: {}.\n", columns.join(", ")));
    if notes.is_empty() {
        h.push_str("-- Cleaning: none.\n");
    }
    for n in notes {
        h.push_str(&format!("-- Cleaning {}\n", c(n)));
    }
    h
}
