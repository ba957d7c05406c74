//! The protobuf wire format, as far as ONNX files need it: varints, field keys, length-delimited
//! fields (strings, bytes, nested messages) and little-endian fixed-width arrays.
//!
//! Why by hand: the ONNX messages micronum writes are a small subset of `onnx.proto`, and a
//! protobuf crate would add a code generator (or a runtime reflection library) to the build of
//! the browser's worker for about 200 lines of encoding. Only encoding exists: micronum never
//! reads ONNX.
//!
//! Invariants: field numbers are the ones of `onnx.proto` (checked by the callers' tests);
//! integers are written as varints (`int64`/`int32`/enums: a negative value takes ten bytes, the
//! two's complement as `uint64`, as protobuf specifies); repeated scalars that `onnx.proto`
//! declares without `[packed = true]` are written one key per element (proto2's default).

/// Wire type of a field: varint (0) or length-delimited (2), the only two ONNX needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WireType {
    Varint = 0,
    Len = 2,
}

/// An encoded message being built.
#[derive(Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// An empty message.
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The encoded bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// The bytes `f` writes into a new message (tests check encodings byte by byte).
    #[cfg(test)]
    pub fn encoded(f: impl FnOnce(&mut Writer)) -> Vec<u8> {
        let mut w = Writer::new();
        f(&mut w);
        w.into_bytes()
    }

    /// `v` as a base-128 varint: seven bits per byte, least significant first, the high bit set
    /// on every byte but the last.
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    /// The key of field `field`: `field << 3 | wire type`, as a varint.
    fn key(&mut self, field: u32, wire: WireType) {
        self.varint((u64::from(field) << 3) | wire as u64);
    }

    /// An `int64`, `int32` or enum field.
    pub fn int(&mut self, field: u32, v: i64) {
        self.key(field, WireType::Varint);
        self.varint(v as u64);
    }

    /// A repeated `int64` field without packing: one key per element.
    pub fn ints(&mut self, field: u32, values: &[i64]) {
        for &v in values {
            self.int(field, v);
        }
    }

    /// A `bytes` field.
    pub fn bytes(&mut self, field: u32, b: &[u8]) {
        self.key(field, WireType::Len);
        self.varint(b.len() as u64);
        self.buf.extend_from_slice(b);
    }

    /// A `string` field (UTF-8, as Rust strings are).
    pub fn string(&mut self, field: u32, s: &str) {
        self.bytes(field, s.as_bytes());
    }

    /// A nested message written by `f`. It is written in place after room for the longest
    /// length varint, then moved back over the room the length does not need: no second buffer
    /// (a forest's node lists are most of the file, nested four messages deep).
    pub fn message(&mut self, field: u32, f: impl FnOnce(&mut Writer)) {
        const ROOM: usize = 10;
        self.key(field, WireType::Len);
        let at = self.buf.len();
        self.buf.resize(at + ROOM, 0);
        f(self);
        let len = self.buf.len() - at - ROOM;
        let mut length = Writer::new();
        length.varint(len as u64);
        let k = length.buf.len();
        self.buf[at..at + k].copy_from_slice(&length.buf);
        self.buf.copy_within(at + ROOM.., at + k);
        self.buf.truncate(at + k + len);
    }
}

