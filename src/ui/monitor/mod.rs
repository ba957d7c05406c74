//! The Monitor step: the current model, the registry, scoring batches, drift and retraining.

mod batch_panel;
mod batch_view;
mod comparison;
mod current_model;
mod drift;
mod history;
mod onnx_export;
mod registry;
mod registry_row;
mod retrain;
mod segment_mix;
mod sql_export;
mod step;
mod storage;

pub use step::MonitorStep;
pub use storage::{persist_history, save_model};
