//! The Clean step: target, problems, the editable cleaning log and what Apply did.

mod problems;
mod report;
mod step;
mod step_editor;
mod target_picker;

pub use step::CleanStep;
