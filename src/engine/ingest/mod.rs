//! CSV ingest from raw bytes into a typed, column-major [`Table`].
//!
//! Steps: decode (gzip/zip/JSON/binary refused, BOMs, UTF-16, Latin-1 fallback) → sniff the
//! delimiter and decimal comma → stream records with the csv crate into per-column builders
//! (numbers while every cell parses, otherwise dictionary-encoded text) → infer each column's
//! kind with evidence → infer each column's role (feature, id, ignore; [`roles`]) → guess the
//! target and its positive label with evidence ([`target`]).
//!
//! Positions: `line` in errors is 1-based and counts the header as line 1; `row_ids` are the
//! 0-based record indices (header excluded). Blank lines are skipped; trailing empty fields
//! (a trailing delimiter) are tolerated; any other field-count mismatch is an error naming the line.

mod column;
pub mod dates;
mod decode;
mod error;
mod infer;
mod records;
pub mod roles;
mod sniff;
pub mod stream;
pub mod target;

use serde::{Deserialize, Serialize};

use crate::engine::table::{Column, Kind, Table};
pub use column::parse_number;
use column::ColumnBuilder;
pub use error::{FileTooLarge, IngestError};
pub use infer::{
    distinct_texts, id_like_name, infer_kind, is_missing_token, parse_formatted, MISSING_TOKENS,
};
use records::{Fields, Sink};
pub use roles::{effective_roles, infer_roles, ColumnRole, Role, RoleOverride, RoleReason};
pub use target::{
    guess_positive, guess_target, guess_target_with_evidence, target_mapping, TargetGuess,
    TargetGuessError,
};

/// How to read a file. `Default` sniffs everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestOptions {
    /// Field delimiter; `None` sniffs among `, ; \t |`.
    pub delimiter: Option<u8>,
    /// Numbers use a decimal comma; `None` sniffs (only when the delimiter is not `,`).
    pub decimal_comma: Option<bool>,
    /// Longest cell accepted, in bytes.
    pub max_cell_bytes: usize,
    /// Most columns accepted.
    pub max_columns: usize,
    /// Most cells (rows × columns) accepted, checked on an estimate before allocating.
    pub max_cells: u64,
    /// Name used in reports.
    pub file_name: Option<String>,
    /// Keep only a seeded random share of the records (for files too large to load whole).
    pub sample: Option<Sample>,
}

/// A seeded Bernoulli sample of records: each is kept with probability `fraction`, so the rows
/// kept are a random subset in file order, with their original record indices.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// Share of records kept, in (0, 1].
    pub fraction: f64,
    pub seed: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            delimiter: None,
            decimal_comma: None,
            max_cell_bytes: 65_536,
            max_columns: 2_000,
            max_cells: 200_000_000,
            file_name: None,
            sample: None,
        }
    }
}

/// One column as read, for the Data step and `micronum inspect`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnInfo {
    pub name: String,
    pub kind: Kind,
    pub evidence: String,
    pub missing: usize,
    pub distinct: usize,
    /// What the column is for (feature, target, id, ignore), inferred.
    #[serde(default)]
    pub role: Role,
    #[serde(default)]
    pub role_reason: RoleReason,
    /// Why, in words.
    #[serde(default)]
    pub role_evidence: String,
}

/// What ingest found out about the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestReport {
    pub file_name: Option<String>,
    pub encoding: String,
    pub delimiter: char,
    pub decimal_comma: bool,
    pub rows: usize,
    pub columns: Vec<ColumnInfo>,
    pub warnings: Vec<String>,
    pub target_guess: Option<String>,
    pub positive_guess: Option<String>,
    /// Why the target was guessed, or why no column could be one.
    #[serde(default)]
    pub target_evidence: Option<String>,
    /// Why the positive label was guessed.
    #[serde(default)]
    pub positive_evidence: Option<String>,
}

/// The table and the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    pub table: Table,
    pub report: IngestReport,
}

/// Largest file the browser build reads (its WebAssembly memory is at most 4 GB, and the file's
/// bytes, the decoded text and the columns live there together).
pub const MAX_FILE_BYTES: u64 = 1_000_000_000;

/// Refuses a file of `bytes` bytes before it is read, when it is over [`MAX_FILE_BYTES`].
pub fn check_file_size(bytes: u64) -> Result<(), FileTooLarge> {
    if bytes > MAX_FILE_BYTES {
        return Err(FileTooLarge { bytes, max: MAX_FILE_BYTES });
    }
    Ok(())
}

