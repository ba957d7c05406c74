//! CSV ingest from bytes, then what `micronum inspect` and `micronum clean` do with the table:
//! problems and the suggested log (`analyze` is what `detect` and `suggest` both run), the log
//! applied, and the cleaned table written as CSV.
//!
//! Invariants: nothing panics; every column has one cell per row; the suggested log applies to
//! the table it was suggested for and keeps every row id it did not drop.
#![no_main]

use libfuzzer_sys::fuzz_target;
use micronum::engine::clean::{analyze, apply};
use micronum::engine::csv_out::write_csv;
use micronum::engine::ingest::{ingest, IngestOptions};

fuzz_target!(|bytes: &[u8]| {
    let Ok(got) = ingest(bytes, &IngestOptions::default()) else { return };
    let t = &got.table;
    assert!(t.columns.iter().all(|c| c.data.len() == t.n_rows()), "ragged table");
    assert_eq!(got.report.rows, t.n_rows());
    let target = got.report.target_guess.clone();
    let (_problems, log) = analyze(t, target.as_deref());
    let (clean, reports) = match apply(t, &log) {
        Ok(x) => x,
        Err(e) => panic!("the suggested log does not apply: {e}\n{log:?}"),
    };
    assert_eq!(reports.len(), log.len());
    assert!(clean.columns.iter().all(|c| c.data.len() == clean.n_rows()), "ragged after clean");
    assert!(clean.row_ids.iter().all(|r| t.row_ids.contains(r)), "row ids invented");
    let mut out = Vec::new();
    write_csv(&clean, &mut out).expect("writing to memory");
});
