//! A saved model as an ONNX file, so production systems score it with onnxruntime (Python, C#,
//! Java, JavaScript) or a database's ONNX scoring, without micronum.
//!
//! The graph (see [`to_onnx`]): one input per feature, named as the column, shape [N, 1] —
//! numbers as doubles (NaN when missing), text as strings ("" when missing, otherwise the cell
//! trimmed, as micronum's CSV reader trims it); the model's cleaning steps ([`cleaning`]); the
//! forest as one ai.onnx.ml `TreeEnsemble` (opset 5, double thresholds, label splits as
//! `BRANCH_MEMBER`, missing values routed as the forest learnt; [`trees`]); the output
//! [`OUTPUT`], P(positive) [N, 1]. The model's target, labels, training fingerprint and the
//! micronum version are metadata properties.
//!
//! Exactness: every comparison is between the same doubles micronum compares, and the AVERAGE
//! of the leaf values differs from micronum's exact (fixed-point) mean by rounding only (below
//! 1e-15). What the graph cannot repeat exactly is refused ([`OnnxError`]), never approximated.
//! Encoding: the protobuf is written by hand ([`wire`], [`proto`], [`file`]): no dependency,
//! and it builds for the browser (no file system, no clock).
//!
//! Versions: IR version 10, ai.onnx opset 21 and ai.onnx.ml opset 5 (ONNX 1.16, the first with
//! `TreeEnsemble`). Measured with onnxruntime's Python wheels: 1.18 to 1.20 have no kernel for
//! `TreeEnsemble` opset 5; 1.21 to 1.23 have one but stall (over 5 minutes) loading or running a
//! 100-tree forest with `BRANCH_MEMBER` splits; 1.24 runs it (7 s to load), 1.28 and 1.31 load it
//! in under a second, all with scores equal to micronum's. The tests pin 1.31.1
//! (`tests/onnx_check.py`). The older `TreeEnsembleRegressor` (ai.onnx.ml 3) would run on more
//! versions but has float outputs and no set splits; it is not needed for a current onnxruntime.

mod cleaning;
mod error;
mod export;
mod file;
mod graph;
mod proto;
mod trees;
mod wire;

pub use cleaning::MAX_TOKEN_LETTERS;
pub use error::OnnxError;
pub use export::{to_onnx, OnnxExport, IR_VERSION, ML_OPSET, OPSET};
pub use graph::OUTPUT;

#[cfg(test)]
mod tests;
