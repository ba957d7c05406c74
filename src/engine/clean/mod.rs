//! Cleaning as data: an ordered, serializable, replayable log of steps (being built).
//!
//! The step vocabulary is fixed here first because the model file stores the log.

mod steps;

pub use steps::{CleaningLog, CleaningStep, ImputeStrategy, OutlierMethod};
