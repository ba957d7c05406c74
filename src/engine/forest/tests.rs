//! Forest tests: quality on the demo data, determinism, thread independence, cancellation,
//! and small hand-checked cases.

use super::*;
use crate::engine::dataset::{Feature, TargetSpec};
use crate::engine::ingest::{ingest, IngestOptions};

const DEMO: &[u8] = include_bytes!("../../../public/social_network_ads.csv");

pub(super) fn demo() -> Dataset {
    let table = ingest(DEMO, &IngestOptions::default()).unwrap().table;
    Dataset::from_table(&table, &TargetSpec { target: "Purchased".into(), ..Default::default() })
        .unwrap()
}

pub(super) fn all_rows(d: &Dataset) -> Vec<usize> {
    (0..d.n_rows()).collect()
}

fn fit(p: ForestParams, d: &Dataset) -> Forest {
    p.check().unwrap().fit(d, &all_rows(d), &mut |_| true).unwrap()
}

#[test]
fn demo_oob_accuracy_is_high() {
    let d = demo();
    assert_eq!(d.feature_names(), vec!["Gender", "Age", "EstimatedSalary"]);
    let f = fit(ForestParams::new(), &d);
    let oob = f.oob_score.unwrap();
    assert!(oob >= 0.87, "oob {oob}");
    assert_eq!(f.trees.len(), 100);
    // Age and salary carry the signal; gender hardly any.
    assert!(
        f.importances[1] > f.importances[0] && f.importances[2] > f.importances[0],
        "{:?}",
        f.importances
    );
    assert!((f.importances.iter().sum::<f64>() - 1.0).abs() < 1e-9);
}

#[test]
fn skipping_the_out_of_bag_score_grows_the_same_trees() {
    let d = demo();
    let with = fit(ForestParams::new().n_estimators(20), &d);
    let without = fit(ForestParams::new().n_estimators(20).oob_score(false), &d);
    assert!(with.trees == without.trees && with.importances == without.importances);
    assert!(with.oob_score.is_some() && with.oob_proba.is_some());
    assert_eq!((without.oob_score, without.oob_proba), (None, None));
    // Model files written before the setting existed scored out-of-bag rows.
    let mut json = serde_json::to_value(&with.params).unwrap();
    json.as_object_mut().unwrap().remove("oob_score");
    let old: crate::engine::forest::ValidForestParams = serde_json::from_value(json).unwrap();
    assert!(old.scores_oob());
}

#[test]
fn same_seed_same_forest_other_seed_other_forest() {
    let d = demo();
    let a = fit(ForestParams::new().n_estimators(20), &d);
    let b = fit(ForestParams::new().n_estimators(20), &d);
    let c = fit(ForestParams::new().n_estimators(20).random_state(7), &d);
    assert!(a == b, "same seed, different forests");
    assert_ne!(a.predict_proba(&d).unwrap(), c.predict_proba(&d).unwrap());
}

#[test]
fn thread_count_does_not_change_the_forest() {
    let d = demo();
    let one = fit(ForestParams::new().n_estimators(16).n_threads(Some(1)), &d);
    let two = fit(ForestParams::new().n_estimators(16).n_threads(Some(2)), &d);
    let three = fit(ForestParams::new().n_estimators(16).n_threads(Some(3)), &d);
    assert!(one == two, "1 vs 2 threads differ");
    assert!(one == three, "1 vs 3 threads differ");
}

#[test]
fn cancel_stops_between_trees() {
    let d = demo();
    let mut calls = 0;
    let r =
        ForestParams::new().n_threads(Some(1)).check().unwrap().fit(&d, &all_rows(&d), &mut |p| {
            calls += 1;
            p.done < 5
        });
    assert_eq!(r.unwrap_err(), FitError::Cancelled);
    assert!(calls <= 7, "{calls}");
}

