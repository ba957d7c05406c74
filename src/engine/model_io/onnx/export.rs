//! [`to_onnx`]: the model checked, its cleaning planned, its trees converted, the graph built
//! and the file encoded with the model's description as metadata.

use super::cleaning::plan;
use super::file::ModelFile;
use super::graph::{check_names, graph, OUTPUT};
use super::trees::Ensemble;
use super::OnnxError;
use crate::engine::model_io::{validate, Model};

/// ONNX IR version written (10: ONNX 1.16).
pub const IR_VERSION: i64 = 10;
/// ai.onnx opset imported (21: ONNX 1.16; every operator used exists since opset 20 or before).
pub const OPSET: i64 = 21;
/// ai.onnx.ml opset imported (5: `TreeEnsemble`).
pub const ML_OPSET: i64 = 5;

/// The file and what was noticed while writing it.
#[derive(Debug, Clone, PartialEq)]
pub struct OnnxExport {
    /// The ONNX file.
    pub bytes: Vec<u8>,
    /// How each cleaning step was handled, one line per step (also in the graph's doc).
    pub notes: Vec<String>,
    /// Each input (feature) name and whether it is text (else a number), in graph order.
    pub inputs: Vec<(String, bool)>,
}

/// Writes `model` as an ONNX file scoring P(positive) exactly as `Model::predict_table` does on
/// rows given as the inputs state (see the module documentation).
pub fn to_onnx(model: &Model) -> Result<OnnxExport, OnnxError> {
    validate::check(model)?;
    let features = &model.forest.features;
    check_names(features)?;
    let plan = plan(&model.cleaning, features)?;
    let ensemble = Ensemble::new(&model.forest.trees, features);
    let doc = graph_doc(model, &plan.notes);
    let file = ModelFile {
        ir_version: IR_VERSION,
        producer_name: "micronum",
        producer_version: env!("CARGO_PKG_VERSION"),
        doc: format!(
            "micronum random forest ({} trees): P({} = {}) per row",
            model.forest.trees.len(),
            model.target.column,
            model.target.labels[1]
        ),
        graph: graph(features, &plan, ensemble, doc),
        opsets: vec![("", OPSET), ("ai.onnx.ml", ML_OPSET)],
        metadata: metadata(model),
    };
    Ok(OnnxExport {
        bytes: file.encode(),
        notes: plan.notes,
        inputs: features.iter().map(|f| (f.name.clone(), f.levels.is_some())).collect(),
    })
}

/// The graph's description: inputs, output and how the cleaning was handled.
fn graph_doc(model: &Model, notes: &[String]) -> String {
    let mut doc = format!(
        "Inputs: one per feature, shape [N, 1]: numbers as double (NaN when missing), text as string (trimmed; \"\" when missing). Output: {OUTPUT} [N, 1] = P({} = {}).\nCleaning:",
        model.target.column, model.target.labels[1]
    );
    if notes.is_empty() {
        doc.push_str(" none.");
    }
    for n in notes {
        doc.push_str("\n  ");
        doc.push_str(n);
    }
    doc
}

/// The metadata properties: what the model predicts and which data it was trained on.
fn metadata(model: &Model) -> Vec<(String, String)> {
    let f = &model.fingerprint;
    let mut m = vec![
        ("micronum_version", env!("CARGO_PKG_VERSION").to_string()),
        ("created", model.created.clone()),
        ("target", model.target.column.clone()),
        ("negative_label", model.target.labels[0].clone()),
        ("positive_label", model.target.labels[1].clone()),
        ("output", format!("{OUTPUT}: P({} = {})", model.target.column, model.target.labels[1])),
        ("fingerprint", f.hash.clone()),
        ("training_rows", f.rows.to_string()),
        ("training_columns", f.columns.to_string()),
        ("trees", model.forest.trees.len().to_string()),
    ];
    if let Some(id) = &model.id_column {
        m.push(("id_column", id.clone()));
    }
    m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}
