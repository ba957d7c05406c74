//! Bytes → text, a chunk at a time, giving exactly the text [`super::super::decode`] gives for
//! the whole file: gzip and zip refused, a UTF-8 BOM stripped, UTF-16 with a BOM decoded, and a
//! file that is not valid UTF-8 read as Latin-1 (Windows-1252) from its first byte.
//!
//! The last rule is about the whole file, which a stream sees only at its end. While every byte
//! so far was ASCII, Latin-1 and UTF-8 read it the same, so the decoder just switches at the
//! first invalid byte. Once a valid non-ASCII character was decoded, the text so far would read
//! differently as Latin-1: the decoder then asks for the file again from its first byte
//! ([`Decoded::Restart`]) and reads all of it as Latin-1.

use encoding_rs::{Decoder as Coder, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::engine::ingest::IngestError;

/// The name of the Latin-1 reading (as [`super::super::decode`] names it).
pub const LATIN1: &str = "Latin-1 (fallback: the file is not valid UTF-8)";

/// What decoding a chunk gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    /// Text was appended (possibly none).
    Text,
    /// The file must be fed again from its first byte; it is then read as Latin-1.
    Restart,
}

/// The decoding state.
enum State {
    /// The first bytes, until there are four (enough to recognise a format) or the file ends.
    Start(Vec<u8>),
    /// UTF-8 so far: `carry` is an incomplete character at the end of the last chunk.
    Utf8 { carry: Vec<u8>, ascii: bool, emitted: bool },
    /// UTF-16 or Latin-1 (encoding_rs decoders keep their own partial characters).
    Other(Coder),
}

/// A streaming decoder (see the module documentation).
pub struct Decoder {
    state: State,
    /// Read as Latin-1 from the start (after a restart).
    latin1: bool,
    /// The encoding's name, once known.
    pub encoding: &'static str,
}

impl Decoder {
    /// A decoder for a file's first byte; `latin1` after a restart.
    pub fn new(latin1: bool) -> Decoder {
        Decoder { state: State::Start(Vec::new()), latin1, encoding: "UTF-8" }
    }

    /// True when the file is read as Latin-1.
    pub fn is_latin1(&self) -> bool {
        self.encoding == LATIN1
    }

    /// Decodes `bytes` (the file's next bytes; `last` when no more follow) onto `out`.
    pub fn decode(
        &mut self,
        bytes: &[u8],
        last: bool,
        out: &mut String,
    ) -> Result<Decoded, IngestError> {
        if let State::Start(head) = &mut self.state {
            head.extend_from_slice(bytes);
            if head.len() < 4 && !last {
                return Ok(Decoded::Text);
            }
            let head = std::mem::take(head);
            let rest = self.choose(&head)?;
            return self.decode(&head[rest..], last, out);
        }
        match &mut self.state {
            State::Other(coder) => {
                other(coder, bytes, last, out);
                Ok(Decoded::Text)
            }
            State::Utf8 { .. } => self.utf8(bytes, last, out),
            State::Start(_) => Ok(Decoded::Text),
        }
    }

