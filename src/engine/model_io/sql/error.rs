//! Why a model cannot be written as SQL. Every variant names what SQL could not express, so the
//! user knows which step or value to change.

use thiserror::Error;

use crate::engine::model_io::ModelIoError;

/// An SQL export that would not score exactly like micronum is refused with one of these.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SqlError {
    #[error(transparent)]
    Model(#[from] ModelIoError),
    #[error("unknown SQL dialect \"{0}\"; use sqlite, postgres or duckdb")]
    UnknownDialect(String),
    #[error("\"{0}\" is not a table name")]
    BadTableName(String),
    #[error("{0:?} contains a NUL character, which SQL cannot quote")]
    Unquotable(String),
    #[error("{0} is not a finite number, which SQL cannot write")]
    NotFinite(String),
    /// `step` is 1-based, as the cleaning log is shown.
    #[error("cleaning step {step} ({description}) cannot be done in SQL: {reason}")]
    UnsupportedStep { step: usize, description: String, reason: String },
    /// `step` is 1-based.
    #[error("cleaning step {step} ({description}) drops rows, but the query scores every row of the table (the scores of the other rows are the same); allow it with --keep-all-rows")]
    RowsDropped { step: usize, description: String },
    /// `tree` is 0-based, as in the model file.
    #[error("tree {tree} is {depth} levels deep; SQL engines refuse expressions nested deeper than {limit} (train with a max_depth)")]
    TooDeep { tree: usize, depth: usize, limit: usize },
}
