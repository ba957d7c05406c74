//! A model file read with `Model::from_json` (the validation a hostile file must pass), then
//! `predict_table` on a fixed batch and on a batch ingested from the rest of the input.
//!
//! Input: the model's JSON, a NUL byte, then CSV bytes.
//! Invariants: nothing panics; a validated model scores every row it keeps with a probability
//! in [0, 1]; the JSON a validated model writes reads back as the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use micronum::engine::ingest::{ingest, IngestOptions};
use micronum::engine::model_io::Model;
use micronum::engine::table::Table;

const FIXED: &str = "User ID,Gender,Age,EstimatedSalary,Purchased\n\
15624510,Male,19,19000,0\n\
15810944,Female,35,20000,1\n\
15668575,Other,,43000,0\n\
15603246,,27,57000,1\n\
15804002,Male,60,150000,1\n";

fn check(m: &Model, t: &Table) {
    if let Ok(s) = m.predict_table(t) {
        assert_eq!(s.proba.len(), s.row_ids.len());
        assert!(s.proba.len() <= t.n_rows());
        assert!(
            s.proba.iter().all(|p| (0.0..=1.0).contains(p)),
            "proba out of range: {:?}",
            s.proba
        );
        if let Some(ids) = &s.ids {
            assert_eq!(ids.len(), s.proba.len());
        }
    }
}

fuzz_target!(|bytes: &[u8]| {
    let (head, tail) = match bytes.iter().position(|&b| b == 0) {
        Some(i) => (&bytes[..i], &bytes[i + 1..]),
        None => (bytes, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(head) else { return };
    let Ok(model) = Model::from_json(text) else { return };
    let json = model.to_json().expect("a model that was read can be written");
    let again = Model::from_json(&json).expect("an exported model reads back");
    assert_eq!(format!("{again:?}"), format!("{model:?}"));
    let fixed = ingest(FIXED.as_bytes(), &IngestOptions::default()).expect("fixed table").table;
    check(&model, &fixed);
    if let Ok(got) = ingest(tail, &IngestOptions::default()) {
        check(&model, &got.table);
    }
});
