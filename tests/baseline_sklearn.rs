//! The logistic-regression baseline against scikit-learn on the same data and preparation:
//! fixtures made by `tests/fixtures/logistic_sklearn.py` (pinned scikit-learn 1.9.1) —
//! `logistic_sklearn.json` on `real/credit_data.csv` as read (target Status, positive "bad"), and
//! `logistic_wide.json` on the generated `logistic_wide.csv` (2,000 rows, 227 columns once
//! one-hot encoded: issue 25's sparse solver at width). Test rows: every fourth row.

mod common;

use micronum::engine::baseline::{Logistic, LogisticParams};
use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::ingest::{ingest, IngestOptions};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Fits on the rows with index % 4 ≠ 0 of `bytes` and checks the coefficients (matched by
/// column name) and the test rows' probabilities against the fixture `fx`, to 1e-6.
fn fit_and_compare(bytes: &[u8], spec: &TargetSpec, fx: &Value) -> (Dataset, Logistic) {
    let table = ingest(bytes, &IngestOptions::default()).unwrap().table;
    let data = Dataset::from_table(&table, spec).unwrap();
    let test: Vec<usize> = (0..data.n_rows()).filter(|i| i % 4 == 0).collect();
    let train: Vec<usize> = (0..data.n_rows()).filter(|i| i % 4 != 0).collect();
    let model = LogisticParams::new().check().unwrap().fit(&data, &train).unwrap();

    // The same columns by name (scikit-learn orders labels differently; names match them up).
    let expected = fx["coefficients"].as_object().unwrap();
    let mut names = model.design.names.clone();
    names.sort();
    let mut theirs: Vec<String> = expected.keys().cloned().collect();
    theirs.sort();
    assert_eq!(names, theirs);
    let mut worst = (fx["intercept"].as_f64().unwrap() - model.intercept).abs();
    for (name, c) in model.design.names.iter().zip(&model.coef) {
        worst = worst.max((expected[name].as_f64().unwrap() - c).abs());
    }
    println!("{} columns: max |coefficient − scikit-learn's| = {worst:e}", names.len());
    assert!(worst < 1e-6, "coefficients differ by {worst}");

    let proba = model.predict_proba(&data, &test);
    let want: Vec<f64> =
        fx["test_proba"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(proba.len(), want.len());
    let worst = proba.iter().zip(&want).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    println!("max |P(positive) − scikit-learn's| = {worst:e}");
    assert!(worst < 1e-6, "probabilities differ by {worst}");
    (data, model)
}

#[test]
fn coefficients_and_probabilities_equal_scikit_learns() {
    let fx = fixture("logistic_sklearn.json");
    let spec =
        TargetSpec { target: "Status".into(), positive: Some("bad".into()), ..Default::default() };
    let (data, model) = fit_and_compare(&common::data_bytes("real/credit_data.csv"), &spec, &fx);
    assert!(!data.feature_names().contains(&"rownames".to_string()));

    // lbfgs stops short of the optimum on this data (see the fixture); micronum is at least as
    // close to the optimum as lbfgs is.
    let lbfgs = fx["lbfgs_coefficients"].as_object().unwrap();
    let gap = fx["lbfgs_vs_newton_cholesky"].as_f64().unwrap();
    for (name, c) in model.design.names.iter().zip(&model.coef) {
        assert!((lbfgs[name].as_f64().unwrap() - c).abs() <= gap + 1e-6, "{name}");
    }
}

#[test]
fn at_width_the_coefficients_still_equal_scikit_learns() {
    let fx = fixture("logistic_wide.json");
    let bytes = include_bytes!("fixtures/logistic_wide.csv");
    let spec = TargetSpec { target: "y".into(), positive: Some("1".into()), ..Default::default() };
    let (_, model) = fit_and_compare(bytes, &spec, &fx);
    // 8 numbers, missing(n7), missing(c4), and one column per label seen in training.
    assert!(model.coef.len() > 200, "{}", model.coef.len());
}
