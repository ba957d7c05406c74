//! The analytics engine: pure Rust, no web dependencies, unit-tested natively.
//!
//! Everything the app and the CLI compute lives here, so the browser build and the native build
//! give the same numbers. Nothing in this tree may import leptos, web-sys, js-sys, wasm-bindgen,
//! gloo or plotters (`tests/architecture.rs` enforces it).

pub mod baseline;
pub mod clean;
pub mod csv_out;
pub mod dataset;
pub mod display;
pub mod drift;
pub mod eda;
pub mod evaluate;
pub mod explain;
pub mod finite;
pub mod forest;
pub mod ingest;
pub mod math;
pub mod metrics;
pub mod model_io;
pub mod rng;
pub mod segment;
pub mod session;
pub mod split;
pub mod stack;
pub mod stats;
pub mod surface;
pub mod table;
pub mod target;
pub mod training;
pub mod useful;