/// Reads `bytes` as a CSV table.
pub fn ingest(bytes: &[u8], opts: &IngestOptions) -> Result<Ingested, IngestError> {
    ingest_with_progress(bytes, opts, &mut |_, _| {})
}

/// Like [`ingest`], calling `progress(bytes_done, bytes_total)` about every megabyte.
pub fn ingest_with_progress(
    bytes: &[u8],
    opts: &IngestOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Ingested, IngestError> {
    let decoded = decode::decode(bytes)?;
    let text = decoded.text.as_ref();
    let delimiter = opts.delimiter.unwrap_or_else(|| sniff::sniff_delimiter(text));
    let decimal_comma =
        opts.decimal_comma.unwrap_or_else(|| sniff::sniff_decimal_comma(text, delimiter));
    let mut warnings = Vec::new();
    if decoded.encoding.starts_with("Latin-1") {
        warnings.push(LATIN1_WARNING.into());
    }
    let (table, warnings) = read_records(text, delimiter, decimal_comma, opts, warnings, progress)?;
    let format = Format { encoding: decoded.encoding, delimiter, decimal_comma };
    Ok(described(table, opts, format, warnings))
}

/// The warning of a file read as Latin-1.
const LATIN1_WARNING: &str = "The file is not valid UTF-8; it was read as Latin-1 (Windows-1252).";

/// The table with its kinds inferred, and the report of how it was read.
fn described(
    table: Table,
    opts: &IngestOptions,
    format: Format,
    warnings: Vec<String>,
) -> Ingested {
    let (table, evidence) = with_kinds(table);
    let report = report(&table, evidence, opts, format, warnings);
    Ingested { table, report }
}

fn read_records(
    text: &str,
    delimiter: u8,
    decimal_comma: bool,
    opts: &IngestOptions,
    warnings: Vec<String>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Table, Vec<String>), IngestError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let total = text.len();
    // An odd number of quote characters means a quoted field never ends (RFC 4180 doubles
    // quotes inside fields, which keeps the count even).
    let odd_quotes = text.bytes().filter(|&b| b == b'"').count() % 2 == 1;
    let sample = line_sample(text);
    let mut sink = Sink::new(opts.clone(), decimal_comma, rows_for(text.len(), sample), warnings);
    let mut next_report = 1 << 20;
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(IngestError::Malformed { line, message: e.to_string() }),
        }
        let line = record.position().map_or(line, |p| p.line());
        let at_end = reader.position().byte() as usize >= text.len();
        let unterminated = odd_quotes && at_end && record.iter().any(|f| f.contains('\n'));
        sink.record(&record, line, unterminated)?;
        let done = record.position().map_or(0, |p| p.byte() as usize);
        if done >= next_report {
            progress(done, total);
            next_report = done + (1 << 20);
        }
    }
    let out = sink.finish(text.trim().len())?;
    progress(total, total);
    Ok(out)
}

/// Where a record's cells go and how they are read.
struct Cells<'a> {
    line: u64,
    names: &'a [String],
    opts: &'a IngestOptions,
    decimal_comma: bool,
}

/// Appends one record's cells to the column builders. Not inlined: in the browser a function
/// runs as first compiled (quickly, unoptimised) until it is called again, so the work of a
/// long loop goes in a function it calls.
#[inline(never)]
fn push_record(
    record: &impl Fields,
    builders: &mut [ColumnBuilder],
    cells: Cells,
) -> Result<(), IngestError> {
    for (i, builder) in builders.iter_mut().enumerate() {
        let cell = record.get(i).unwrap_or("").trim();
        if cell.len() > cells.opts.max_cell_bytes {
            return Err(IngestError::CellTooLong {
                line: cells.line,
                column: cells.names[i].clone(),
                len: cell.len(),
                max: cells.opts.max_cell_bytes,
            });
        }
        builder.push(cell, cells.decimal_comma);
    }
    Ok(())
}

/// Field count without trailing empty fields beyond the first.
fn trimmed_len(record: &impl Fields) -> usize {
    let mut n = record.len();
    while n > 1 && record.get(n - 1).is_some_and(|f| f.trim().is_empty()) {
        n -= 1;
    }
    n
}

