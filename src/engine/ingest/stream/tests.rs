//! The push parser against the whole-file reader, on small files split at every position that
//! could matter (inside quoted fields, inside multi-byte characters, between CR and LF).

use super::*;
use crate::engine::ingest::{ingest, Sample};

/// `bytes` fed in the given chunks (repeated after a restart).
pub(crate) fn streamed(
    bytes: &[u8],
    cuts: &[usize],
    opts: &IngestOptions,
) -> Result<Ingested, IngestError> {
    let mut s = IngestStream::new(opts.clone(), bytes.len() as u64);
    let mut restarts = 0;
    'again: loop {
        let mut at = 0;
        for &cut in cuts.iter().chain([&bytes.len()]) {
            let cut = cut.clamp(at, bytes.len());
            if s.feed(&bytes[at..cut])? == Step::Restart {
                restarts += 1;
                assert!(restarts == 1, "one restart at most");
                continue 'again;
            }
            at = cut;
        }
        match s.finish()? {
            Finished::Table(t) => return Ok(*t),
            Finished::Restart => {
                restarts += 1;
                assert!(restarts == 1, "one restart at most");
            }
        }
    }
}

/// The result as text (tables hold NaN, which `==` never finds equal).
fn shown(r: &Result<Ingested, IngestError>) -> String {
    format!("{r:?}")
}

/// Every two-chunk split and a few three-chunk splits give the whole-file result.
fn same_at_every_split(bytes: &[u8], opts: &IngestOptions) {
    let whole = shown(&ingest(bytes, opts));
    let text = String::from_utf8_lossy(bytes);
    for a in 0..=bytes.len() {
        assert_eq!(shown(&streamed(bytes, &[a], opts)), whole, "split at {a} of {text:?}");
        let b = (a * 7 + 3) % (bytes.len() + 1);
        let cuts = [a.min(b), a.max(b)];
        assert_eq!(shown(&streamed(bytes, &cuts, opts)), whole, "splits at {a}, {b}");
    }
    // One byte at a time.
    let ones: Vec<usize> = (1..bytes.len()).collect();
    assert_eq!(shown(&streamed(bytes, &ones, opts)), whole, "byte by byte");
}

#[test]
fn quoted_fields_line_ends_and_blank_lines() {
    let opts = IngestOptions::default();
    for text in [
        "name,note\n\"Doe, J\",\"two\nlines\"\n\nRoe,x,\n",
        "a,b\r\n1,\"x\r\ny\"\r\n\r\n3,4\r\n",
        "a,b\r1,2\r3,4\r",
        "a;b\n1,5;\"q\"\"uote\"\n",
        "a,b\n1,\"x\n2,3\n",   // unterminated quote
        "a,b\n1,\"x\"\n\"y\n", // an odd quote in the last record's field
        "a,b,c\n1,2,3\n4,5\n", // ragged
        "a,b\n",               // header only
        "x\n",
        "",
        "   \n \t ",      // blank: empty
        "  [{\"a\": 1}]", // JSON
        "a\n\"long\nvalue\"\n",
    ] {
        same_at_every_split(text.as_bytes(), &opts);
    }
}

#[test]
fn multi_byte_characters_and_encodings() {
    let opts = IngestOptions::default();
    same_at_every_split("näme,€uro\nÅse,\"𝄞 ♪\"\n".as_bytes(), &opts);
    same_at_every_split(b"\xEF\xBB\xBFa,b\n1,2\n", &opts);
    // Latin-1 after ASCII (a switch) and after valid UTF-8 (a restart).
    same_at_every_split(b"name,city\nJos\xe9,Oslo\n", &opts);
    same_at_every_split(b"name,city\nZo\xc3\xab,Gen\xe8ve\n", &opts);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("a,b\r\né,\"x\ny\"\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    same_at_every_split(&utf16, &opts);
    same_at_every_split(&[0x1f, 0x8b, 8, 0], &opts);
}

#[test]
fn samples_limits_and_sniffing_match() {
    let mut text = String::from("id;score;label\n");
    for i in 0..300 {
        text += &format!("{i};{},{};{}\n", i % 7, i % 10, if i % 3 == 0 { "yes" } else { "no" });
    }
    let b = text.as_bytes();
    let cuts: Vec<usize> = (1..b.len()).step_by(97).collect();
    for opts in [
        IngestOptions::default(),
        IngestOptions { sample: Some(Sample { fraction: 0.3, seed: 7 }), ..Default::default() },
        IngestOptions { max_cells: 500, ..Default::default() },
        IngestOptions { max_cell_bytes: 2, ..Default::default() },
        IngestOptions { delimiter: Some(b','), ..Default::default() },
    ] {
        let whole = shown(&ingest(b, &opts));
        assert_eq!(shown(&streamed(b, &cuts, &opts)), whole, "{opts:?}");
        assert_eq!(shown(&streamed(b, &[], &opts)), whole, "{opts:?}");
    }
}

#[test]
fn a_long_file_is_parsed_before_its_end() {
    // 30,000 lines: the head is settled after 200 lines and 64 KiB, then records stream.
    let mut text = String::from("x,y\n");
    for i in 0..30_000 {
        text += &format!("{i},{}\n", "v".repeat(30));
    }
    let b = text.as_bytes();
    let mut s = IngestStream::new(IngestOptions::default(), b.len() as u64);
    for chunk in b.chunks(4096) {
        assert_eq!(s.feed(chunk), Ok(Step::Continue));
    }
    assert!(matches!(s.stage, Stage::Parsing(_)), "parsing began before the end");
    assert_eq!(s.progress(), (b.len() as u64, b.len() as u64));
    let Ok(Finished::Table(t)) = s.finish() else { panic!("a table") };
    assert_eq!(*t, ingest(b, &IngestOptions::default()).unwrap());
    // A spent stream says so.
    assert!(s.finish().is_err());
    // Over the cell limit, the file is refused as soon as the header is read, not at its end.
    let opts = IngestOptions { max_cells: 1000, ..Default::default() };
    let mut s = IngestStream::new(opts.clone(), b.len() as u64);
    let fed = b.chunks(4096).position(|c| s.feed(c).is_err()).expect("refused");
    assert!(fed * 4096 < b.len() / 2, "refused after {fed} chunks");
    assert_eq!(s.finish().unwrap_err(), ingest(b, &opts).unwrap_err());
}
