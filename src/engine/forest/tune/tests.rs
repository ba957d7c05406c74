//! Tuning checked against plain fits: a candidate's out-of-bag accuracy is the out-of-bag score
//! of the same small forest fitted directly, its Brier estimate is close to a large forest's,
//! and the choice does not depend on threads.

use super::*;
use crate::engine::dataset::{Dataset, Feature, FeatureValues};
use crate::engine::forest::tests::{all_rows, demo};
use crate::engine::forest::ForestParams;
use crate::engine::rng::{rng, unit};

/// `n` rows, y ~ Bernoulli(sigmoid(3·x₁ − 2·x₂)) with a pure-noise third feature: a smooth
/// probability, so fully grown trees overfit.
fn noisy(n: usize, seed: u64) -> Dataset {
    let mut r = rng(seed);
    let mut cols: Vec<Vec<f64>> = (0..3).map(|_| Vec::with_capacity(n)).collect();
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let x: Vec<f64> = (0..3).map(|_| unit(&mut r) * 2.0 - 1.0).collect();
        let p = 1.0 / (1.0 + (-(3.0 * x[0] - 2.0 * x[1])).exp());
        y.push((unit(&mut r) < p) as u8);
        cols.iter_mut().zip(&x).for_each(|(c, v)| c.push(*v));
    }
    Dataset {
        features: cols
            .into_iter()
            .enumerate()
            .map(|(i, v)| Feature {
                name: format!("x{i}"),
                values: FeatureValues::Numeric(std::sync::Arc::new(v)),
            })
            .collect(),
        y,
        labels: ["0".into(), "1".into()],
        row_ids: (0..n).collect(),
        target: "y".into(),
    }
}

fn plan(d: &Dataset) -> FitPlan {
    ForestParams::new().check().unwrap().plan(d, &all_rows(d), &mut |_| true).unwrap()
}

/// Mean squared error of out-of-bag probabilities (rows never out of bag skipped).
fn oob_brier(f: &crate::engine::forest::Forest, d: &Dataset) -> f64 {
    let p = f.oob_proba.as_ref().unwrap();
    let scored: Vec<(f64, u8)> =
        p.iter().zip(&d.y).filter(|(p, _)| !p.is_nan()).map(|(p, y)| (*p, *y)).collect();
    scored.iter().map(|(p, y)| (p - *y as f64).powi(2)).sum::<f64>() / scored.len() as f64
}

#[test]
fn the_grid_grows_with_the_rows() {
    assert_eq!(leaf_grid(300), [1, 3, 5, 10]);
    assert_eq!(leaf_grid(3_000), [1, 3, 5, 10, 20, 35, 60]);
    assert_eq!(leaf_grid(15_000), [1, 3, 5, 10, 20, 35, 60, 100, 170, 300]);
    assert_eq!(*leaf_grid(10_000_000).last().unwrap(), 850);
    let s = TuneSettings {
        max_features: vec![MaxFeatures::Sqrt, MaxFeatures::All],
        ..Default::default()
    };
    assert_eq!(candidates(&s, 300, MaxFeatures::Log2).len(), 8);
    assert_eq!(
        candidates(&TuneSettings::default(), 300, MaxFeatures::Log2)[2].max_features,
        MaxFeatures::Log2
    );
}

#[test]
fn scores_equal_small_forests_fitted_directly() {
    let d = noisy(1500, 3);
    let settings = TuneSettings { trees: 8, leaves: Some(vec![1, 20]), max_features: Vec::new() };
    let tuning = plan(&d).tune(&settings, Some(1), &mut |_| true).unwrap();
    for s in &tuning.scores {
        let direct = ForestParams::new()
            .n_estimators(8)
            .min_samples_leaf(s.candidate.min_samples_leaf)
            .check()
            .unwrap()
            .fit(&d, &all_rows(&d), &mut |_| true)
            .unwrap();
        // Same seeds, same bins, same votes: the same out-of-bag accuracy to the last bit.
        assert_eq!(Some(s.accuracy), direct.oob_score, "{s:?}");
        assert_eq!(s.trees, 8);
    }
}

