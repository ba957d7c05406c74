//! `micronum explain` and `micronum predict --reasons` as pipelines call them: the model's
//! cleaning replayed on a messy batch, contributions that add up to the probability `predict`
//! writes, reasons that are the largest contributions, and clear errors for bad row lists.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("micronum-explain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A 40-tree model trained on the messy demo file (its cleaning log is replayed later), once.
fn model() -> String {
    static MODEL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MODEL.get_or_init(train).clone()
}

fn train() -> String {
    let path = tmp("model.json");
    {
        let (code, _, err) = common::micronum(&[
            "train",
            &common::data_path("messy_ads.csv"),
            "--target",
            "Purchased",
            "--n-estimators",
            "40",
            "--model",
            path.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    path.display().to_string()
}

/// CSV text as a header and rows of cells (no quoted commas in these files).
fn cells(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines().map(|l| l.split(',').map(String::from).collect::<Vec<_>>());
    (lines.next().unwrap(), lines.collect())
}

fn run_ok(args: &[&str]) -> String {
    let (code, out, err) = common::micronum(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

#[test]
fn contributions_add_up_to_predict_probabilities() {
    let model = model();
    let batch = common::data_path("messy_ads.csv");
    let explained = run_ok(&["explain", &batch, "--model", &model, "--rows", "0-9,50,399"]);
    let (header, rows) = cells(&explained);
    assert_eq!(header, ["row", "proba", "base", "Gender", "Age", "EstimatedSalary"]);
    let predicted = run_ok(&["predict", &batch, "--model", &model]);
    let (pheader, prows) = cells(&predicted);
    let proba_at = pheader.iter().position(|h| h == "proba").unwrap();
    let by_row: HashMap<&str, &str> =
        prows.iter().map(|r| (r[0].as_str(), r[proba_at].as_str())).collect();
    assert_eq!(rows.len(), 12);
    for r in &rows {
        let v: Vec<f64> = r[1..].iter().map(|c| c.parse().unwrap()).collect();
        let sum = v[1] + v[2..].iter().sum::<f64>();
        assert!((sum - v[0]).abs() < 1e-9, "row {}: {sum} vs {}", r[0], v[0]);
        assert_eq!(by_row[r[0].as_str()], r[1], "row {}: explain and predict differ", r[0]);
    }
    // The numbers do not depend on the thread count.
    let one = run_ok(&["explain", &batch, "--model", &model, "--threads", "1"]);
    let two = run_ok(&["explain", &batch, "--model", &model, "--threads", "2"]);
    assert_eq!(one, two);
    assert_eq!(one.lines().count(), prows.len() + 1, "every row by default");
}

#[test]
fn reasons_are_the_largest_contributions() {
    let model = model();
    let batch = common::data_path("messy_ads.csv");
    let out = tmp("reasons.csv");
    run_ok(&[
        "predict",
        &batch,
        "--model",
        &model,
        "--reasons",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    let (header, rows) = cells(&text);
    assert_eq!(header[header.len() - 2..], ["reason_1", "reason_2"]);
    let explained = run_ok(&["explain", &batch, "--model", &model]);
    let (eheader, erows) = cells(&explained);
    for (r, e) in rows.iter().zip(&erows).step_by(37) {
        assert_eq!(r[0], e[0], "same rows in the same order");
        // The largest |contribution| of the explain file is reason 1, named and signed.
        let (f, v) = (3..e.len())
            .map(|j| (j, e[j].parse::<f64>().unwrap()))
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .unwrap();
        let reason = &r[r.len() - 2];
        assert!(reason.starts_with(&format!("{}=", eheader[f])), "{reason} vs {}", eheader[f]);
        assert!(reason.ends_with(&format!("({v:+.2})")), "{reason} vs {v}");
    }
}

#[test]
fn bad_row_lists_are_errors() {
    let model = model();
    let batch = common::data_path("messy_ads.csv");
    for (rows, says) in [
        ("5000", "there is no record 5000"),
        ("9-3", "runs backwards"),
        ("a", "not a record number"),
        (",", "lists no record"),
    ] {
        let (code, _, err) =
            common::micronum(&["explain", &batch, "--model", &model, "--rows", rows]);
        assert_eq!(code, 2, "{rows}");
        assert!(err.contains(says), "{rows}: {err}");
    }
}
