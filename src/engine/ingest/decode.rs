//! Bytes → text: recognise what is not a CSV at all (gzip, zip, JSON, binary), strip BOMs, decode
//! UTF-16, and fall back to Latin-1 (Windows-1252) when the bytes are not valid UTF-8.

use std::borrow::Cow;

use super::IngestError;

/// Decoded text and the name of the encoding that was used.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// Decodes `bytes`, refusing files that cannot be a table.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, IngestError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(IngestError::Gzip);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(IngestError::Zip);
    }
    let decoded = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        utf8_or_latin1(rest, "UTF-8 (BOM)")
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (enc, name) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, "UTF-16LE (BOM)")
        } else {
            (encoding_rs::UTF_16BE, "UTF-16BE (BOM)")
        };
        let (text, _) = enc.decode_with_bom_removal(bytes);
        Decoded { text, encoding: name }
    } else {
        utf8_or_latin1(bytes, "UTF-8")
    };
    check_text(&decoded.text)?;
    Ok(decoded)
}

fn utf8_or_latin1<'a>(bytes: &'a [u8], utf8_name: &'static str) -> Decoded<'a> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded { text: Cow::Borrowed(s), encoding: utf8_name },
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Decoded { text, encoding: "Latin-1 (fallback: the file is not valid UTF-8)" }
        }
    }
}

/// Rejects empty, JSON and binary content.
pub(super) fn check_text(text: &str) -> Result<(), IngestError> {
    let trimmed = text.trim_start();
    if trimmed.trim_end().is_empty() {
        return Err(IngestError::Empty);
    }
    if trimmed.starts_with('{') || trimmed.starts_with("[{") || trimmed.starts_with("[\n") {
        return Err(IngestError::LooksLikeJson);
    }
    // Control characters other than tab/CR/LF in the first 64 KiB mean binary data.
    let head: String = text.chars().take(65_536).collect();
    let mut controls = 0usize;
    for (offset, c) in head.char_indices() {
        let control = c == '\0' || (c.is_control() && !matches!(c, '\t' | '\r' | '\n'));
        if c == '\0' {
            return Err(IngestError::Binary { offset });
        }
        if control {
            controls += 1;
            if controls > 8 && controls * 100 > head.len().max(1) {
                return Err(IngestError::Binary { offset });
            }
        }
    }
    if head.contains('\u{FFFD}') && head.matches('\u{FFFD}').count() * 20 > head.chars().count() {
        return Err(IngestError::Binary { offset: 0 });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_non_csv_files() {
        assert_eq!(decode(&[0x1f, 0x8b, 8, 0]).err(), Some(IngestError::Gzip));
        assert_eq!(decode(b"PK\x03\x04rest").err(), Some(IngestError::Zip));
        assert_eq!(decode(b"  {\"a\": 1}").err(), Some(IngestError::LooksLikeJson));
        assert_eq!(decode(b"\n \r\n").err(), Some(IngestError::Empty));
        assert!(matches!(decode(b"a,b\n1,\x002"), Err(IngestError::Binary { .. })));
    }

    #[test]
    fn decodes_boms_and_latin1() {
        let d = decode(b"\xEF\xBB\xBFa,b\n1,2\n").unwrap();
        assert_eq!((d.text.as_ref(), d.encoding), ("a,b\n1,2\n", "UTF-8 (BOM)"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a,b\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let d = decode(&utf16).unwrap();
        assert_eq!((d.text.as_ref(), d.encoding), ("a,b\n", "UTF-16LE (BOM)"));
        let d = decode(b"name\nJos\xe9\n").unwrap();
        assert_eq!(d.text, "name\nJosé\n");
        assert!(d.encoding.starts_with("Latin-1"));
    }
}
