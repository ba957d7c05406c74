//! micronum: random-forest purchase prediction and micro-segment analysis that runs entirely in
//! the browser (Rust → WebAssembly) and, with the same engine, as a native CLI.
//!
//! Layers, with dependencies pointing one way (engine ← protocol ← worker ← ui; charts ← ui;
//! engine, charts ← report):
//! - [`engine`]: pure Rust data, statistics, forest, metrics, segments;
//! - [`protocol`]: the versioned serde messages between the page and its worker;
//! - [`worker`]: the job handler (native-testable) and its wasm entry;
//! - [`charts`]: `draw_*` functions generic over plotters' `DrawingBackend`;
//! - [`report`]: the printable HTML report (engine + charts → one self-contained page);
//! - `ui`: the Leptos components (wasm only).

pub mod charts;
pub mod engine;
pub mod protocol;
pub mod report;
pub mod worker;

#[cfg(target_arch = "wasm32")]
pub mod ui;
