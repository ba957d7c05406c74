//! Why a cleaning log could not be applied. Steps are numbered from 1 as the user sees them.

use thiserror::Error;

/// A step whose parameters cannot work on this table.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CleanError {
    #[error("step {step}: column \"{column}\": fill value {value:?} is not a number")]
    BadFillValue { step: usize, column: String, value: String },
    #[error("step {step}: column \"{column}\": the range [{min}, {max}] is empty")]
    EmptyRange { step: usize, column: String, min: f64, max: f64 },
    #[error("step {step}: the cleaning log is not valid JSON for micronum ({message})")]
    BadLog { step: usize, message: String },
    #[error("step {step}: column \"{column}\": {message}")]
    NotDates { step: usize, column: String, message: String },
}
