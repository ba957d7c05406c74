//! A cleaning log read from JSON (what `micronum clean --apply` and the model file carry),
//! applied to a fixed table and to a table ingested from the rest of the input.
//!
//! Input: the log's JSON, a NUL byte, then CSV bytes (JSON text never holds a raw NUL).
//! Invariants: nothing panics; apply either refuses the log with an error or returns a table
//! whose columns all have one cell per row, with no more rows than it was given.
#![no_main]

use libfuzzer_sys::fuzz_target;
use micronum::engine::clean::{apply, CleaningLog};
use micronum::engine::ingest::{ingest, IngestOptions};
use micronum::engine::table::Table;

const FIXED: &str = "User ID,Gender,Age,EstimatedSalary,Purchased\n\
15624510,Male,19,19000,0\n\
15810944, male ,35,\"20,000\",no\n\
15668575,Female,NA,43000,0\n\
15603246,Female,27,57000,yes\n\
15804002,Male,999,,1\n\
15804002,Male,999,,1\n\
15728773,F,27,$58000,\n";

fn check(t: &Table, log: &CleaningLog) {
    if let Ok((clean, reports)) = apply(t, log) {
        assert_eq!(reports.len(), log.len());
        assert!(clean.n_rows() <= t.n_rows());
        assert!(clean.columns.iter().all(|c| c.data.len() == clean.n_rows()), "ragged");
    }
}

fuzz_target!(|bytes: &[u8]| {
    let (head, tail) = match bytes.iter().position(|&b| b == 0) {
        Some(i) => (&bytes[..i], &bytes[i + 1..]),
        None => (bytes, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(head) else { return };
    let Ok(log) = serde_json::from_str::<CleaningLog>(text) else { return };
    let fixed = ingest(FIXED.as_bytes(), &IngestOptions::default()).expect("fixed table").table;
    check(&fixed, &log);
    if let Ok(got) = ingest(tail, &IngestOptions::default()) {
        check(&got.table, &log);
    }
});
