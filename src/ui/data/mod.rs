//! The Data step: choosing a file and what was read.

mod role_select;
mod step;
mod summary_panel;

pub use step::DataStep;
