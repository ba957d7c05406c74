//! Ingest tests on small inline files (the shared hostile files are in `tests/ingest_files.rs`).

use super::*;
use crate::engine::table::{ColumnData, MISSING_CODE};

fn read(text: &str) -> Result<Ingested, IngestError> {
    ingest(text.as_bytes(), &IngestOptions::default())
}

#[test]
fn reads_typed_columns_and_guesses_the_target() {
    let got = read("User ID,Gender,Age,EstimatedSalary,Purchased\r\n1,Male,19,19000,0\r\n2,Female,35,20000,1\r\n").unwrap();
    let t = &got.table;
    assert_eq!((t.n_rows(), t.n_cols()), (2, 5));
    assert_eq!(t.columns[2].data, ColumnData::numbers(vec![19.0, 35.0]));
    let kinds: Vec<Kind> = t.columns.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [Kind::Id, Kind::Categorical, Kind::Numeric, Kind::Numeric, Kind::Boolean]);
    assert_eq!(got.report.target_guess.as_deref(), Some("Purchased"));
    assert_eq!(got.report.positive_guess.as_deref(), Some("1"));
    assert_eq!(got.report.delimiter, ',');
}

#[test]
fn line_endings_quotes_blank_lines_and_trailing_delimiters() {
    let cr = read("a,b\r1,2\r3,4\r").unwrap();
    assert_eq!(cr.table.n_rows(), 2);
    let quoted = read("name,note\n\"Doe, J\",\"two\nlines\"\n\nRoe,x,\n").unwrap();
    assert_eq!(quoted.table.n_rows(), 2);
    assert_eq!(quoted.table.columns[0].data.text(0), "Doe, J");
    assert_eq!(quoted.table.columns[1].data.text(0), "two\nlines");
    assert_eq!(quoted.table.row_ids, vec![0, 1]);
}

#[test]
fn semicolon_with_decimal_comma() {
    let got = read("x;y\n1,5;2\n3,25;4\n").unwrap();
    assert!(got.report.decimal_comma);
    assert_eq!(got.table.columns[0].data, ColumnData::numbers(vec![1.5, 3.25]));
}

#[test]
fn errors_name_the_line_and_column() {
    assert_eq!(
        read("a,b,c\n1,2,3\n4,5\n").unwrap_err(),
        IngestError::RaggedRow { line: 3, expected: 3, found: 2 }
    );
    assert_eq!(read("a,b\n1,\"x\n2,3\n").unwrap_err(), IngestError::UnterminatedQuote { line: 2 });
    assert_eq!(read("a,b\n").unwrap_err(), IngestError::HeaderOnly);
    let opts = IngestOptions { max_cell_bytes: 3, ..Default::default() };
    let err = ingest(b"a,b\n1,2\n3,abcdef\n", &opts).unwrap_err();
    assert_eq!(err, IngestError::CellTooLong { line: 3, column: "b".into(), len: 6, max: 3 });
    assert_eq!(
        err.to_string(),
        "line 3, column \"b\": the cell is 6 bytes long, over the limit of 3"
    );
}

#[test]
fn limits_on_columns_and_cells() {
    let opts = IngestOptions { max_columns: 2, ..Default::default() };
    assert_eq!(
        ingest(b"a,b,c\n1,2,3\n", &opts).unwrap_err(),
        IngestError::TooManyColumns { found: 3, max: 2 }
    );
    let opts = IngestOptions { max_cells: 5, ..Default::default() };
    assert!(matches!(ingest(b"a,b\n1,2\n3,4\n5,6\n", &opts), Err(IngestError::TooLarge { .. })));
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    assert!(super::check_file_size(super::MAX_FILE_BYTES).is_ok());
    let e = super::check_file_size(1_600_000_000).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the file is 1600 MB; files up to 1000 MB can be read here (the page's memory must also hold the columns) — use the micronum command line, or split the file"
    );
}

#[test]
fn a_seeded_sample_keeps_a_random_share_with_original_row_numbers() {
    let mut csv = String::from("id,x\n");
    for i in 0..10_000 {
        csv += &format!("{i},{}\n", i % 7);
    }
    let opts = |seed| IngestOptions {
        sample: Some(super::Sample { fraction: 0.1, seed }),
        ..Default::default()
    };
    let got = ingest(csv.as_bytes(), &opts(42)).unwrap();
    let n = got.table.n_rows();
    // Binomial(10 000, 0.1): sd 30, so ±150 is five sd.
    assert!((850..=1150).contains(&n), "{n}");
    // Row ids are the records' indices in the file, increasing, and match the id column.
    let ids = &got.table.row_ids;
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert!((0..n).all(|r| got.table.columns[0].data.text(r) == ids[r].to_string()));
    assert!(got.report.warnings.iter().any(|w| w.contains("of the file's 10000 rows were read")));
    // Same seed, same sample; another seed, another sample.
    assert_eq!(ingest(csv.as_bytes(), &opts(42)).unwrap().table, got.table);
    assert_ne!(ingest(csv.as_bytes(), &opts(7)).unwrap().table.row_ids, *ids);
    // A sample that fits passes the memory check the whole file fails.
    let tight = IngestOptions { max_cells: 5_000, ..Default::default() };
    assert!(matches!(ingest(csv.as_bytes(), &tight), Err(IngestError::TooLarge { .. })));
    let sampled = IngestOptions { max_cells: 5_000, ..opts(42) };
    assert_eq!(ingest(csv.as_bytes(), &sampled).unwrap().table.row_ids, *ids);
}

#[test]
fn duplicate_headers_are_renamed_with_a_warning() {
    let got = read("id,Age,Age\n0,20,30\n").unwrap();
    let names: Vec<&str> = got.table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "Age", "Age.1"]);
    assert_eq!(got.report.warnings.len(), 1);
}

#[test]
fn text_cells_are_dictionary_encoded_with_missing() {
    let got = read("g,v\nMale,1\n,2\nMale,3\n").unwrap();
    match &got.table.columns[0].data {
        ColumnData::Categorical { codes, levels } => {
            assert_eq!(levels, &["Male"]);
            assert_eq!(codes[..], [0, MISSING_CODE, 0]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(got.report.columns[0].missing, 1);
}

#[test]
fn progress_reaches_the_total() {
    let mut last = (0, 0);
    ingest_with_progress(b"a\n1\n", &IngestOptions::default(), &mut |d, t| last = (d, t)).unwrap();
    assert_eq!(last, (4, 4));
}

#[test]
fn columns_keep_no_spare_capacity_when_the_row_estimate_is_low() {
    // Long first lines make the estimate from the first 200 lines far too low.
    let mut text = String::from("id,name,score\n");
    for i in 0..200 {
        text.push_str(&format!("{i},{},1.5\n", "x".repeat(60)));
    }
    for i in 200..5000 {
        text.push_str(&format!("{i},y,{}\n", i % 7));
    }
    let t = read(&text).expect("reads").table;
    assert_eq!(t.n_rows(), 5000);
    assert_eq!(t.row_ids.capacity(), t.row_ids.len());
    for c in &t.columns {
        match &c.data {
            ColumnData::Numeric(v) => assert_eq!(v.capacity(), v.len(), "{}", c.name),
            ColumnData::Categorical { codes, .. } => {
                assert_eq!(codes.capacity(), codes.len(), "{}", c.name)
            }
        }
    }
}
