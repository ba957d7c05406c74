//! The analysis report: one self-contained, printable HTML page built from plain data.
//!
//! The CLI (`micronum report`) and the browser worker fill a [`ReportInput`] with results the
//! engine already computed (summaries, cleaning step reports, EDA, evaluation, segments, drift)
//! and call [`build_report`]; this module computes nothing of its own except the EDA bundle of
//! [`EdaData::compute`] and the sentences of the findings. Charts are the `crate::charts` draw
//! functions rendered to inline SVG through plotters' SVG backend, so the page needs no script
//! and no network (its own CSP forbids both).
//!
//! Layers: this module may use `engine` and `charts` only (no web crates, not protocol, worker
//! or ui), so it compiles natively and to wasm; `tests/architecture.rs` enforces it.
//!
//! Escaping: user text (file name, column names, labels, step descriptions) is HTML-escaped by
//! [`esc`] wherever it is written; text inside the SVG is escaped by the SVG backend.

mod build;
mod css;
mod eda;
mod explain;
mod explain_parts;
mod figures;
mod findings;
mod gather;
mod html;
mod input;
mod model;
mod segments;
mod session;
mod summary;

pub use build::{build_report, CSP};
pub use explain::{
    explain_section, gains_cells, global_html, global_words, profit_html, profit_words,
    top_customers_html, CustomerReasons, ExplainInput, GAINS_HEADERS,
};
pub use explain_parts::{ExplainParts, HeldOutRows, REASONS, SUMMARY_FEATURES, TOP_CUSTOMERS};
pub use findings::{findings, majority, Finding, TOP, WIDE_INTERVAL};
pub use gather::EdaData;
pub use html::esc;
pub use input::{DataInput, DriftRow, EdaInput, EvalScope, ModelInput, ReportInput, SegmentsInput};
pub use session::{ModelParts, SessionReport};

#[cfg(test)]
mod explain_tests;
#[cfg(test)]
mod tests;