#[test]
fn depth_and_leaf_limits_hold() {
    let d = demo();
    let f = fit(ForestParams::new().n_estimators(10).max_depth(Some(3)).min_samples_leaf(20), &d);
    for t in &f.trees {
        let (_, depth) = t.shape();
        assert!(depth <= 3);
        for i in 0..t.len() {
            if t.is_leaf(i) {
                assert!(t.weight(i) >= 20.0 * 0.0, "weights are positive");
            }
        }
    }
}

/// y = 1 exactly when x > 2.5; one stump must find it.
#[test]
fn a_single_split_is_found_exactly() {
    let d = Dataset {
        features: vec![Feature {
            name: "x".into(),
            values: FeatureValues::Numeric(std::sync::Arc::new(vec![1.0, 2.0, 3.0, 4.0, 2.0, 5.0])),
        }],
        y: vec![0, 0, 1, 1, 0, 1],
        labels: ["0".into(), "1".into()],
        row_ids: (0..6).collect(),
        target: "y".into(),
    };
    let f = fit(ForestParams::new().n_estimators(1).bootstrap(false), &d);
    let t = &f.trees[0];
    assert_eq!(t.len(), 3);
    assert_eq!(t.threshold(0), 2.5);
    assert_eq!(f.predict_proba(&d).unwrap(), vec![0.0, 0.0, 1.0, 1.0, 0.0, 1.0]);
}

/// A categorical feature separates the classes; missing values and unseen labels still predict.
#[test]
fn categorical_and_missing_values() {
    let d = Dataset {
        features: vec![
            Feature {
                name: "c".into(),
                values: FeatureValues::Categorical {
                    codes: std::sync::Arc::new(vec![0, 1, 2, 0, 1, 2, MISSING_CODE, 2]),
                    levels: vec!["a".into(), "b".into(), "c".into()],
                },
            },
            Feature {
                name: "x".into(),
                values: FeatureValues::Numeric(std::sync::Arc::new(vec![
                    1.0,
                    f64::NAN,
                    1.0,
                    2.0,
                    2.0,
                    1.0,
                    3.0,
                    f64::NAN,
                ])),
            },
        ],
        y: vec![0, 1, 1, 0, 1, 1, 0, 1],
        labels: ["0".into(), "1".into()],
        row_ids: (0..8).collect(),
        target: "y".into(),
    };
    let f = fit(
        ForestParams::new().n_estimators(1).bootstrap(false).max_features(MaxFeatures::All),
        &d,
    );
    let p = f.predict_proba(&d).unwrap();
    assert_eq!(p, vec![0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0]);
    // A batch where "c" has an unseen label still gets a probability.
    let mut batch = d.clone();
    batch.features[0].values = FeatureValues::Categorical {
        codes: std::sync::Arc::new(vec![0]),
        levels: vec!["zzz".into()],
    };
    batch.features[1].values = FeatureValues::Numeric(std::sync::Arc::new(vec![1.0]));
    batch.y = vec![0];
    assert!(f.predict_proba(&batch).unwrap()[0].is_finite());
}

#[test]
fn single_class_and_schema_errors() {
    let mut d = demo();
    let rows: Vec<usize> = (0..d.n_rows()).filter(|&r| d.y[r] == 0).collect();
    let err = ForestParams::new().check().unwrap().fit(&d, &rows, &mut |_| true).unwrap_err();
    assert_eq!(err, FitError::SingleClass("0".into()));
    let f = fit(ForestParams::new().n_estimators(2), &d);
    d.features.remove(1);
    assert_eq!(f.predict_proba(&d).unwrap_err(), AlignError::MissingFeature("Age".into()));
}

#[test]
fn permutation_importance_ranks_the_signal() {
    let d = demo();
    let rows = all_rows(&d);
    let f = fit(ForestParams::new().n_estimators(30), &d);
    let acc = |y: &[u8], p: &[f64]| {
        y.iter().zip(p).filter(|(y, p)| (**p > 0.5) as u8 == **y).count() as f64 / y.len() as f64
    };
    let imp = permutation_importance(&f, &d, &rows, 3, 1, &acc, Some(1)).unwrap();
    assert!(imp[1].0 > imp[0].0, "{imp:?}");
    // Features shared among threads: the same result.
    assert_eq!(imp, permutation_importance(&f, &d, &rows, 3, 1, &acc, Some(3)).unwrap());
}