/// `values` as little-endian IEEE 754 doubles (ONNX's `raw_data` of a DOUBLE tensor): the bits
/// themselves, so NaN, ±∞ and every digit survive.
pub fn doubles_le(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(f: impl FnOnce(&mut Writer)) -> Vec<u8> {
        let mut w = Writer::new();
        f(&mut w);
        w.into_bytes()
    }

    #[test]
    fn varints_take_seven_bits_per_byte() {
        // Field 1, varint: key 1 << 3 | 0 = 0x08.
        assert_eq!(encoded(|w| w.int(1, 0)), [0x08, 0x00]);
        assert_eq!(encoded(|w| w.int(1, 127)), [0x08, 0x7f]);
        // 300 = 0b10_0101100: low seven bits 0101100 = 0x2c, with the high bit 0xac; then 0b10.
        assert_eq!(encoded(|w| w.int(1, 300)), [0x08, 0xac, 0x02]);
        // Field 20 (AttributeProto.type): key 20 << 3 = 160 = 0xa0 0x01; value INTS = 7.
        assert_eq!(encoded(|w| w.int(20, 7)), [0xa0, 0x01, 0x07]);
    }

    #[test]
    fn negative_ints_take_ten_bytes() {
        // −1 as u64 is 2^64 − 1: nine bytes of seven one-bits (0xff) and a last byte 0x01.
        let mut want = vec![0x08];
        want.extend([0xff; 9]);
        want.push(0x01);
        assert_eq!(encoded(|w| w.int(1, -1)), want);
    }

    #[test]
    fn strings_and_messages_carry_their_length() {
        // OperatorSetIdProto { domain: "ai.onnx.ml", version: 5 }: key 1 << 3 | 2 = 0x0a, length
        // 10, the bytes; key 2 << 3 | 0 = 0x10, 5.
        let inner = encoded(|w| {
            w.string(1, "ai.onnx.ml");
            w.int(2, 5);
        });
        let mut want = vec![0x0a, 10];
        want.extend(b"ai.onnx.ml");
        want.extend([0x10, 0x05]);
        assert_eq!(inner, want);
        // As ModelProto.opset_import (field 8): key 8 << 3 | 2 = 0x42, length 14 = 2 + 10 + 2.
        let outer = encoded(|w| {
            w.message(8, |w| {
                w.string(1, "ai.onnx.ml");
                w.int(2, 5);
            })
        });
        assert_eq!(outer[..2], [0x42, 14]);
        assert_eq!(outer[2..], want[..]);
    }

    #[test]
    fn long_lengths_are_varints_too() {
        // 200 bytes: length 200 = 0b1_1001000 → 0xc8 0x01.
        let out = encoded(|w| w.bytes(9, &[7u8; 200]));
        // Field 9, length-delimited: 9 << 3 | 2 = 0x4a.
        assert_eq!(out[..3], [0x4a, 0xc8, 0x01]);
        assert_eq!(out.len(), 3 + 200);
    }

    #[test]
    fn a_long_nested_message_gets_a_two_byte_length() {
        // Inner: field 1, 200 bytes → 0a c8 01 + 200 = 203 bytes; 203 = 0b1_1001011 → cb 01.
        let out = encoded(|w| w.message(9, |w| w.bytes(1, &[7u8; 200])));
        assert_eq!(out[..6], [0x4a, 0xcb, 0x01, 0x0a, 0xc8, 0x01]);
        assert_eq!(out.len(), 3 + 203);
        assert!(out[6..].iter().all(|&b| b == 7));
        // Two messages in a row: the second starts right after the first.
        let two = encoded(|w| {
            w.message(1, |w| w.int(1, 1));
            w.message(2, |w| w.int(1, 2));
        });
        assert_eq!(two, [0x0a, 0x02, 0x08, 0x01, 0x12, 0x02, 0x08, 0x02]);
    }

    #[test]
    fn repeated_ints_are_one_key_each() {
        // TensorProto.dims (field 1, not packed in onnx.proto): [3, 1] → 08 03 08 01.
        assert_eq!(encoded(|w| w.ints(1, &[3, 1])), [0x08, 0x03, 0x08, 0x01]);
    }

    #[test]
    fn doubles_are_little_endian_ieee() {
        // 1.0 = 0x3ff0_0000_0000_0000; −2.0 = 0xc000_0000_0000_0000; +∞ = 0x7ff0_0000_0000_0000.
        assert_eq!(doubles_le(&[1.0])[..], [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
        assert_eq!(doubles_le(&[-2.0])[..], [0, 0, 0, 0, 0, 0, 0, 0xc0]);
        assert_eq!(doubles_le(&[f64::INFINITY])[..], [0, 0, 0, 0, 0, 0, 0xf0, 0x7f]);
        let nan = doubles_le(&[f64::NAN]);
        assert!(f64::from_le_bytes(nan.try_into().unwrap()).is_nan());
    }
}
