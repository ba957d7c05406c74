//! The compact trees against the layout they replaced, through files that the previous
//! micronum (main before issue 23, trees as one array per node field, model file version 1)
//! wrote: `tests/fixtures/main_v1/` holds its `train` run on `customers_10k.csv`
//! (`--n-estimators 6 --min-samples-leaf 50 --random-state 7`: its `--model` and the first
//! 1,000 of its 2,500 held-out `--predictions`), and the first 1,000 scores its `predict` gave
//! that model on the same file. Made with main at 782fb3e:
//!
//! ```text
//! micronum train ../shared/data/customers_10k.csv --target purchased --n-estimators 6 \
//!     --min-samples-leaf 50 --random-state 7 --model model.json --predictions held.csv
//! micronum predict --model model.json ../shared/data/customers_10k.csv --out all.csv
//! head -1001 all.csv > scores.csv; head -1001 held.csv > held_out.csv
//! ```
//!
//! This build must (1) read that version-1 file and score exactly as the old build did, (2)
//! grow the same forest from the same seed (held-out probabilities identical digit for digit),
//! and (3) write it as a version-2 file, much smaller, that scores the same again.

mod common;

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/main_v1").join(name)
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("micronum-from-main-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The header and first 1,000 rows of a CSV file, as the fixtures hold them.
fn head(text: &str) -> String {
    text.split_inclusive('\n').take(1001).collect()
}

fn predict(model: &Path, out: &Path) -> String {
    let data = common::data_path("customers_10k.csv");
    let (code, _, err) = common::micronum(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        &data,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    head(&read(out))
}

#[test]
fn a_version_1_file_scores_as_the_old_build_scored_it() {
    let old = read(&fixture("model.json"));
    assert!(old.contains("\"version\": 1") || old.contains("\"version\":1"));
    assert!(old.contains("\"left\""), "trees as arrays per node field");
    let got = predict(&fixture("model.json"), &tmp("scores_v1.csv"));
    assert!(got == read(&fixture("scores.csv")), "the old file scores differently");
}

#[test]
fn the_same_seed_grows_the_same_forest_and_its_compact_file_scores_the_same() {
    let data = common::data_path("customers_10k.csv");
    let (model, held_out) = (tmp("model_v2.json"), tmp("held_out.csv"));
    let (code, _, err) = common::micronum(&[
        "train",
        &data,
        "--target",
        "purchased",
        "--n-estimators",
        "6",
        "--min-samples-leaf",
        "50",
        "--random-state",
        "7",
        "--model",
        model.to_str().unwrap(),
        "--predictions",
        held_out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let held = read(&held_out);
    assert_eq!(held.lines().count(), 2501);
    assert!(head(&held) == read(&fixture("held_out.csv")), "held-out probabilities differ");
    let new = read(&model);
    assert!(new.contains("\"version\": 2") || new.contains("\"version\":2"));
    assert!(new.contains("\"cuts\"") && !new.contains("\"left\""), "packed trees");
    let got = predict(&model, &tmp("scores_v2.csv"));
    assert!(got == read(&fixture("scores.csv")), "the new file scores differently");
    // The forest part of the file: everything from "forest" on, in both files.
    let forest = |text: &str| text.len() - text.find("\"forest\"").unwrap();
    let (v1, v2) = (forest(&read(&fixture("model.json"))), forest(&new));
    assert!(v2 * 5 < v1, "forest {v2} bytes in version 2 against {v1} in version 1");
}
