//! Every shared data file, good or hostile, gives a correct table or one clear error.

mod common;

use micronum::engine::ingest::{ingest, IngestError, IngestOptions};
use micronum::engine::table::Kind;

fn read(rel: &str) -> Result<micronum::engine::ingest::Ingested, IngestError> {
    ingest(
        &common::data_bytes(rel),
        &IngestOptions { file_name: Some(rel.into()), ..Default::default() },
    )
}

#[test]
fn social_network_ads_is_read_exactly() {
    let got = read("social_network_ads.csv").unwrap();
    assert_eq!((got.table.n_rows(), got.table.n_cols()), (400, 5));
    let kinds: Vec<Kind> = got.table.columns.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [Kind::Id, Kind::Categorical, Kind::Numeric, Kind::Numeric, Kind::Boolean]);
    assert_eq!(got.report.target_guess.as_deref(), Some("Purchased"));
    assert_eq!(got.report.positive_guess.as_deref(), Some("1"));
    assert_eq!(got.table.columns[3].data.text(399), "36000");
}

#[test]
fn customers_10k_is_read() {
    let got = read("customers_10k.csv").unwrap();
    assert_eq!((got.table.n_rows(), got.table.n_cols()), (10_000, 9));
    assert_eq!(got.report.target_guess.as_deref(), Some("purchased"));
    assert_eq!(got.table.column("customer_id").map(|c| c.kind), Some(Kind::Id));
}

#[test]
fn hostile_files_give_a_table_or_a_clear_error() {
    use IngestError::*;
    assert_eq!(read("bad/empty.csv").unwrap_err(), Empty);
    assert_eq!(read("bad/header_only.csv").unwrap_err(), HeaderOnly);
    assert_eq!(read("bad/binary_garbage.csv").unwrap_err(), NoStructure { len: 4096 });
    assert!(
        matches!(read("bad/huge_cell.csv"), Err(CellTooLong { line: 3, .. })),
        "{:?}",
        read("bad/huge_cell.csv").err()
    );
    assert_eq!(
        read("bad/ragged_rows.csv").unwrap_err(),
        RaggedRow { line: 3, expected: 5, found: 3 }
    );
    assert_eq!(read("bad/unterminated_quote.csv").unwrap_err(), UnterminatedQuote { line: 2 });
    // Files that are tables (their problems surface later, in cleaning or training).
    let utf16 = read("bad/utf16_bom.csv").unwrap();
    assert!(utf16.report.encoding.starts_with("UTF-16"));
    assert_eq!(utf16.table.n_cols(), 5);
    let dup = read("bad/duplicate_headers.csv").unwrap();
    assert_eq!(dup.table.columns[2].name, "Age.1");
    assert_eq!(read("bad/one_row.csv").unwrap().table.n_rows(), 1);
    assert!(read("bad/all_missing_age.csv").unwrap().table.column("Age").is_some());
    assert!(read("bad/single_class.csv").is_ok());
    assert!(read("bad/target_not_binary.csv").is_ok());
}

#[test]
fn every_error_message_is_specific() {
    for name in
        ["empty", "header_only", "binary_garbage", "huge_cell", "ragged_rows", "unterminated_quote"]
    {
        let msg = read(&format!("bad/{name}.csv")).unwrap_err().to_string();
        assert!(msg.len() > 15, "{name}: {msg}");
    }
}
