//! The Report step: the session's HTML report, built in the worker.

mod step;

pub use step::ReportStep;
