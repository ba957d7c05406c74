//! Why segment definitions could not be written, read or applied to a batch. Variants carry the
//! facts (column names, rows, values) so the CLI and the page show a specific message.

use thiserror::Error;

use crate::engine::clean::CleanError;

/// A definitions file refused, or a batch the definitions cannot tag.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DefinitionsError {
    #[error("not a micronum segment definitions file ({0})")]
    NotDefinitions(String),
    #[error("these segment definitions have version {found}; this micronum reads versions up to {supported} — update micronum")]
    UnsupportedVersion { found: u64, supported: u32 },
    /// What is wrong, and where in the file.
    #[error("invalid segment definitions: {0}")]
    Invalid(String),
    #[error(transparent)]
    Clean(#[from] CleanError),
    #[error("the batch has no column \"{column}\", which the segments need; its columns are: {available}")]
    MissingColumn { column: String, available: String },
    #[error(
        "column \"{column}\" held {expected} when the segments were made but holds {found} here"
    )]
    KindChanged { column: String, expected: &'static str, found: &'static str },
    #[error("decile segments rank rows by a model's probability: score the batch with the model they were made with (micronum assign --model M.json)")]
    NeedsScores,
    #[error("decile segments need the model whose scores ranked the rows")]
    NeedsModel,
    #[error("{found} probabilities for {expected} rows of the cleaned batch")]
    ScoresLength { expected: usize, found: usize },
    /// `row` is the 0-based record index in the batch file.
    #[error("row {row}: the probability {value} is not between 0 and 1")]
    BadScore { row: usize, value: f64 },
    #[error("these deciles were made with the model created {expected_created} (hash {expected}), not with this one (created {found_created}, hash {found})")]
    WrongModel { expected: String, expected_created: String, found: String, found_created: String },
}
