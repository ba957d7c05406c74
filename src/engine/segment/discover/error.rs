//! Errors of micro-segment discovery: parameters outside their range (each names the parameter
//! and the value), data that cannot be searched (with the facts: rows, columns, values), a
//! cancelled run, and rules that cannot be applied to a table.

use thiserror::Error;

/// Why discovery did not run or stopped.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DiscoverError {
    #[error("max_conditions must be 1, 2 or 3, got {0}")]
    MaxConditions(usize),
    #[error("min_support must be at least 1 row, got {0}")]
    MinSupport(u64),
    #[error("fdr must be strictly between 0 and 1, got {0}")]
    Fdr(f64),
    #[error("cuts (quantile cut points per numeric column) must be between 1 and {max}, got {got}", max = super::params::MAX_CUTS)]
    Cuts { got: usize },
    #[error("max_results must be between 1 and {max}, got {got}", max = super::params::MAX_RESULTS)]
    MaxResults { got: usize },
    #[error("max_overlap (Jaccard of member sets) must be in (0, 1], got {0}")]
    MaxOverlap(f64),
    #[error("holdout (share of rows held out for testing) must be between 0.2 and 0.8, got {0}")]
    Holdout(f64),
    #[error("{rows} rows are too few: the search half needs at least {needed} (2 × min_support) with both classes, and the held-out half both classes")]
    TooFewRows { rows: usize, needed: usize },
    #[error("no usable feature columns (numeric or categorical) to build conditions from")]
    NoFeatures,
    #[error("the {columns} feature columns give {conditions} conditions, more than the {max} a search of 2–3 conditions can count: use fewer cuts, fewer columns or max_conditions 1")]
    TooManyConditions { columns: usize, conditions: usize, max: usize },
    #[error("{got} model probabilities were given for {rows} rows")]
    ProbaLength { got: usize, rows: usize },
    #[error(
        "row {row}: model probability {value} is outside [0, 1] (NaN marks a row without one)"
    )]
    BadProba { row: usize, value: f64 },
    #[error("discovery was cancelled")]
    Cancelled,
}

/// Why a rule cannot be applied to a table.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RuleError {
    #[error("the rule uses column \"{column}\", which the table does not have; the columns are: {available}")]
    NoSuchColumn { column: String, available: String },
    #[error("the rule treats column \"{column}\" as {expected}, but it is {found} in this table")]
    WrongKind { column: String, expected: &'static str, found: &'static str },
    #[error("row {row} is outside the table ({rows} rows)")]
    RowOutOfRange { row: usize, rows: usize },
}
