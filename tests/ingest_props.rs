//! Property tests: ingest never panics on arbitrary bytes or CSV-ish text, and a table written
//! by `csv_out` reads back equal.

use micronum::engine::csv_out::write_csv;
use micronum::engine::ingest::{ingest, IngestOptions};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = ingest(&bytes, &IngestOptions::default());
    }

    #[test]
    fn csv_like_text_never_panics(text in "[a-z0-9,;|\t\"\r\n .$-]{0,400}") {
        let _ = ingest(text.as_bytes(), &IngestOptions::default());
    }

    #[test]
    fn written_tables_read_back_equal(
        rows in proptest::collection::vec((0u32..1000, "[A-Za-z]{1,6}", proptest::option::of(-1e6f64..1e6)), 1..40)
    ) {
        let mut text = String::from("n,label,x\n");
        for (n, l, x) in &rows {
            text.push_str(&format!("{n},{l},{}\n", x.map(|v| format!("{v}")).unwrap_or_default()));
        }
        let t = ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table;
        let mut buf = Vec::new();
        write_csv(&t, &mut buf).unwrap();
        let back = ingest(&buf, &IngestOptions::default()).unwrap().table;
        prop_assert_eq!(format!("{:?}", t), format!("{:?}", back));
    }
}
