//! Leptos components of the single-page app (wasm only). One component per file; computation
//! lives in the engine (run in the worker) so these files only lay out and wire signals.

mod app;
mod chart_canvas;
mod clean_step;
mod data_step;
mod dom;
mod explore_step;
mod help_link;
mod idb;
mod job_progress;
mod model_results;
mod model_step;
mod monitor_drift;
mod monitor_step;
mod preview_table;
mod rail;
mod report_step;
mod segment_table;
mod segments_step;
mod state;
mod step_editor;
mod surface_panel;
mod worker_handle;

pub use app::App;
pub use state::{AppState, Step};
pub use worker_handle::WorkerHandle;
