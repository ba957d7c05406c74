//! The worker side: a job handler that owns the data between requests, plus (wasm only) the
//! entry that connects it to `postMessage`.
//!
//! The handler is plain Rust so native tests drive it exactly as the page does. Cancel is a hard
//! stop: the page terminates the worker and starts a fresh one (see `ui::worker_handle`), so a
//! job never needs to poll for it; progress events are still sent between units of work.

pub mod demo;
mod fit;
mod handler;
mod monitor;
mod report;
mod retrain;
mod segments;

#[cfg(target_arch = "wasm32")]
pub mod entry;
#[cfg(target_arch = "wasm32")]
mod pool;

pub use handler::Handler;