/// Out-of-bag rows are routed by bin codes while the tree grows; new data is routed by raw
/// values. Both must reach the same leaf.
#[test]
fn out_of_bag_routing_matches_prediction() {
    let d = demo();
    let rows = all_rows(&d);
    let params = ForestParams::new().check().unwrap();
    let binned = bin_dataset(&d, &rows, 255).unwrap();
    let rows32: Vec<u32> = rows.iter().map(|&r| r as u32).collect();
    let ctx = grow::GrowContext::new(&params, &binned, &d.y, &rows32, &[], [1.0, 1.0], 1);
    let cols: Vec<&FeatureValues> = d.features.iter().map(|f| &f.values).collect();
    let mut ws = grow::Workspace::default();
    for seed in [1, 2, 3] {
        let tree = grow::grow_tree(&ctx, seed, &mut ws).tree;
        let oob = ws.routed();
        assert!(oob.len() > 100, "{}", oob.len());
        for (r, leaf) in oob.pairs() {
            assert_eq!(tree.leaf_of(&cols, r as usize), leaf as usize, "row {r}");
        }
    }
}

/// Raw-value prediction, tree by tree (the reference the coded predictor must equal).
fn walk(f: &Forest, d: &Dataset, rows: &[usize]) -> Vec<f64> {
    f.predict_aligned(&f.align(d).unwrap(), rows)
}

/// The coded predictor equals walking raw values bit for bit, on numeric and categorical
/// features, missing values, unseen labels and values beyond every threshold.
#[test]
fn coded_prediction_equals_walking_raw_values() {
    let d = demo();
    let f = fit(ForestParams::new().n_estimators(25), &d);
    let rows = all_rows(&d);
    let coded = CodedForest::new(&f).expect("a fitted forest compiles");
    let aligned = f.align(&d).unwrap();
    assert_eq!(coded.predict(&coded.encode(&aligned, &rows)), walk(&f, &d, &rows));
    // Odd values: missing, unseen gender, extreme ages and salaries, exact thresholds.
    let t = &f.trees[0];
    let mut odd = d.clone();
    let n = odd.n_rows();
    if let FeatureValues::Categorical { codes, levels } = &mut odd.features[0].values {
        levels.push("Other".into());
        let unseen = (levels.len() - 1) as u32;
        std::sync::Arc::make_mut(codes).iter_mut().enumerate().for_each(|(i, c)| match i % 4 {
            0 => *c = MISSING_CODE,
            1 => *c = unseen,
            _ => {}
        });
    }
    if let FeatureValues::Numeric(v) = &mut odd.features[1].values {
        let edge = [f64::NAN, -1e300, 1e300, f64::INFINITY, f64::NEG_INFINITY, t.threshold(0)];
        let v = std::sync::Arc::make_mut(v);
        v.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0).for_each(|(i, x)| *x = edge[i % 6]);
    }
    let rows: Vec<usize> = (0..n).rev().collect();
    let (got, want) = (f.predict_proba_rows(&odd, &rows).unwrap(), walk(&f, &odd, &rows));
    assert_eq!(got.len(), want.len());
    assert!(got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()));
    // Trees with another threshold table (a tree rebuilt from its arrays holds only the
    // thresholds it uses) are walked raw, with the same result.
    let mut other = f.clone();
    other.trees[0] = other.trees[0].to_flat().into_tree(&f.features).unwrap();
    assert!(CodedForest::new(&other).is_none());
    let (got, want) = (other.predict_proba_rows(&odd, &rows).unwrap(), walk(&f, &odd, &rows));
    assert!(got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()));
}

