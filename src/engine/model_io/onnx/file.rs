//! The ONNX messages around the computation: typed inputs and outputs, the graph and the model
//! file with its opset imports and metadata.
//!
//! Field numbers (onnx/onnx `onnx/onnx.proto`, as shipped with ONNX 1.23): ModelProto
//! ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7, opset_import 8,
//! metadata_props 14; OperatorSetIdProto domain 1, version 2; StringStringEntryProto key 1,
//! value 2; GraphProto node 1, name 2, initializer 5, doc_string 10, input 11, output 12;
//! ValueInfoProto name 1, type 2, doc_string 3; TypeProto tensor_type 1; TypeProto.Tensor
//! elem_type 1, shape 2; TensorShapeProto dim 1; Dimension dim_value 1, dim_param 2.
//! Fields are written in field-number order; empty optional strings are left out.

use super::proto::{ElemType, Node, Tensor};
use super::wire::Writer;

/// One dimension of a declared shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Dim {
    Value(i64),
    /// A named dimension whose size is known only when the graph runs (the batch size).
    Param(&'static str),
}

/// A graph input or output: name, element type, shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueInfo {
    pub name: String,
    pub elem: ElemType,
    pub shape: Vec<Dim>,
    pub doc: String,
}

impl ValueInfo {
    fn encode(&self, w: &mut Writer) {
        w.string(1, &self.name);
        w.message(2, |w| {
            w.message(1, |w| {
                w.int(1, self.elem as i64);
                w.message(2, |w| {
                    for d in &self.shape {
                        w.message(1, |w| match d {
                            Dim::Value(v) => w.int(1, *v),
                            Dim::Param(p) => w.string(2, p),
                        });
                    }
                });
            });
        });
        if !self.doc.is_empty() {
            w.string(3, &self.doc);
        }
    }
}

/// The computation: nodes in an order where every value is made before it is used.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub name: String,
    pub nodes: Vec<Node>,
    pub initializers: Vec<Tensor>,
    pub doc: String,
    pub inputs: Vec<ValueInfo>,
    pub outputs: Vec<ValueInfo>,
}

impl Graph {
    fn encode(&self, w: &mut Writer) {
        for n in &self.nodes {
            w.message(1, |w| n.encode(w));
        }
        w.string(2, &self.name);
        for t in &self.initializers {
            w.message(5, |w| t.encode(w));
        }
        if !self.doc.is_empty() {
            w.string(10, &self.doc);
        }
        for v in &self.inputs {
            w.message(11, |w| v.encode(w));
        }
        for v in &self.outputs {
            w.message(12, |w| v.encode(w));
        }
    }
}

/// A whole ONNX file.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    pub ir_version: i64,
    pub producer_name: &'static str,
    pub producer_version: &'static str,
    pub doc: String,
    pub graph: Graph,
    /// (domain, version); "" is the default domain (ai.onnx).
    pub opsets: Vec<(&'static str, i64)>,
    /// Free-form (key, value) pairs.
    pub metadata: Vec<(String, String)>,
}

impl ModelFile {
    /// The file's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.int(1, self.ir_version);
        w.string(2, self.producer_name);
        w.string(3, self.producer_version);
        if !self.doc.is_empty() {
            w.string(6, &self.doc);
        }
        w.message(7, |w| self.graph.encode(w));
        for (domain, version) in &self.opsets {
            w.message(8, |w| {
                w.string(1, domain);
                w.int(2, *version);
            });
        }
        for (k, v) in &self.metadata {
            w.message(14, |w| {
                w.string(1, k);
                w.string(2, v);
            });
        }
        w.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(f: impl FnOnce(&mut Writer)) -> Vec<u8> {
        Writer::encoded(f)
    }

    #[test]
    fn value_info_with_a_named_batch_dimension() {
        // name "a": 0a 01 61. type (12 len): TypeProto { tensor_type (0a len): Tensor {
        // elem_type DOUBLE 08 0b, shape (12 len): TensorShapeProto { dim (0a 03): 12 01 "N"
        // (dim_param), dim (0a 02): 08 01 (dim_value 1) } } }.
        // Shape body: 0a 03 12 01 4e 0a 02 08 01 = 9 bytes; Tensor body: 08 0b 12 09 + 9 = 13;
        // TypeProto body: 0a 0d + 13 = 15.
        let v = ValueInfo {
            name: "a".into(),
            elem: ElemType::Double,
            shape: vec![Dim::Param("N"), Dim::Value(1)],
            doc: String::new(),
        };
        assert_eq!(
            bytes(|w| v.encode(w)),
            [
                0x0a, 0x01, b'a', 0x12, 0x0f, 0x0a, 0x0d, 0x08, 0x0b, 0x12, 0x09, 0x0a, 0x03, 0x12,
                0x01, b'N', 0x0a, 0x02, 0x08, 0x01
            ]
        );
    }

    #[test]
    fn model_header_opsets_and_metadata() {
        let m = ModelFile {
            ir_version: 10,
            producer_name: "p",
            producer_version: "1",
            doc: String::new(),
            graph: Graph {
                name: "g".into(),
                nodes: Vec::new(),
                initializers: Vec::new(),
                doc: String::new(),
                inputs: Vec::new(),
                outputs: Vec::new(),
            },
            opsets: vec![("", 21)],
            metadata: vec![("k".into(), "v".into())],
        };
        // ir_version 08 0a; producer_name 12 01 70; producer_version 1a 01 31;
        // graph (3a 03): name 12 01 67; opset_import (42 04): domain 0a 00, version 10 15 (21);
        // metadata_props (field 14: 14 << 3 | 2 = 0x72, 06): 0a 01 6b 12 01 76.
        assert_eq!(
            m.encode(),
            [
                0x08, 0x0a, 0x12, 0x01, b'p', 0x1a, 0x01, b'1', 0x3a, 0x03, 0x12, 0x01, b'g', 0x42,
                0x04, 0x0a, 0x00, 0x10, 0x15, 0x72, 0x06, 0x0a, 0x01, b'k', 0x12, 0x01, b'v'
            ]
        );
    }
}
