//! The baseline's preparation by hand, its parameters, and the comparison on the demo data
//! (scikit-learn's coefficients are checked in `tests/baseline_sklearn.rs`).

use super::*;
use crate::engine::dataset::{Feature, FeatureValues};
use crate::engine::table::MISSING_CODE;

/// Four rows: a number with a gap, a category with a gap and a tie for the most frequent label.
fn small() -> Dataset {
    let nan = f64::NAN;
    Dataset {
        features: vec![
            Feature {
                name: "age".into(),
                values: FeatureValues::Numeric(std::sync::Arc::new(vec![
                    20.0, nan, 40.0, 60.0, 99.0,
                ])),
            },
            Feature {
                name: "city".into(),
                values: FeatureValues::Categorical {
                    codes: std::sync::Arc::new(vec![1, 0, MISSING_CODE, 1, 2]),
                    levels: vec!["Rome".into(), "Oslo".into(), "Lima".into()],
                },
            },
        ],
        y: vec![0, 1, 0, 1, 1],
        labels: ["0".into(), "1".into()],
        row_ids: (0..5).collect(),
        target: "y".into(),
    }
}

#[test]
fn the_preparation_learns_from_training_rows_only() {
    let d = small();
    let train = [0, 1, 2, 3];
    let design = Design::learn(&d, &train);
    // One-hot columns only for labels seen in training (Lima is only in the test row).
    assert_eq!(design.names, ["age", "missing(age)", "missing(city)", "city=Rome", "city=Oslo"]);
    let x = design.encode(&d, &[0, 1, 2, 3, 4]);
    // Mean of 20, 40, 60 = 40; imputed column 20, 40, 40, 60: population SD √(800/4) = √200.
    let sd = 200f64.sqrt();
    let expected = [-20.0 / sd, 0.0, 0.0, 20.0 / sd, 59.0 / sd];
    for (got, want) in x.dense[0].iter().zip(expected) {
        assert!((got - want).abs() < 1e-15, "{:?}", x.dense[0]);
    }
    assert_eq!(x.dense[1], [0.0, 1.0, 0.0, 0.0, 0.0]);
    assert_eq!(x.dense[2], [0.0, 0.0, 1.0, 0.0, 0.0]);
    // City: Oslo twice, Rome once among training rows, so the gap is filled with Oslo (column 1
    // of the block: Rome, Oslo in label-code order); Lima was never seen: no column.
    assert_eq!(x.blocks, vec![(3, vec![1, 0, 1, 1, u32::MAX])]);
    assert_eq!(x.p, 5);
}

#[test]
fn ties_for_the_most_frequent_label_go_to_the_smallest() {
    let mut d = small();
    d.features[1].values = FeatureValues::Categorical {
        codes: std::sync::Arc::new(vec![1, 0, MISSING_CODE, 2, 2]),
        levels: vec!["b".into(), "a".into(), "c".into()],
    };
    // Training rows 0..4: a, b, missing, c — a tie of one each: "a" is the smallest.
    let x = Design::learn(&d, &[0, 1, 2, 3]).encode(&d, &[2]);
    let design = Design::learn(&d, &[0, 1, 2, 3]);
    let (offset, cols) = &x.blocks[0];
    assert_eq!(design.names[offset + cols[0] as usize], "city=a");
}

#[test]
fn each_parameter_rule_has_its_error() {
    assert_eq!(LogisticParams::new().c(0.0).check().unwrap_err(), BaselineError::C(0.0));
    assert!(matches!(LogisticParams::new().tol(f64::NAN).check(), Err(BaselineError::Tol(_))));
    assert_eq!(LogisticParams::new().max_iter(0).check().unwrap_err(), BaselineError::MaxIter);
    assert_eq!(
        LogisticParams::new().max_fit_rows(0).check().unwrap_err(),
        BaselineError::MaxFitRows
    );
    let p = LogisticParams::new().check().unwrap();
    assert_eq!(p.fit(&small(), &[]).unwrap_err(), BaselineError::NoRows);
}

#[test]
fn the_demo_forest_is_compared_with_the_baseline() {
    use crate::engine::evaluate::{evaluate_split, EvalConfig};
    use crate::engine::forest::ForestParams;
    use crate::engine::ingest::{ingest, IngestOptions};
    use crate::engine::split::stratified_train_test;
    let table =
        ingest(include_bytes!("../../../public/social_network_ads.csv"), &IngestOptions::default())
            .unwrap()
            .table;
    let cfg = EvalConfig {
        target: crate::engine::dataset::TargetSpec {
            target: "Purchased".into(),
            ..Default::default()
        },
        params: ForestParams::new().n_estimators(50).min_samples_leaf(5).check().unwrap(),
        test_size: 0.25,
        split_seed: 42,
        threshold: 0.5,
        permutation_repeats: 0,
    };
    let (_, eval) = evaluate_split(&table, &cfg, &mut |_, _, _| true).unwrap();
    let data = Dataset::from_table(&table, &cfg.target).unwrap();
    let (train, test) = stratified_train_test(&data.y, 0.25, 42).unwrap();
    let params = LogisticParams::new().resamples(300).check().unwrap();
    let r = compare_with_forest(&params, &data, &train, &test, &eval.proba_test, 0.5).unwrap();
    // A linear model on age and salary does well here (scikit-learn: about 0.85–0.89).
    assert!(r.metrics.accuracy > 0.8, "{r:?}");
    let d = r.forest_minus_baseline.accuracy;
    assert!((d.estimate - (eval.metrics.accuracy - r.metrics.accuracy)).abs() < 1e-12);
    assert!(d.low <= d.estimate && d.estimate <= d.high, "{d:?}");
    assert_eq!(r.coefficients.last().unwrap().0, "intercept");
    assert!(r.iterations > 0 && r.iterations < 20);
}

#[test]
fn past_max_fit_rows_a_seeded_sample_is_fitted_and_said() {
    let d = small();
    let all = [0, 1, 2, 3, 4];
    let capped = LogisticParams::new().max_fit_rows(3).seed(9).check().unwrap();
    let m = capped.fit(&d, &all).unwrap();
    assert_eq!(m.sampled, Some((3, 5)));
    // The oracle: the same fit on the rows the seeded sample picks (rng::sample_indices).
    let picked: Vec<usize> = crate::engine::rng::sample_indices(5, 3, 9);
    let direct = LogisticParams::new().check().unwrap().fit(&d, &picked).unwrap();
    assert_eq!((&m.coef, m.intercept, &m.design), (&direct.coef, direct.intercept, &direct.design));
    assert_eq!(direct.sampled, None);
    let same = LogisticParams::new().max_fit_rows(5).check().unwrap().fit(&d, &all).unwrap();
    assert_eq!(same.sampled, None);
    let report = BaselineReport {
        metrics: BinaryMetrics::compute(&[0, 1], &[0, 1], None).unwrap(),
        forest_minus_baseline: paired_bootstrap(&[0, 1], &[0.2, 0.8], &[0.3, 0.6], 0.5, 10, 1),
        coefficients: Vec::new(),
        iterations: 1,
        c: 1.0,
        sampled: m.sampled,
    };
    assert_eq!(
        report.sample_note(),
        " It was fitted on a seeded sample of 3 of the 5 training rows."
    );
}
