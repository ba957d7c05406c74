//! Why a model cannot be written as ONNX. Every variant names what the graph could not express,
//! so the user knows which cleaning step, feature or value to change.

use thiserror::Error;

use crate::engine::clean::CleanError;
use crate::engine::model_io::ModelIoError;

/// An ONNX export that would not score exactly like micronum is refused with one of these.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum OnnxError {
    #[error(transparent)]
    Model(#[from] ModelIoError),
    /// Replaying a text step on the labels failed (not expected for a valid model).
    #[error(transparent)]
    Clean(#[from] CleanError),
    /// `step` is 1-based, as the cleaning log is shown.
    #[error("cleaning step {step} ({description}) cannot be done in ONNX: {reason}")]
    UnsupportedStep { step: usize, description: String, reason: String },
    /// A feature's name is empty, the output's, one of the graph's own value names or another
    /// feature's.
    #[error("the model has a feature named {name:?}, which ONNX cannot use as an input name here ({reason})")]
    BadInputName { name: String, reason: &'static str },
}