#[test]
fn the_brier_estimate_of_few_trees_is_close_to_a_large_forest() {
    let d = noisy(2000, 5);
    let settings = TuneSettings { trees: 12, leaves: Some(vec![1, 30]), max_features: Vec::new() };
    let tuning = plan(&d).tune(&settings, None, &mut |_| true).unwrap();
    for s in &tuning.scores {
        let fit = |trees| {
            let p = ForestParams::new()
                .n_estimators(trees)
                .min_samples_leaf(s.candidate.min_samples_leaf);
            p.check().unwrap().fit(&d, &all_rows(&d), &mut |_| true).unwrap()
        };
        let (few, many) = (oob_brier(&fit(12), &d), oob_brier(&fit(300), &d));
        // The raw score of 12 trees overstates the error of fully grown trees; the corrected
        // one lands near the 300-tree forest (≈ 110 votes a row, itself biased by σ²/110).
        println!("{:?}: corrected {}, raw {few}, 300 trees {many}", s.candidate, s.brier);
        assert!(few > many, "{s:?}: raw {few}, 300 trees {many}");
        assert!((s.brier - many).abs() < 0.5 * (few - many), "{s:?}: raw {few}, 300 trees {many}");
    }
}

#[test]
fn noisy_data_gets_larger_leaves_and_the_choice_ignores_threads() {
    let d = noisy(3000, 11);
    let settings = TuneSettings::default();
    let one = plan(&d).tune(&settings, Some(1), &mut |_| true).unwrap();
    let three = plan(&d).tune(&settings, Some(3), &mut |_| true).unwrap();
    assert_eq!(one, three);
    assert_eq!(one.scores.len(), leaf_grid(3000).len());
    assert!(one.chosen.min_samples_leaf >= 10, "{one:?}");
    let leaf1 = &one.scores[0];
    let best = one.scores.iter().find(|s| s.candidate == one.chosen).unwrap();
    assert!(best.brier < leaf1.brier, "{one:?}");
}

#[test]
fn the_chosen_setting_grows_the_forest_a_direct_fit_grows() {
    let d = demo();
    let mut p = ForestParams::new()
        .n_estimators(20)
        .check()
        .unwrap()
        .plan(&d, &all_rows(&d), &mut |_| true)
        .unwrap();
    let tuning =
        p.tune(&TuneSettings { trees: 4, ..Default::default() }, None, &mut |_| true).unwrap();
    p.set_candidate(&tuning.chosen);
    let mut assembly = p.assembly();
    p.grow_into(0..p.n_trees(), None, &mut |_| true, &mut assembly).unwrap();
    let tuned = p.finish(&d, assembly).unwrap();
    let direct = ForestParams::new()
        .n_estimators(20)
        .min_samples_leaf(tuning.chosen.min_samples_leaf)
        .check()
        .unwrap()
        .fit(&d, &all_rows(&d), &mut |_| true)
        .unwrap();
    assert_eq!(tuned, direct);
}

#[test]
fn progress_counts_every_tree_and_cancel_stops() {
    let d = demo();
    let settings =
        TuneSettings { trees: 4, leaves: Some(vec![1, 5, 10]), max_features: Vec::new() };
    let mut last = (0, 0);
    plan(&d)
        .tune(&settings, Some(1), &mut |p| {
            assert_eq!(p.phase, "tuning");
            last = (p.done, p.total);
            true
        })
        .unwrap();
    assert_eq!(last, (12, 12));
    assert_eq!(plan(&d).tune(&settings, Some(1), &mut |_| false), Err(FitError::Cancelled));
}

#[test]
fn tuning_needs_bootstrap_and_two_trees() {
    let d = demo();
    let no_bootstrap = ForestParams::new().bootstrap(false).check().unwrap();
    let p = no_bootstrap.plan(&d, &all_rows(&d), &mut |_| true).unwrap();
    assert_eq!(
        p.tune(&TuneSettings::default(), None, &mut |_| true),
        Err(FitError::TuneWithoutBootstrap)
    );
    let one = TuneSettings { trees: 1, ..Default::default() };
    assert_eq!(plan(&d).tune(&one, None, &mut |_| true), Err(FitError::TuneTrees(1)));
}
