//! Leptos components of the single-page app (wasm only). One component per file, grouped by
//! step (`data`, `clean`, `explore`, `model`, `segments`, `monitor`, `report`) plus `common`
//! ones; computation lives in the engine (run in the worker) so these files only lay out and
//! wire signals. `state` holds what the worker sent, stamped with what it was computed from.

mod app;
mod clean;
mod common;
mod data;
mod dom;
mod explain;
mod explore;
mod idb;
mod model;
mod monitor;
mod report;
mod segments;
mod state;
mod step;
mod worker_handle;

pub use app::App;
pub use state::{AppState, Step};
pub use worker_handle::WorkerHandle;