#[test]
fn stratified_sample_keeps_class_shares_and_order() {
    let y: Vec<u8> = (0..1000).map(|i| (i % 4 == 0) as u8).collect();
    let rows: Vec<usize> = (0..1000).collect();
    let s = stratified_sample(&rows, &y, 100, 7);
    assert_eq!(s.len(), 100);
    assert_eq!(s.iter().filter(|&&r| y[r] == 1).count(), 25);
    assert!(s.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(s, stratified_sample(&rows, &y, 100, 7));
    assert_ne!(s, stratified_sample(&rows, &y, 100, 8));
    assert_eq!(stratified_sample(&rows[..50], &y, 100, 7), rows[..50].to_vec());
}

/// Batches of shuffled rows (here one variant, then three, per batch) give the same drops as
/// one batch of every variant.
#[test]
fn permutation_batches_do_not_change_the_drops() {
    use super::importance::{drops_in_batches, Shuffles};
    let d = demo();
    let f = fit(ForestParams::new().n_estimators(10), &d);
    let rows: Vec<usize> = (0..d.n_rows()).step_by(2).collect();
    let acc = |y: &[u8], p: &[f64]| {
        y.iter().zip(p).filter(|(y, p)| (**p > 0.5) as u8 == **y).count() as f64 / y.len() as f64
    };
    let s = Shuffles::new(rows, f.features.len(), 3, 11);
    let whole = drops_in_batches(&f, &d, &s, &acc, None, usize::MAX).unwrap();
    assert_eq!(drops_in_batches(&f, &d, &s, &acc, None, 1).unwrap(), whole);
    // Three features pack into one word per row: three variants per batch.
    let three = s.rows.len() * 3;
    assert_eq!(drops_in_batches(&f, &d, &s, &acc, Some(2), three).unwrap(), whole);
    assert!(whole.iter().any(|(m, _)| *m != 0.0), "{whole:?}");
}

/// Permutation importance from codes equals the same shuffles applied to raw values.
#[test]
fn permutation_importance_on_codes_matches_raw_values() {
    let d = demo();
    let f = fit(ForestParams::new().n_estimators(20), &d);
    let rows: Vec<usize> = (0..d.n_rows()).step_by(3).collect();
    let y: Vec<u8> = rows.iter().map(|&r| d.y[r]).collect();
    let acc = |y: &[u8], p: &[f64]| {
        y.iter().zip(p).filter(|(y, p)| (**p > 0.5) as u8 == **y).count() as f64 / y.len() as f64
    };
    let fast = permutation_importance(&f, &d, &rows, 2, 5, &acc, None).unwrap();
    let aligned = f.align(&d).unwrap();
    let base = acc(&y, &f.predict_aligned(&aligned, &rows));
    let seeds = crate::engine::rng::derive_seeds(5, 3);
    for (k, &seed) in seeds.iter().enumerate() {
        let mut gen = crate::engine::rng::rng(seed);
        let drops: Vec<f64> = (0..2)
            .map(|_| {
                let mut order: Vec<usize> = (0..rows.len()).collect();
                crate::engine::rng::shuffle(&mut gen, &mut order);
                let mut cols = aligned.clone();
                match (&mut cols[k], &aligned[k]) {
                    (FeatureValues::Numeric(out), FeatureValues::Numeric(v)) => {
                        let out = std::sync::Arc::make_mut(out);
                        rows.iter().zip(&order).for_each(|(&r, &o)| out[r] = v[rows[o]]);
                    }
                    (
                        FeatureValues::Categorical { codes: out, .. },
                        FeatureValues::Categorical { codes, .. },
                    ) => {
                        let out = std::sync::Arc::make_mut(out);
                        rows.iter().zip(&order).for_each(|(&r, &o)| out[r] = codes[rows[o]])
                    }
                    _ => unreachable!(),
                }
                base - acc(&y, &f.predict_aligned(&cols, &rows))
            })
            .collect();
        let m = (drops[0] + drops[1]) / 2.0;
        assert_eq!(fast[k].0, m, "feature {k}");
    }
}

/// A seeded synthetic dataset of `n` rows and `width` features: numeric ones with missing values
/// and a signal in the first, categorical ones with missing labels.
fn synthetic(n: usize, width: usize) -> Dataset {
    let mut g = crate::engine::rng::rng(7);
    let mut next = move |m: usize| crate::engine::rng::below(&mut g, m);
    let mut features = Vec::new();
    let mut signal = vec![0usize; n];
    for f in 0..width {
        let values = if f % 3 == 2 {
            let codes = (0..n)
                .map(|_| if next(20) == 0 { MISSING_CODE } else { next(4) as u32 })
                .collect::<Vec<_>>()
                .into();
            FeatureValues::Categorical {
                codes,
                levels: ["a", "b", "c", "d"].map(String::from).to_vec(),
            }
        } else {
            let v: Vec<usize> = (0..n).map(|_| next(1000)).collect();
            if f == 0 {
                signal.clone_from(&v);
            }
            FeatureValues::Numeric(
                v.iter()
                    .map(|&x| if x % 17 == 0 { f64::NAN } else { x as f64 })
                    .collect::<Vec<_>>()
                    .into(),
            )
        };
        features.push(Feature { name: format!("f{f}"), values });
    }
    let y = signal.iter().map(|&s| (s + next(400) > 700) as u8).collect();
    Dataset {
        features,
        y,
        labels: ["0".into(), "1".into()],
        row_ids: (0..n).collect(),
        target: "y".into(),
    }
}

/// Records (rows moved with each partition) and indices into the columns grow the same trees
/// and route the same out-of-bag rows, for one and two words of codes.
#[test]
fn record_and_indexed_layouts_grow_the_same_trees() {
    for width in [3, 12] {
        let d = synthetic(3000, width);
        let rows = all_rows(&d);
        let params = ForestParams::new().max_features(MaxFeatures::Count(2)).check().unwrap();
        let binned = bin_dataset(&d, &rows, 255).unwrap();
        let rows: Vec<u32> = rows.iter().map(|&r| r as u32).collect();
        let records = grow::GrowContext::new(&params, &binned, &d.y, &rows, &[], [1.0, 1.0], 2);
        assert!(records.words > 0);
        let mut indexed = grow::GrowContext::new(&params, &binned, &d.y, &rows, &[], [1.0, 1.0], 2);
        indexed.words = 0;
        // One workspace per layout, reused from seed to seed as a thread reuses it.
        let (mut wa, mut wb) = (grow::Workspace::default(), grow::Workspace::default());
        for seed in [1, 2] {
            let a = grow::grow_tree(&records, seed, &mut wa);
            let b = grow::grow_tree(&indexed, seed, &mut wb);
            assert!(a.tree.len() > 50, "{}", a.tree.len());
            assert_eq!(a.tree, b.tree, "width {width}, seed {seed}");
            assert_eq!(a.importance, b.importance);
            // The same rows at the same leaves (in an order each layout's partitions give).
            let sorted = |r: &Routed| {
                let mut p: Vec<(u32, u32)> = r.pairs().collect();
                p.sort_unstable();
                p
            };
            assert_eq!(sorted(wa.routed()), sorted(wb.routed()));
            // A fresh workspace grows the same tree as a reused one.
            let mut wf = grow::Workspace::default();
            let fresh = grow::grow_tree(&records, seed, &mut wf);
            assert_eq!((fresh.tree, wf.routed()), (a.tree, wa.routed()));
        }
    }
}

/// Scoring rows in blocks on several threads gives every row the same bits as one thread.
#[test]
fn threaded_prediction_equals_one_thread() {
    let d = synthetic(10_000, 12);
    let f = fit(ForestParams::new().n_estimators(8).min_samples_leaf(5), &d);
    let rows: Vec<usize> = (0..d.n_rows()).rev().collect();
    let one = f.predict_proba_threads(&d, &rows, Some(1)).unwrap();
    let many = f.predict_proba_threads(&d, &rows, Some(3)).unwrap();
    assert_eq!(one.len(), rows.len());
    assert!(one.iter().zip(&many).all(|(a, b)| a.to_bits() == b.to_bits()));
    assert!(one.iter().zip(walk(&f, &d, &rows)).all(|(a, b)| a.to_bits() == b.to_bits()));
}
