//! `micronum bench`: one Markdown row per file with every phase timed and the counts that
//! follow from the file and the split.

mod common;

/// Cell `k` (0-based, after the leading `|`) of a Markdown table row.
fn cell(row: &str, k: usize) -> String {
    row.split('|').nth(k + 1).unwrap_or_default().trim().to_string()
}

#[test]
fn bench_times_every_phase_of_each_file() {
    let file = common::data_path("customers_10k.csv");
    let (code, out, err) = common::micronum(&[
        "bench",
        &file,
        &common::data_path("bad/empty.csv"),
        "--target",
        "purchased",
        "--n-estimators",
        "10",
        "--threads",
        "1",
    ]);
    // The second file is empty: the first file's row is printed, then the error names the file.
    assert_eq!(code, 2, "{out}");
    assert!(err.starts_with("error:") && err.contains("empty.csv"), "{err}");
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("| customers_10k.csv")).collect();
    assert_eq!(rows.len(), 1, "{out}");
    let row = rows[0];
    assert_eq!(cell(row, 2), "10000");
    // Every phase has a time; trees name the training rows (75 % of 10,000) and trees/s.
    for k in 3..=10 {
        let secs: f64 = cell(row, k).split(' ').next().unwrap().parse().unwrap();
        assert!(secs >= 0.0, "column {k}: {row}");
    }
    // The trees also route the 2,500 held-out rows and 3 shuffled copies per feature (8).
    assert!(cell(row, 8).contains("7500 train rows, 2500 held out, 55000 scored in all"), "{row}");
    let tree_secs: f64 = cell(row, 8).split(' ').next().unwrap().parse().unwrap();
    assert!(tree_secs > 0.0, "{row}");
    // Peak memory is reported on Linux, against the file size.
    if cfg!(target_os = "linux") {
        assert!(cell(row, 11).contains('×'), "{row}");
    }
}
