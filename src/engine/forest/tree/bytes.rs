//! Little helpers to write and read the packed sections of a tree: bits (least significant
//! first), LEB128 varints (7 bits a byte, low bits first), little-endian fixed-width numbers.
//! Readers never panic: running out of bytes is an error naming the section.

/// Bits appended to a byte vector, least significant bit of each byte first.
#[derive(Debug, Default)]
pub struct BitWriter {
    pub bytes: Vec<u8>,
    used: u32,
}

impl BitWriter {
    pub fn push(&mut self, bit: bool) {
        if self.used % 8 == 0 {
            self.bytes.push(0);
        }
        if bit {
            *self.bytes.last_mut().expect("a byte was pushed") |= 1 << (self.used % 8);
        }
        self.used += 1;
    }
}

/// Reads bits written by [`BitWriter`].
pub struct BitReader<'a> {
    bytes: &'a [u8],
    at: usize,
    what: &'static str,
}

impl<'a> BitReader<'a> {
    pub fn new(bytes: &'a [u8], what: &'static str) -> Self {
        BitReader { bytes, at: 0, what }
    }

    pub fn next(&mut self) -> Result<bool, String> {
        let byte = self.bytes.get(self.at / 8).ok_or_else(|| ends(self.what))?;
        let bit = byte >> (self.at % 8) & 1 == 1;
        self.at += 1;
        Ok(bit)
    }

    /// Ok when every byte was read (the last one possibly in part).
    pub fn done(&self) -> Result<(), String> {
        if self.at.div_ceil(8) == self.bytes.len() {
            Ok(())
        } else {
            Err(format!("{} has bytes left over", self.what))
        }
    }
}

/// Appends `v` as a LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends `v` in `width` (1 or 2) little-endian bytes; `v` must fit.
pub fn put_uint(out: &mut Vec<u8>, v: u32, width: usize) {
    out.extend_from_slice(&v.to_le_bytes()[..width]);
}

/// Reads bytes, varints and fixed-width numbers off the front of a section.
pub struct ByteReader<'a> {
    bytes: &'a [u8],
    at: usize,
    what: &'static str,
}

impl<'a> ByteReader<'a> {
    pub fn new(bytes: &'a [u8], what: &'static str) -> Self {
        ByteReader { bytes, at: 0, what }
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let s = &self.bytes[self.at..end.ok_or_else(|| ends(self.what))?];
        self.at += n;
        Ok(s)
    }

    pub fn varint(&mut self) -> Result<u32, String> {
        let mut v = 0u64;
        for k in 0..5 {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << (7 * k);
            if b & 0x80 == 0 {
                return u32::try_from(v)
                    .map_err(|_| format!("{}: a number is too large", self.what));
            }
        }
        Err(format!("{}: a number is too long", self.what))
    }

    pub fn uint(&mut self, width: usize) -> Result<u32, String> {
        let mut b = [0u8; 4];
        b[..width].copy_from_slice(self.take(width)?);
        Ok(u32::from_le_bytes(b))
    }

    pub fn f64(&mut self) -> Result<f64, String> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(f64::from_le_bytes(b))
    }

    /// Ok when every byte was read.
    pub fn done(&self) -> Result<(), String> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(format!("{} has bytes left over", self.what))
        }
    }
}

fn ends(what: &str) -> String {
    format!("{what} ends early")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_bits_and_numbers_read_back() {
        let mut out = Vec::new();
        for v in [0u32, 1, 127, 128, 300, u32::MAX] {
            put_varint(&mut out, v);
        }
        // 300 = 0b10_0101100: low seven bits 0x2c with the continuation bit, then 0b10.
        assert_eq!(&out[..6], &[0, 1, 0x7f, 0x80, 0x01, 0xac]);
        assert_eq!(out[6], 0x02);
        put_uint(&mut out, 0x1234, 2);
        out.extend_from_slice(&(-0.0f64).to_le_bytes());
        let mut r = ByteReader::new(&out, "test");
        let got: Vec<u32> = (0..6).map(|_| r.varint().unwrap()).collect();
        assert_eq!(got, vec![0, 1, 127, 128, 300, u32::MAX]);
        assert_eq!(r.uint(2).unwrap(), 0x1234);
        assert_eq!(r.f64().unwrap().to_bits(), (-0.0f64).to_bits());
        assert!(r.done().is_ok());
        assert_eq!(r.varint().unwrap_err(), "test ends early");
        // Five bytes of continuation are not a u32.
        assert!(ByteReader::new(&[0xff; 6], "x").varint().is_err());
        let mut w = BitWriter::default();
        [true, false, true, true, false, false, false, false, true].iter().for_each(|&b| w.push(b));
        assert_eq!(w.bytes, vec![0b0000_1101, 0b1]);
        let mut r = BitReader::new(&w.bytes, "bits");
        let bits: Vec<bool> = (0..9).map(|_| r.next().unwrap()).collect();
        assert_eq!(bits, vec![true, false, true, true, false, false, false, false, true]);
        assert!(r.done().is_ok());
        assert!(BitReader::new(&[0, 0], "bits").done().is_err());
    }
}
