//! A batch against a model trained on the demo file: the same file does not drift, shifted
//! salaries do, unseen labels are counted, and an empty batch is refused.

use super::*;
use crate::engine::clean::{apply, suggest};
use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::forest::ForestParams;
use crate::engine::ingest::{ingest, IngestOptions};

const DEMO: &[u8] = include_bytes!("../../../../public/social_network_ads.csv");

fn demo() -> Table {
    ingest(DEMO, &IngestOptions::default()).unwrap().table
}

fn model() -> Model {
    let raw = demo();
    let log = suggest(&raw, Some("Purchased"));
    let (clean, _) = apply(&raw, &log).unwrap();
    let spec = TargetSpec { target: "Purchased".into(), ..Default::default() };
    let data = Dataset::from_table(&clean, &spec).unwrap();
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let forest = ForestParams::new()
        .n_estimators(20)
        .check()
        .unwrap()
        .fit(&data, &rows, &mut |_| true)
        .unwrap();
    let oob = forest.oob_proba.clone().unwrap();
    Model::new(forest, &data, &clean, log, Default::default(), "2026-11-25".into())
        .with_score_profile(&oob)
}

fn scale(t: &mut Table, column: &str, factor: f64) {
    let Some(ColumnData::Numeric(v)) =
        t.columns.iter_mut().find(|c| c.name == column).map(|c| &mut c.data)
    else {
        panic!("{column} is not numeric")
    };
    std::sync::Arc::make_mut(v).iter_mut().for_each(|x| *x *= factor);
}

#[test]
fn the_training_file_does_not_drift() {
    let m = model();
    let r = drift_report(&m, &demo()).unwrap();
    assert_eq!(r.rows, 400);
    assert_eq!(r.features.len(), 3);
    for f in &r.features {
        assert_eq!(f.psi, 0.0, "{}", f.name);
        assert_eq!(f.verdict, Verdict::Stable);
        assert_eq!(f.bins.len(), m.profiles.iter().find(|p| p.name == f.name).unwrap().bins.len());
        assert!(f.bins.iter().all(|b| b.expected == b.actual));
    }
    // The scores of the training rows are in-sample, the profile's out-of-bag: shown, not judged.
    assert!(r.training_data);
    assert!(r.prediction.is_some_and(|p| p.psi > 0.0));
    assert_eq!(r.verdict, Verdict::Stable);
    assert!(r.warnings.iter().any(|w| w.contains("training data")));
}

#[test]
fn shifted_salaries_are_major_drift() {
    let m = model();
    let mut batch = demo();
    scale(&mut batch, "EstimatedSalary", 1.5);
    let r = drift_report(&m, &batch).unwrap();
    assert!(!r.training_data);
    let salary = r.features.iter().find(|f| f.name == "EstimatedSalary").unwrap();
    assert_eq!(salary.verdict, Verdict::Major, "PSI {}", salary.psi);
    let age = r.features.iter().find(|f| f.name == "Age").unwrap();
    assert_eq!(age.psi, 0.0);
    assert_eq!(r.verdict, Verdict::Major);
    assert!(r.retrain_recommended);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["verdict"], "major");
    assert_eq!(json["features"][0]["bins"][0]["bin"], "Male");
}

#[test]
fn unseen_labels_are_counted_in_the_missing_bin() {
    let m = model();
    let batch = ingest(
        b"Gender,Age,EstimatedSalary\nOther,30,50000\nOther,40,60000\nMale,,70000\nFemale,50,80000\n",
        &IngestOptions::default(),
    )
    .unwrap()
    .table;
    let r = drift_report(&m, &batch).unwrap();
    let g = &r.features[0];
    assert_eq!(g.name, "Gender");
    assert_eq!((g.unseen_rows, g.unseen_labels.clone()), (2, vec!["Other".to_string()]));
    let missing = g.bins.last().unwrap();
    assert_eq!((missing.bin.as_str(), missing.actual), ("missing", 0.5));
    assert!(r.warnings.iter().any(|w| w.contains("Other")));
    let age = &r.features[1];
    assert_eq!(age.bins.last().unwrap().actual, 0.25);
}

#[test]
fn empty_batches_and_old_models() {
    let mut m = model();
    let empty = demo().take_rows(&[]);
    assert_eq!(drift_report(&m, &empty).unwrap_err(), ModelIoError::NoRows);
    m.score_profile = None;
    let r = drift_report(&m, &demo()).unwrap();
    assert!(r.prediction.is_none());
    assert_eq!(r.verdict, Verdict::Stable);
    assert!(!r.retrain_recommended);
}

#[test]
fn a_profile_that_does_not_fit_its_column_is_an_error() {
    let mut m = model();
    m.profiles[1].bins.pop();
    m.profiles[1].shares.pop();
    assert!(matches!(drift_report(&m, &demo()), Err(ModelIoError::Invalid(_))));
}
