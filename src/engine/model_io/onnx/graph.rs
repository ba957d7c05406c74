//! The graph: one input per feature, each feature's cleaning, the features side by side as
//! `X` [N, F] (doubles: numbers as cleaned, text as label codes), and the `TreeEnsemble` that
//! turns `X` into the output [`OUTPUT`] [N, 1].
//!
//! Names: inputs are the feature names; every other value is named `micronum:…`, so a feature
//! whose name is empty, is the output's or starts with `micronum:` is refused. Constants are
//! scalar initializers that broadcast over the batch. Nodes come in an order where each value
//! is made before it is read (ONNX requires it).

use super::cleaning::{FeaturePlan, NumberOp, NumberStep, Plan, TextMap};
use super::file::{Dim, Graph, ValueInfo};
use super::proto::{AttrValue, Attribute, ElemType, Node, Tensor, TensorData};
use super::trees::Ensemble;
use super::OnnxError;
use crate::engine::forest::FeatureSpec;

/// Name of the graph's output: P(positive) per row, shape [N, 1].
pub const OUTPUT: &str = "probability";

/// Prefix of every value the graph names itself.
const RESERVED: &str = "micronum:";

/// Nodes and constants being added.
#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    initializers: Vec<Tensor>,
    names: usize,
}

impl Builder {
    /// A new value name, `micronum:<what><n>`.
    fn value(&mut self, what: &str) -> String {
        self.names += 1;
        format!("{RESERVED}{what}{}", self.names)
    }

    /// A scalar double constant; returns its name.
    fn constant(&mut self, x: f64) -> String {
        let name = self.value("c");
        self.initializers.push(Tensor::scalar(&name, x));
        name
    }

    /// Adds an ai.onnx node with one output named `micronum:<what>n`; returns the output.
    fn op(&mut self, op_type: &'static str, inputs: &[&str], what: &str, doc: &str) -> String {
        let out = self.value(what);
        self.nodes.push(Node {
            inputs: inputs.iter().map(|s| s.to_string()).collect(),
            outputs: vec![out.clone()],
            op_type,
            domain: "",
            attributes: Vec::new(),
            doc: doc.into(),
        });
        out
    }

    /// The nodes of one number step on value `v`; returns the new value.
    fn number_step(&mut self, v: &str, step: &NumberStep) -> String {
        let doc = format!("cleaning step {}: {}", step.number, step.description);
        match step.op {
            NumberOp::NanOutside { min, max } => {
                let (lo, hi, nan) =
                    (self.constant(min), self.constant(max), self.constant(f64::NAN));
                let below = self.op("Less", &[v, &lo], "below", &doc);
                let above = self.op("Greater", &[v, &hi], "above", "");
                let outside = self.op("Or", &[&below, &above], "outside", "");
                self.op("Where", &[&outside, &nan, v], "x", "")
            }
            NumberOp::Clamp { lo, hi } => {
                let (lo, hi) = (self.constant(lo), self.constant(hi));
                let below = self.op("Less", &[v, &lo], "below", &doc);
                let raised = self.op("Where", &[&below, &lo, v], "x", "");
                let above = self.op("Greater", &[&raised, &hi], "above", "");
                self.op("Where", &[&above, &hi, &raised], "x", "")
            }
            NumberOp::Fill { value } => {
                let fill = self.constant(value);
                let missing = self.op("IsNaN", &[v], "missing", &doc);
                self.op("Where", &[&missing, &fill, v], "x", "")
            }
        }
    }

    /// The `LabelEncoder` from the text input `v` to label codes; returns the codes.
    fn text_map(&mut self, v: &str, map: &TextMap) -> String {
        let out = self.value("code");
        let steps: Vec<String> = map.steps.iter().map(|n| n.to_string()).collect();
        let doc = if steps.is_empty() {
            "training label → code (1-based; unseen after the last; \"\" → NaN)".to_string()
        } else {
            format!("cleaning steps {} and training label → code", steps.join(", "))
        };
        let vector = |v: Vec<f64>| AttrValue::Tensor(Tensor::vector(TensorData::Double(v)));
        self.nodes.push(Node {
            inputs: vec![v.to_string()],
            outputs: vec![out.clone()],
            op_type: "LabelEncoder",
            domain: "ai.onnx.ml",
            attributes: vec![
                Attribute { name: "keys_strings", value: AttrValue::Strings(map.keys.clone()) },
                Attribute { name: "values_tensor", value: vector(map.codes.clone()) },
                Attribute { name: "default_tensor", value: vector(vec![map.unseen]) },
            ],
            doc,
        });
        out
    }
}

