//! The ONNX messages that describe computation: constant tensors, node attributes and nodes
//! (the subset of `onnx.proto` micronum writes, as plain structs that encode themselves).
//!
//! Field numbers (onnx/onnx `onnx/onnx.proto`, as shipped with ONNX 1.23): NodeProto input 1,
//! output 2, name 3, op_type 4, attribute 5, doc_string 6, domain 7; AttributeProto name 1,
//! i 3, t 5, ints 8, strings 9, type 20; TensorProto dims 1, data_type 2, name 8, raw_data 9.
//! Fields are written in field-number order; empty optional strings are left out.

use super::wire::{doubles_le, Writer};

/// `TensorProto.DataType` values used here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElemType {
    Uint8 = 2,
    String = 8,
    Double = 11,
}

/// `AttributeProto.AttributeType` values used here.
const ATTR_INT: i64 = 2;
const ATTR_TENSOR: i64 = 4;
const ATTR_INTS: i64 = 7;
const ATTR_STRINGS: i64 = 8;

/// A constant tensor.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    /// Empty for an attribute's tensor; the value name for an initializer.
    pub name: String,
    pub dims: Vec<i64>,
    pub data: TensorData,
}

/// The elements of a [`Tensor`], row-major.
#[derive(Debug, Clone, PartialEq)]
pub enum TensorData {
    Double(Vec<f64>),
    Uint8(Vec<u8>),
}

impl Tensor {
    /// A one-dimensional tensor.
    pub fn vector(data: TensorData) -> Tensor {
        let n = match &data {
            TensorData::Double(v) => v.len(),
            TensorData::Uint8(v) => v.len(),
        };
        Tensor { name: String::new(), dims: vec![n as i64], data }
    }

    /// A named scalar (no dimensions), for a constant operand that broadcasts.
    pub fn scalar(name: &str, x: f64) -> Tensor {
        Tensor { name: name.into(), dims: Vec::new(), data: TensorData::Double(vec![x]) }
    }

    pub(super) fn encode(&self, w: &mut Writer) {
        w.ints(1, &self.dims);
        let elem = match &self.data {
            TensorData::Double(_) => ElemType::Double,
            TensorData::Uint8(_) => ElemType::Uint8,
        };
        w.int(2, elem as i64);
        if !self.name.is_empty() {
            w.string(8, &self.name);
        }
        match &self.data {
            TensorData::Double(v) => w.bytes(9, &doubles_le(v)),
            TensorData::Uint8(v) => w.bytes(9, v),
        }
    }
}

/// The value of a node attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    Int(i64),
    Ints(Vec<i64>),
    Strings(Vec<String>),
    Tensor(Tensor),
}

/// A named node attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: &'static str,
    pub value: AttrValue,
}

impl Attribute {
    pub(super) fn encode(&self, w: &mut Writer) {
        w.string(1, self.name);
        let kind = match &self.value {
            AttrValue::Int(i) => {
                w.int(3, *i);
                ATTR_INT
            }
            AttrValue::Tensor(t) => {
                w.message(5, |w| t.encode(w));
                ATTR_TENSOR
            }
            AttrValue::Ints(v) => {
                w.ints(8, v);
                ATTR_INTS
            }
            AttrValue::Strings(v) => {
                v.iter().for_each(|s| w.string(9, s));
                ATTR_STRINGS
            }
        };
        w.int(20, kind);
    }
}

/// One operator call.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
    pub op_type: &'static str,
    /// "" for the default domain (ai.onnx), "ai.onnx.ml" for the classical-ML operators.
    pub domain: &'static str,
    pub attributes: Vec<Attribute>,
    /// What the node does, for people reading the graph (empty: none).
    pub doc: String,
}