/// Header names: trimmed, empty ones named `column_N`, duplicates renamed `Age.1` (with a warning).
fn header_names(
    record: &impl Fields,
    opts: &IngestOptions,
    warnings: &mut Vec<String>,
) -> Result<Vec<String>, IngestError> {
    let n = trimmed_len(record);
    if n > opts.max_columns {
        return Err(IngestError::TooManyColumns { found: n, max: opts.max_columns });
    }
    let mut names: Vec<String> = Vec::with_capacity(n);
    for (i, raw) in (0..n).map(|i| record.get(i).unwrap_or("")).enumerate() {
        if raw.len() > opts.max_cell_bytes {
            return Err(IngestError::CellTooLong {
                line: 1,
                column: format!("column {}", i + 1),
                len: raw.len(),
                max: opts.max_cell_bytes,
            });
        }
        let mut name = raw.trim().to_string();
        if name.is_empty() {
            name = format!("column_{}", i + 1);
        }
        if names.contains(&name) {
            let mut k = 1;
            while names.contains(&format!("{name}.{k}")) {
                k += 1;
            }
            let renamed = format!("{name}.{k}");
            warnings.push(format!(
                "Column {} repeats the header \"{name}\"; it was renamed \"{renamed}\".",
                i + 1
            ));
            name = renamed;
        }
        names.push(name);
    }
    Ok(names)
}

/// The first lines of a text (at most 200, from `head`, its beginning): their bytes, each
/// counted with one byte of line end, and how many.
fn line_sample(head: &str) -> (usize, usize) {
    let sample: Vec<&str> = head.lines().take(200).collect();
    (sample.iter().map(|l| l.len() + 1).sum(), sample.len())
}

/// Rows of a text of `len` bytes, estimated from the average length of its first lines
/// (`sample`, see [`line_sample`]), for the memory check.
fn rows_for(len: usize, (bytes, lines): (usize, usize)) -> u64 {
    if lines == 0 || bytes == 0 {
        return 0;
    }
    (len as f64 / (bytes as f64 / lines as f64)).ceil() as u64
}

/// The table with each column's inferred kind, and the evidence for each.
fn with_kinds(mut table: Table) -> (Table, Vec<String>) {
    let evidence = table
        .columns
        .iter_mut()
        .map(|col| {
            let (kind, evidence) = infer_kind(col);
            col.kind = kind;
            evidence
        })
        .collect();
    (table, evidence)
}

/// How the file was written.
struct Format {
    encoding: &'static str,
    delimiter: u8,
    decimal_comma: bool,
}

fn report(
    table: &Table,
    evidence: Vec<String>,
    opts: &IngestOptions,
    format: Format,
    warnings: Vec<String>,
) -> IngestReport {
    let mut roles = infer_roles(table);
    let guess = guess_target_with_evidence(table, &roles);
    let target_guess = guess.as_ref().ok().map(|g| g.column.clone());
    if let Some(r) = roles.iter_mut().find(|r| Some(&r.column) == target_guess.as_ref()) {
        r.role = Role::Target;
        r.reason = RoleReason::Target;
        r.evidence = guess.as_ref().map(|g| g.evidence.clone()).unwrap_or_default();
    }
    let columns = table
        .columns
        .iter()
        .zip(evidence)
        .zip(roles)
        .map(|((c, evidence), role)| ColumnInfo {
            name: c.name.clone(),
            kind: c.kind,
            evidence,
            missing: c.data.missing_count(),
            distinct: distinct_count(c),
            role: role.role,
            role_reason: role.reason,
            role_evidence: role.evidence,
        })
        .collect();
    let (positive_guess, target_evidence, positive_evidence) = match guess {
        Ok(g) => (g.positive, Some(g.evidence), Some(g.positive_evidence)),
        Err(e) => (None, Some(e.to_string()), None),
    };
    IngestReport {
        file_name: opts.file_name.clone(),
        encoding: format.encoding.to_string(),
        delimiter: format.delimiter as char,
        decimal_comma: format.decimal_comma,
        rows: table.n_rows(),
        columns,
        warnings,
        target_guess,
        positive_guess,
        target_evidence,
        positive_evidence,
    }
}

fn distinct_count(c: &Column) -> usize {
    match &c.data {
        crate::engine::table::ColumnData::Numeric(v) => infer::distinct_numbers(v),
        crate::engine::table::ColumnData::Categorical { levels, .. } => levels.len(),
    }
}

#[cfg(test)]
mod tests;