/// Refuses feature names the graph cannot use as input names.
pub fn check_names(features: &[FeatureSpec]) -> Result<(), OnnxError> {
    for (i, f) in features.iter().enumerate() {
        let reason = if f.name.is_empty() {
            "it is empty"
        } else if f.name == OUTPUT {
            "it is the name of the output"
        } else if f.name.starts_with(RESERVED) {
            "names starting with \"micronum:\" are the graph's own"
        } else if features[..i].iter().any(|g| g.name == f.name) {
            "two features have this name"
        } else {
            continue;
        };
        return Err(OnnxError::BadInputName { name: f.name.clone(), reason });
    }
    Ok(())
}

/// The graph of `features` cleaned by `plan` and scored by `ensemble`; `doc` describes it.
pub fn graph(features: &[FeatureSpec], plan: &Plan, ensemble: Ensemble, doc: String) -> Graph {
    let mut b = Builder::default();
    let mut columns = Vec::with_capacity(features.len());
    let mut inputs = Vec::with_capacity(features.len());
    for (spec, fp) in features.iter().zip(&plan.features) {
        let column = match fp {
            FeaturePlan::Number(steps) => {
                steps.iter().fold(spec.name.clone(), |v, s| b.number_step(&v, s))
            }
            FeaturePlan::Text(map) => b.text_map(&spec.name, map),
        };
        columns.push(column);
        inputs.push(input(spec));
    }
    let x = b.value("X");
    let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
    b.nodes.push(Node {
        inputs: cols.iter().map(|s| s.to_string()).collect(),
        outputs: vec![x.clone()],
        op_type: "Concat",
        domain: "",
        attributes: vec![Attribute { name: "axis", value: AttrValue::Int(1) }],
        doc: "the cleaned features side by side (text as label codes)".into(),
    });
    b.nodes.push(tree_ensemble(&x, ensemble));
    Graph {
        name: "micronum".into(),
        nodes: b.nodes,
        initializers: b.initializers,
        doc,
        inputs,
        outputs: vec![ValueInfo {
            name: OUTPUT.into(),
            elem: ElemType::Double,
            shape: vec![Dim::Param("N"), Dim::Value(1)],
            doc: "P(positive label) per row: the mean over trees of the leaf's positive share"
                .into(),
        }],
    }
}

/// The declared input of a feature: [N, 1] doubles or strings.
fn input(spec: &FeatureSpec) -> ValueInfo {
    let (elem, doc) = match &spec.levels {
        None => (ElemType::Double, "number; NaN when missing".to_string()),
        Some(levels) => (
            ElemType::String,
            format!(
                "text without leading or trailing spaces; \"\" when missing; training labels: {}",
                levels.join(", ")
            ),
        ),
    };
    ValueInfo { name: spec.name.clone(), elem, shape: vec![Dim::Param("N"), Dim::Value(1)], doc }
}

/// The `TreeEnsemble` node from `x` to the output.
fn tree_ensemble(x: &str, e: Ensemble) -> Node {
    let int = |name, v| Attribute { name, value: AttrValue::Int(v) };
    let ints = |name, v| Attribute { name, value: AttrValue::Ints(v) };
    let doubles = |name, v| Attribute {
        name,
        value: AttrValue::Tensor(Tensor::vector(TensorData::Double(v))),
    };
    let n_leaves = e.leaf_weights.len();
    let mut attributes = vec![
        int("aggregate_function", 0),
        int("n_targets", 1),
        int("post_transform", 0),
        ints("tree_roots", e.tree_roots),
        ints("nodes_featureids", e.featureids),
        Attribute {
            name: "nodes_modes",
            value: AttrValue::Tensor(Tensor::vector(TensorData::Uint8(e.modes))),
        },
        doubles("nodes_splits", e.splits),
        ints("nodes_truenodeids", e.truenodeids),
        ints("nodes_trueleafs", e.trueleafs),
        ints("nodes_falsenodeids", e.falsenodeids),
        ints("nodes_falseleafs", e.falseleafs),
        ints("nodes_missing_value_tracks_true", e.missing_tracks_true),
        ints("leaf_targetids", vec![0; n_leaves]),
        doubles("leaf_weights", e.leaf_weights),
    ];
    if !e.membership.is_empty() {
        attributes.push(doubles("membership_values", e.membership));
    }
    Node {
        inputs: vec![x.to_string()],
        outputs: vec![OUTPUT.to_string()],
        op_type: "TreeEnsemble",
        domain: "ai.onnx.ml",
        attributes,
        doc: "the forest: AVERAGE of the trees' leaf values".into(),
    }
}
