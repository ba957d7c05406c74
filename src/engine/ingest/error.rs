//! Why a file could not become a table. Lines are 1-based as an editor shows them (the header is
//! line 1); columns are named by their header text.

use thiserror::Error;

/// Everything that can stop ingest. Each message says where and what was found.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum IngestError {
    #[error("the file is empty")]
    Empty,
    #[error("this does not look like a CSV table: one line of {len} characters with no delimiter and no line breaks")]
    NoStructure { len: usize },
    #[error("the file has a header line but no data rows")]
    HeaderOnly,
    #[error("this is not a text file (it contains binary data near byte {offset}); export the data as CSV")]
    Binary { offset: usize },
    #[error("this looks like JSON, not CSV; export the data as CSV")]
    LooksLikeJson,
    #[error("this is a gzip-compressed file; decompress it first")]
    Gzip,
    #[error("this looks like a zip archive (an .xlsx workbook?); export the sheet as CSV")]
    Zip,
    #[error(
        "line {line}, column \"{column}\": the cell is {len} bytes long, over the limit of {max}"
    )]
    CellTooLong { line: u64, column: String, len: usize, max: usize },
    #[error("the header has {found} columns, over the limit of {max}; save a copy of the file with only the columns you need (the ids, the target and the candidate features)")]
    TooManyColumns { found: usize, max: usize },
    #[error("about {cells} cells would not fit in memory (limit {max}); use a sample of the file")]
    TooLarge { cells: u64, max: u64 },
    #[error("line {line}: {found} fields, but the header has {expected}")]
    RaggedRow { line: u64, expected: usize, found: usize },
    #[error("line {line}: a quoted field starts here and is never closed (unterminated quote)")]
    UnterminatedQuote { line: u64 },
    #[error("line {line}: cannot read the CSV record ({message})")]
    Malformed { line: u64, message: String },
}

/// A file over the browser's size limit, refused before it is read. Its own type (not an
/// [`IngestError`] variant) so that the page, which only checks the size, does not link every
/// ingest message.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("the file is {} MB; files up to {} MB can be read here (the page's memory must also hold the columns) — use the micronum command line, or split the file", .bytes / 1_000_000, .max / 1_000_000)]
pub struct FileTooLarge {
    pub bytes: u64,
    pub max: u64,
}
