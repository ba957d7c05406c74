//! The worker side: a job handler over the engine's session (which owns the data between
//! requests), plus (wasm only) the entry that connects it to `postMessage`.
//!
//! The handler is plain Rust so native tests drive it exactly as the page does. Cancel is a hard
//! stop: the page terminates the worker and starts a fresh one (see `ui::worker_handle`), so a
//! job never needs to poll for it; progress events are still sent between units of work.

pub mod demo;
mod error;
mod explain;
mod explain_global;
mod explore;
mod figures;
mod handler;
mod monitor;
mod progress;
mod report;
mod retrain;
mod views;

#[cfg(target_arch = "wasm32")]
mod blob;
#[cfg(target_arch = "wasm32")]
pub mod entry;
#[cfg(target_arch = "wasm32")]
mod pool;

pub use error::WorkerError;
pub use explain_global::GlobalShare;
pub use handler::Handler;
