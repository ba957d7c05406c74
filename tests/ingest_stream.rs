//! The push parser (`ingest::stream`) gives exactly what the whole-file reader gives — the same
//! table and report, or the same error — on every file of the shared data (good, hostile and
//! real ones), split into chunks at random places and at the places that could go wrong: inside
//! quoted fields, inside multi-byte characters (UTF-8 and UTF-16) and between CR and LF.

mod common;

use micronum::engine::ingest::stream::{Finished, IngestStream, Step};
use micronum::engine::ingest::{ingest, IngestError, IngestOptions, Ingested};
use micronum::engine::rng;

/// `bytes` fed cut at `cuts` (ascending), again from the start after a restart.
fn streamed(bytes: &[u8], cuts: &[usize], opts: &IngestOptions) -> Result<Ingested, IngestError> {
    let mut s = IngestStream::new(opts.clone(), bytes.len() as u64);
    'again: loop {
        let mut at = 0;
        for &cut in cuts.iter().chain([&bytes.len()]) {
            if s.feed(&bytes[at..cut])? == Step::Restart {
                continue 'again;
            }
            at = cut;
        }
        match s.finish()? {
            Finished::Table(t) => return Ok(*t),
            Finished::Restart => continue,
        }
    }
}

/// The result as text: tables hold NaN for missing numbers, which `==` never finds equal, and
/// the text shows every cell, every report field and the error.
fn shown(r: &Result<Ingested, IngestError>) -> String {
    format!("{r:?}")
}

/// Every file under `dir` (relative to the shared data), recursively.
fn files(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let path = common::shared(&format!("data/{dir}"));
    for entry in std::fs::read_dir(&path).expect("the shared data") {
        let entry = entry.expect("an entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if dir.is_empty() { name } else { format!("{dir}/{name}") };
        if entry.file_type().expect("a type").is_dir() {
            out.extend(files(&rel));
        } else {
            out.push(rel);
        }
    }
    out.sort();
    out
}

/// Byte positions where a cut tests something: just inside an opening quote, at every
/// continuation byte of a UTF-8 character, between CR and LF, and (for a UTF-16 file) inside
/// every code unit near the start.
fn tricky_positions(bytes: &[u8]) -> Vec<usize> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    (1..bytes.len())
        .filter(|&i| {
            let (prev, b) = (bytes[i - 1], bytes[i]);
            prev == b'"'
                || (b & 0xC0 == 0x80)
                || (prev == b'\r' && b == b'\n')
                || (utf16 && i % 2 == 1 && i < 4096)
        })
        .collect()
}

#[test]
fn every_shared_file_streams_to_the_same_result_at_any_chunking() {
    let all = files("");
    assert!(
        all.iter().any(|f| f.starts_with("bad/")) && all.iter().any(|f| f.starts_with("real/"))
    );
    let mut gen = rng::rng(23);
    for rel in &all {
        let bytes = common::data_bytes(rel);
        let opts = IngestOptions { file_name: Some(rel.clone()), ..Default::default() };
        let whole = shown(&ingest(&bytes, &opts));
        let n = bytes.len();
        // About 4 MB of parsing per file (more passes for small files).
        let passes = (4_000_000 / n.max(1)).clamp(4, 300);
        let tricky = tricky_positions(&bytes);
        for pass in 0..passes {
            // Random chunks of 1 byte to 64 KiB, and one cut at a tricky place.
            let mut cuts = Vec::new();
            let mut at = 0;
            loop {
                let bits = 1 + rng::below(&mut gen, 16);
                let size = 1 + rng::below(&mut gen, 1 << bits);
                at += size;
                if at >= n {
                    break;
                }
                cuts.push(at);
            }
            if !tricky.is_empty() {
                cuts.push(tricky[rng::below(&mut gen, tricky.len())]);
                cuts.sort_unstable();
                cuts.dedup();
            }
            let got = shown(&streamed(&bytes, &cuts, &opts));
            assert!(got == whole, "{rel}, pass {pass}, cuts {cuts:?}");
        }
        // Two chunks, cut at each of the first tricky places.
        for &cut in tricky.iter().take(50) {
            assert!(shown(&streamed(&bytes, &[cut], &opts)) == whole, "{rel}, cut at {cut}");
        }
    }
}

#[test]
fn the_hostile_files_give_the_same_errors_in_one_chunk() {
    for rel in files("bad") {
        let bytes = common::data_bytes(&rel);
        let opts = IngestOptions::default();
        assert_eq!(shown(&streamed(&bytes, &[], &opts)), shown(&ingest(&bytes, &opts)), "{rel}");
    }
}

#[test]
fn every_shared_file_read_one_byte_at_a_time_gives_the_same_result() {
    for rel in files("") {
        let bytes = common::data_bytes(&rel);
        let opts = IngestOptions { file_name: Some(rel.clone()), ..Default::default() };
        let ones: Vec<usize> = (1..bytes.len()).collect();
        let got = shown(&streamed(&bytes, &ones, &opts));
        assert!(got == shown(&ingest(&bytes, &opts)), "{rel}");
    }
}