impl Node {
    pub(super) fn encode(&self, w: &mut Writer) {
        self.inputs.iter().for_each(|s| w.string(1, s));
        self.outputs.iter().for_each(|s| w.string(2, s));
        w.string(4, self.op_type);
        for a in &self.attributes {
            w.message(5, |w| a.encode(w));
        }
        if !self.doc.is_empty() {
            w.string(6, &self.doc);
        }
        if !self.domain.is_empty() {
            w.string(7, self.domain);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(f: impl FnOnce(&mut Writer)) -> Vec<u8> {
        Writer::encoded(f)
    }

    #[test]
    fn scalar_double_tensor() {
        // TensorProto { data_type: DOUBLE, name: "c", raw_data: 1.0 }, no dims:
        // 10 0b (field 2 varint, 11); 42 01 63 (field 8, length 1, 'c');
        // 4a 08 + 00 00 00 00 00 00 f0 3f (field 9, length 8, 1.0 little-endian).
        let t = Tensor::scalar("c", 1.0);
        assert_eq!(
            bytes(|w| t.encode(w)),
            [0x10, 0x0b, 0x42, 0x01, b'c', 0x4a, 0x08, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]
        );
    }

    #[test]
    fn double_vector_tensor() {
        // dims [2]: 08 02; data_type DOUBLE = 11: 10 0b; no name; raw_data (4a 10, 16 bytes):
        // 0.5 = 0x3fe0_0000_0000_0000 and −∞ = 0xfff0_0000_0000_0000, little-endian.
        let t = Tensor::vector(TensorData::Double(vec![0.5, f64::NEG_INFINITY]));
        assert_eq!(
            bytes(|w| t.encode(w)),
            [
                0x08, 0x02, 0x10, 0x0b, 0x4a, 0x10, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0, 0, 0, 0, 0, 0,
                0xf0, 0xff
            ]
        );
    }

    #[test]
    fn int_and_ints_attributes() {
        // AttributeProto { name: "axis", i: 1, type: INT }: 0a 04 "axis"; 18 01 (field 3);
        // a0 01 02 (field 20 = 0xa0 0x01, INT = 2).
        let a = Attribute { name: "axis", value: AttrValue::Int(1) };
        let mut want = vec![0x0a, 0x04];
        want.extend(b"axis");
        want.extend([0x18, 0x01, 0xa0, 0x01, 0x02]);
        assert_eq!(bytes(|w| a.encode(w)), want);
        // ints [0, 2] (field 8, one key each): 40 00 40 02; type INTS = 7.
        let a = Attribute { name: "t", value: AttrValue::Ints(vec![0, 2]) };
        assert_eq!(
            bytes(|w| a.encode(w)),
            [0x0a, 0x01, b't', 0x40, 0x00, 0x40, 0x02, 0xa0, 0x01, 0x07]
        );
    }

    #[test]
    fn tensor_attribute_nests_the_tensor() {
        // t (field 5) holds TensorProto { dims [1], UINT8, raw_data [6] } = 08 01 10 02 4a 01 06
        // (7 bytes): 2a 07 + those; type TENSOR = 4.
        let a = Attribute {
            name: "m",
            value: AttrValue::Tensor(Tensor::vector(TensorData::Uint8(vec![6]))),
        };
        assert_eq!(
            bytes(|w| a.encode(w)),
            [
                0x0a, 0x01, b'm', 0x2a, 0x07, 0x08, 0x01, 0x10, 0x02, 0x4a, 0x01, 0x06, 0xa0, 0x01,
                0x04
            ]
        );
    }

    #[test]
    fn node_in_the_ml_domain() {
        // inputs "x" (0a 01 78), outputs "y" (12 01 79), op_type "Z" (22 01 5a), no attributes,
        // no doc, domain "ai.onnx.ml" (3a 0a + 10 bytes).
        let n = Node {
            inputs: vec!["x".into()],
            outputs: vec!["y".into()],
            op_type: "Z",
            domain: "ai.onnx.ml",
            attributes: Vec::new(),
            doc: String::new(),
        };
        let mut want = vec![0x0a, 0x01, b'x', 0x12, 0x01, b'y', 0x22, 0x01, b'Z', 0x3a, 0x0a];
        want.extend(b"ai.onnx.ml");
        assert_eq!(bytes(|w| n.encode(w)), want);
    }
}
