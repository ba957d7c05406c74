//! The logistic-regression baseline against scikit-learn on the same data and preparation:
//! `tests/fixtures/logistic_sklearn.json`, made by `tests/fixtures/logistic_sklearn.py` (pinned
//! scikit-learn 1.9.1) on `real/credit_data.csv` as read (target Status, positive "bad").

mod common;

use micronum::engine::baseline::LogisticParams;
use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::ingest::{ingest, IngestOptions};
use serde_json::Value;

fn fixture() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/logistic_sklearn.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn coefficients_and_probabilities_equal_scikit_learns() {
    let fx = fixture();
    let table = ingest(&common::data_bytes("real/credit_data.csv"), &IngestOptions::default())
        .unwrap()
        .table;
    let spec =
        TargetSpec { target: "Status".into(), positive: Some("bad".into()), ..Default::default() };
    let data = Dataset::from_table(&table, &spec).unwrap();
    assert!(!data.feature_names().contains(&"rownames".to_string()));
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
    println!("max |coefficient − scikit-learn's| = {worst:e}");
    assert!(worst < 1e-6, "coefficients differ by {worst}");

    let proba = model.predict_proba(&data, &test);
    let want: Vec<f64> =
        fx["test_proba"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(proba.len(), want.len());
    let worst = proba.iter().zip(&want).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    println!("max |P(bad) − scikit-learn's| = {worst:e}");
    assert!(worst < 1e-6, "probabilities differ by {worst}");

    // lbfgs stops short of the optimum on this data (see the fixture); micronum is at least as
    // close to the optimum as lbfgs is.
    let lbfgs = fx["lbfgs_coefficients"].as_object().unwrap();
    let gap = fx["lbfgs_vs_newton_cholesky"].as_f64().unwrap();
    for (name, c) in model.design.names.iter().zip(&model.coef) {
        assert!((lbfgs[name].as_f64().unwrap() - c).abs() <= gap + 1e-6, "{name}");
    }
}