    /// Picks the encoding from the file's first bytes; returns how many of them to skip (a
    /// UTF-8 BOM).
    fn choose(&mut self, head: &[u8]) -> Result<usize, IngestError> {
        if head.starts_with(&[0x1f, 0x8b]) {
            return Err(IngestError::Gzip);
        }
        if head.starts_with(b"PK\x03\x04") {
            return Err(IngestError::Zip);
        }
        let utf8 = || State::Utf8 { carry: Vec::new(), ascii: true, emitted: false };
        let (state, name, skip) = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (utf8(), "UTF-8 (BOM)", 3)
        } else if head.starts_with(&[0xFF, 0xFE]) {
            (State::Other(UTF_16LE.new_decoder_with_bom_removal()), "UTF-16LE (BOM)", 0)
        } else if head.starts_with(&[0xFE, 0xFF]) {
            (State::Other(UTF_16BE.new_decoder_with_bom_removal()), "UTF-16BE (BOM)", 0)
        } else {
            (utf8(), "UTF-8", 0)
        };
        (self.state, self.encoding) = (state, name);
        if self.latin1 && matches!(self.state, State::Utf8 { .. }) {
            // As `WINDOWS_1252.decode` reads the bytes after a UTF-8 BOM, or all of them.
            (self.state, self.encoding) = (State::Other(WINDOWS_1252.new_decoder()), LATIN1);
        }
        Ok(skip)
    }

    /// UTF-8 so far: appends the valid text, keeps an incomplete last character, and on an
    /// invalid byte switches to Latin-1 (every earlier byte ASCII) or asks for a restart.
    fn utf8(&mut self, bytes: &[u8], last: bool, out: &mut String) -> Result<Decoded, IngestError> {
        let State::Utf8 { carry, ascii, emitted } = &mut self.state else {
            return Ok(Decoded::Text);
        };
        let mut buf = std::mem::take(carry);
        buf.extend_from_slice(bytes);
        let (valid, complete) = match std::str::from_utf8(&buf) {
            Ok(_) => (buf.len(), true),
            // An incomplete character at the end waits for the next chunk, unless this is the last.
            Err(e) => (e.valid_up_to(), e.error_len().is_none() && !last),
        };
        let text = std::str::from_utf8(&buf[..valid]).unwrap_or_default();
        if valid == buf.len() || complete {
            *ascii &= text.is_ascii();
            *emitted |= !text.is_empty();
            out.push_str(text);
            *carry = buf[valid..].to_vec();
            return Ok(Decoded::Text);
        }
        // Not UTF-8: the whole file is Latin-1.
        if !*ascii || !text.is_ascii() {
            return Ok(Decoded::Restart);
        }
        // Every byte so far was ASCII, which Latin-1 reads the same; a BOM can only be at the
        // very start, so the Latin-1 decoder looks for one only when nothing was decoded yet.
        let coder = if *emitted {
            WINDOWS_1252.new_decoder_without_bom_handling()
        } else {
            WINDOWS_1252.new_decoder()
        };
        (self.state, self.encoding) = (State::Other(coder), LATIN1);
        if let State::Other(coder) = &mut self.state {
            other(coder, &buf, last, out);
        }
        Ok(Decoded::Text)
    }
}

/// Decodes `bytes` with an encoding_rs decoder (malformed sequences become U+FFFD, as the
/// whole-file decoders do).
fn other(coder: &mut Coder, mut bytes: &[u8], last: bool, out: &mut String) {
    loop {
        let room = coder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len() * 3 + 16);
        out.reserve(room);
        let (result, read, _) = coder.decode_to_string(bytes, out, last);
        bytes = &bytes[read..];
        if result == encoding_rs::CoderResult::InputEmpty {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `bytes` in chunks of `size`, feeding everything again after a restart.
    fn chunked(bytes: &[u8], size: usize) -> (String, &'static str) {
        let mut d = Decoder::new(false);
        'again: loop {
            let mut out = String::new();
            for chunk in bytes.chunks(size.max(1)) {
                if d.decode(chunk, false, &mut out).unwrap() == Decoded::Restart {
                    d = Decoder::new(true);
                    continue 'again;
                }
            }
            if d.decode(&[], true, &mut out).unwrap() == Decoded::Restart {
                d = Decoder::new(true);
                continue;
            }
            return (out, d.encoding);
        }
    }

    #[test]
    fn every_chunking_gives_the_whole_file_decoding() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a,é\n𝄞,b\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let files: Vec<Vec<u8>> = vec![
            b"a,b\n1,2\n".to_vec(),
            "naïve,\u{1F600}\nx,y\n".as_bytes().to_vec(),
            b"\xEF\xBB\xBFa,b\n".to_vec(),
            b"name\nJos\xe9\n".to_vec(), // Latin-1 after ASCII: a switch
            b"caf\xc3\xa9\nJos\xe9\n".to_vec(), // valid UTF-8, then Latin-1: a restart
            b"ab\xc3".to_vec(),          // an incomplete character at the end
            b"\xEF\xBB\xBF\xFF\xFEa\x00".to_vec(), // after a BOM, a second one of UTF-16
            utf16,
            b"x".to_vec(),
        ];
        for file in &files {
            let whole = crate::engine::ingest::decode::decode(file).unwrap();
            for size in [1, 2, 3, 5, 7, 64] {
                let (text, encoding) = chunked(file, size);
                assert_eq!(
                    (text.as_str(), encoding),
                    (&*whole.text, whole.encoding),
                    "{file:?} / {size}"
                );
            }
        }
    }

    #[test]
    fn compressed_files_are_refused_from_their_first_bytes() {
        let mut d = Decoder::new(false);
        let mut out = String::new();
        assert_eq!(d.decode(&[0x1f], false, &mut out), Ok(Decoded::Text));
        assert_eq!(d.decode(&[0x8b, 8, 0], false, &mut out), Err(IngestError::Gzip));
        let mut d = Decoder::new(false);
        assert_eq!(d.decode(b"PK\x03\x04rest", false, &mut out), Err(IngestError::Zip));
    }
}
