//! Drift of batches against a model trained on `customers_10k.csv` through the library: the
//! training file and an unseen half of it are stable, salaries ×1.5 are major drift.

mod common;

use micronum::engine::clean::{apply, suggest};
use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::drift::{drift_report, DriftReport, Verdict};
use micronum::engine::evaluate::{evaluate_split, honest_scores, EvalConfig};
use micronum::engine::forest::ForestParams;
use micronum::engine::ingest::{ingest, IngestOptions};
use micronum::engine::model_io::Model;
use micronum::engine::table::{ColumnData, Table};

fn customers() -> Table {
    ingest(&common::data_bytes("customers_10k.csv"), &IngestOptions::default()).unwrap().table
}

/// Trains as `micronum train` does (suggested cleaning, 25% held out), with 30 trees.
fn train(raw: &Table) -> Model {
    let log = suggest(raw, Some("purchased"));
    let (table, _) = apply(raw, &log).unwrap();
    let cfg = EvalConfig {
        target: TargetSpec { target: "purchased".into(), ..Default::default() },
        params: ForestParams::new().n_estimators(30).random_state(7).check().unwrap(),
        test_size: 0.25,
        split_seed: 7,
        threshold: 0.5,
        permutation_repeats: 0,
    };
    let (forest, eval) = evaluate_split(&table, &cfg, &mut |_, _, _| true).unwrap();
    let data = Dataset::from_table(&table, &cfg.target).unwrap();
    let honest = honest_scores(&table, &forest, &eval.test_row_ids, &eval.proba_test);
    Model::new(forest, &data, &table, log, Default::default(), "test".into())
        .with_score_profile(&honest)
}

fn psi_of<'a>(r: &'a DriftReport, name: &str) -> &'a micronum::engine::drift::FeatureDrift {
    r.features.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no feature {name}"))
}

fn show(label: &str, r: &DriftReport) {
    let feats: Vec<String> =
        r.features.iter().map(|f| format!("{} {:.4}", f.name, f.psi)).collect();
    let score = r.prediction.as_ref().map_or(f64::NAN, |p| p.psi);
    println!("{label}: {}; scores {score:.4}; {:?}", feats.join(", "), r.verdict);
}

#[test]
fn the_training_file_is_stable() {
    let raw = customers();
    let model = train(&raw);
    let r = drift_report(&model, &raw).unwrap();
    show("same file", &r);
    assert_eq!(r.rows, 10_000);
    assert_eq!(r.features.len(), 7);
    assert!(r.features.iter().all(|f| f.psi < 0.1 && f.verdict == Verdict::Stable));
    assert!(r.training_data, "the training file was not recognised");
    assert_eq!(r.verdict, Verdict::Stable);
    assert!(!r.retrain_recommended);
}

#[test]
fn an_unseen_half_of_the_same_population_is_stable_scores_included() {
    let raw = customers();
    let even: Vec<usize> = (0..raw.n_rows()).step_by(2).collect();
    let odd: Vec<usize> = (1..raw.n_rows()).step_by(2).collect();
    let model = train(&raw.take_rows(&even));
    let r = drift_report(&model, &raw.take_rows(&odd)).unwrap();
    show("unseen half", &r);
    assert!(!r.training_data);
    assert!(r.features.iter().all(|f| f.verdict == Verdict::Stable), "{:?}", r.features);
    let scores = r.prediction.as_ref().expect("the model has a score profile");
    assert_eq!(scores.verdict, Verdict::Stable, "score PSI {}", scores.psi);
    assert_eq!(r.verdict, Verdict::Stable);
}

#[test]
fn salaries_times_one_and_a_half_are_major_drift() {
    let raw = customers();
    let model = train(&raw);
    let mut batch = raw.clone();
    let col = batch.columns.iter_mut().find(|c| c.name == "estimated_salary").unwrap();
    let ColumnData::Numeric(v) = &mut col.data else { panic!("salary is not numeric") };
    std::sync::Arc::make_mut(v).iter_mut().for_each(|x| *x *= 1.5);
    let r = drift_report(&model, &batch).unwrap();
    show("salary x1.5", &r);
    assert!(!r.training_data);
    let salary = psi_of(&r, "estimated_salary");
    assert_eq!(salary.verdict, Verdict::Major, "PSI {}", salary.psi);
    assert!(psi_of(&r, "age").psi < 0.1);
    assert_eq!(r.verdict, Verdict::Major);
    assert!(r.retrain_recommended);
    // The shares of every profile still sum to 1 on both sides.
    let sum =
        |f: fn(&micronum::engine::drift::BinShare) -> f64| salary.bins.iter().map(f).sum::<f64>();
    assert!((sum(|b| b.expected) - 1.0).abs() < 1e-9 && (sum(|b| b.actual) - 1.0).abs() < 1e-9);
}
