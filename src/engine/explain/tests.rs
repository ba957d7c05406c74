//! TreeSHAP against the brute-force oracle and Algorithm 2 on fitted models (read back from
//! their file), additivity, agreement with prediction, independence of threads, chunks and API,
//! partial dependence against prediction. Tiny trees by hand are in `hand_tests.rs`.

use super::algorithm2::algorithm2;
use super::brute::shapley;
use super::*;
use crate::engine::dataset::{Dataset, FeatureValues, TargetSpec};
use crate::engine::forest::{ClassWeight, Forest, ForestParams, MaxFeatures};
use crate::engine::ingest::{ingest, IngestOptions};
use crate::engine::model_io::Model;
use crate::engine::rng::{below, rng, unit};
use crate::engine::table::{Table, MISSING_CODE};

const REGIONS: [&str; 4] = ["North", "South", "East", "West"];

/// `n` customers: numeric age (5% missing), income, visits; categorical region (5% missing)
/// and channel; bought depends on age, channel × visits and region, with noise.
fn customers(n: usize, seed: u64, unseen: bool) -> String {
    let mut g = rng(seed);
    let mut out = String::from("id,age,income,region,channel,visits,bought\n");
    for i in 0..n {
        let age = 18 + below(&mut g, 50);
        let income = 20.0 + unit(&mut g) * 80.0;
        let region = if unseen && i % 7 == 3 { "Mars" } else { REGIONS[below(&mut g, 4)] };
        let web = below(&mut g, 2) == 1;
        let visits = below(&mut g, 10);
        let score = (age as f64 - 40.0) / 15.0
            + if web { visits as f64 / 3.0 - 1.5 } else { 0.0 }
            + if region == "West" { 0.8 } else { 0.0 }
            + (unit(&mut g) - 0.5) * 2.0;
        let age = if below(&mut g, 20) == 0 { String::new() } else { age.to_string() };
        let region = if below(&mut g, 20) == 0 { "" } else { region };
        let channel = if web { "web" } else { "store" };
        out +=
            &format!("{i},{age},{income:.1},{region},{channel},{visits},{}\n", (score > 0.0) as u8);
    }
    out
}

fn table(text: &str) -> Table {
    ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table
}

/// A model fitted with `params` on 300 customers (written to JSON and read back when
/// `through_file`), and a batch of 150 new customers (with unseen regions) aligned with it.
pub(super) fn model_and_batch(
    params: ForestParams,
    through_file: bool,
) -> (Model, Table, Vec<FeatureValues>) {
    let train = table(&customers(300, 7, false));
    let data =
        Dataset::from_table(&train, &TargetSpec { target: "bought".into(), ..Default::default() })
            .unwrap();
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let forest = params.check().unwrap().fit(&data, &rows, &mut |_| true).unwrap();
    let model = Model::new(
        forest,
        &data,
        &train,
        Vec::new(),
        Default::default(),
        "2026-12-07T00:00:00Z".into(),
    );
    let model =
        if through_file { Model::from_json(&model.to_json().unwrap()).unwrap() } else { model };
    let batch = table(&customers(150, 8, true));
    let aligned = model.forest.align(&model.batch_dataset(&batch).unwrap()).unwrap();
    (model, batch, aligned)
}

/// Which of the hard cases `aligned` holds: (missing numeric, missing label, unseen label).
pub(super) fn cases(forest: &Forest, aligned: &[FeatureValues]) -> (bool, bool, bool) {
    let mut seen = (false, false, false);
    for (spec, col) in forest.features.iter().zip(aligned) {
        match col {
            FeatureValues::Numeric(v) => seen.0 |= v.iter().any(|x| x.is_nan()),
            FeatureValues::Categorical { codes, .. } => {
                let known = spec.levels.as_ref().map_or(0, |l| l.len()) as u32;
                seen.1 |= codes.contains(&MISSING_CODE);
                seen.2 |= codes.iter().any(|&c| c != MISSING_CODE && c >= known);
            }
        }
    }
    seen
}

fn assert_close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: {a} vs {b} (diff {:e})", (a - b).abs());
}

#[test]
fn contributions_are_the_brute_force_shapley_values() {
    let settings = [
        ForestParams::new().n_estimators(6),
        ForestParams::new()
            .n_estimators(4)
            .max_features(MaxFeatures::All)
            .class_weight(ClassWeight::Balanced)
            .min_samples_leaf(3),
    ];
    for params in settings {
        let (model, _, aligned) = model_and_batch(params, true);
        let forest = &model.forest;
        assert_eq!(cases(forest, &aligned), (true, true, true), "the batch lacks a hard case");
        let shap = Explainer::new(forest).unwrap();
        let rows: Vec<usize> = (0..60).collect();
        let got = shap.explain_rows(&aligned, &rows, Some(2)).unwrap();
        assert_eq!(got.features, ["age", "income", "region", "channel", "visits"]);
        for (i, &r) in rows.iter().enumerate() {
            let (base, phi) = shapley(forest, &aligned, r);
            let paper = algorithm2(forest, &aligned, r);
            assert_close(got.base, base, 1e-12, "base");
            for (f, ((a, b), c)) in got.row(i).iter().zip(&phi).zip(&paper).enumerate() {
                assert_close(*a, *b, 1e-9, &format!("row {r}, feature {f}"));
                assert_close(*c, *b, 1e-9, &format!("Algorithm 2, row {r}, feature {f}"));
            }
        }
    }
}

#[test]
fn contributions_add_up_to_the_probability_prediction_gives() {
    // In memory: a split that sends every present value one way and missing values the other
    // stores an infinite threshold, which JSON cannot carry yet (being fixed separately).
    let (model, batch, aligned) = model_and_batch(ForestParams::new().n_estimators(40), false);
    let shap = Explainer::new(&model.forest).unwrap();
    let rows: Vec<usize> = (0..150).collect();
    let got = shap.explain_rows(&aligned, &rows, None).unwrap();
    let predicted = model.predict_table(&batch).unwrap().proba;
    assert_eq!(got.proba, predicted, "explain's probability is prediction's");
    for i in 0..rows.len() {
        let sum = got.base + got.row(i).iter().sum::<f64>();
        assert_close(sum, got.proba[i], 1e-9, &format!("row {i}"));
    }
}

#[test]
fn results_do_not_depend_on_threads_chunks_or_api() {
    let (model, _, aligned) = model_and_batch(ForestParams::new().n_estimators(12), false);
    let shap = Explainer::new(&model.forest).unwrap();
    // More rows than a block, in an order that makes every block differ between the runs.
    let rows: Vec<usize> = (0..150).rev().collect();
    let one = shap.explain_rows(&aligned, &rows, Some(1)).unwrap();
    let three = shap.explain_rows(&aligned, &rows, Some(3)).unwrap();
    assert_eq!(one, three);
    // Chunks give the same as one batch, and a single row the same as its batch entry.
    let mut chunked = shap.explain_rows(&aligned, &rows[..25], Some(2)).unwrap();
    chunked.append(shap.explain_rows(&aligned, &rows[25..], Some(1)).unwrap());
    assert_eq!(chunked, one);
    // Trees added range by range, then finished, give the same bits as all at once.
    let m = model.forest.features.len();
    let mut sums = vec![0.0; rows.len() * m];
    for trees in [0..5, 5..5, 5..12] {
        shap.accumulate(&aligned, &rows, trees, Some(2), &mut sums).unwrap();
    }
    assert_eq!(shap.finish(&aligned, &rows, sums).unwrap(), one);
    assert_eq!(
        shap.accumulate(&aligned, &rows, 0..13, None, &mut vec![0.0; rows.len() * m]).unwrap_err(),
        ExplainError::Trees { end: 13, trees: 12 }
    );
    assert_eq!(
        shap.finish(&aligned, &rows, vec![0.0; 3]).unwrap_err(),
        ExplainError::Sums { expected: rows.len() * m, found: 3 }
    );
    for (i, &r) in rows.iter().enumerate().step_by(7) {
        let single = shap.explain_row(&aligned, r, Some(3)).unwrap();
        assert_eq!((single.proba, single.base), (one.proba[i], one.base));
        assert_eq!(single.values, one.row(i));
    }
}

/// `n` rows of 70 features (x0..x69; every fifth categorical, 3% missing) whose target depends
/// on x1, x7, x64 and x66, so trees split on features past the 63 the shortcut's masks track.
fn wide(n: usize, seed: u64) -> String {
    let mut g = rng(seed);
    let names: Vec<String> = (0..70).map(|j| format!("x{j}")).collect();
    let mut out = names.join(",") + ",y\n";
    for _ in 0..n {
        let x: Vec<f64> = (0..70).map(|_| unit(&mut g)).collect();
        let score = x[1] - x[7] + 2.0 * (x[64] - 0.5) * (x[66] - 0.5) + 0.3 * (unit(&mut g) - 0.5);
        let cells: Vec<String> = x
            .iter()
            .enumerate()
            .map(|(j, v)| match (below(&mut g, 33), j % 5) {
                (0, _) => String::new(),
                (_, 0) => ["a", "b", "c"][(v * 3.0) as usize].to_string(),
                _ => format!("{v:.3}"),
            })
            .collect();
        out += &format!("{},{}\n", cells.join(","), (score > 0.0) as u8);
    }
    out
}

#[test]
fn many_features_agree_with_algorithm_2() {
    let train = table(&wide(400, 3));
    let data =
        Dataset::from_table(&train, &TargetSpec { target: "y".into(), ..Default::default() })
            .unwrap();
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let params = ForestParams::new().n_estimators(5).max_features(MaxFeatures::All);
    let forest = params.check().unwrap().fit(&data, &rows, &mut |_| true).unwrap();
    let used: Vec<usize> = (forest.trees.iter())
        .flat_map(|t| (0..t.len()).filter(|&i| !t.is_leaf(i)).map(|i| t.feature(i)))
        .collect();
    assert!(used.contains(&64) && used.contains(&66), "no split past feature 63");
    let batch = table(&wide(40, 4));
    let batch =
        Dataset::from_table(&batch, &TargetSpec { target: "y".into(), ..Default::default() })
            .unwrap();
    let aligned = forest.align(&batch).unwrap();
    let got = Explainer::new(&forest)
        .unwrap()
        .explain_rows(&aligned, &(0..40).collect::<Vec<_>>(), Some(2))
        .unwrap();
    for r in 0..40 {
        let paper = algorithm2(&forest, &aligned, r);
        for (f, (a, b)) in got.row(r).iter().zip(&paper).enumerate() {
            assert_close(*a, *b, 1e-9, &format!("row {r}, feature {f}"));
        }
        let sum = got.base + got.row(r).iter().sum::<f64>();
        assert_close(sum, got.proba[r], 1e-9, &format!("additivity, row {r}"));
    }
}

#[test]
fn ice_lines_at_a_customers_own_label_reproduce_its_probability() {
    let (model, batch, aligned) = model_and_batch(ForestParams::new().n_estimators(10), false);
    let predicted = model.predict_table(&batch).unwrap().proba;
    let region = model.forest.features.iter().position(|f| f.name == "region").unwrap();
    let rows: Vec<usize> = (0..60).collect();
    let p = PdpParams::new().rows(40).ice(40).seed(3).check().unwrap();
    let d = partial_dependence(&model.forest, &aligned, &rows, region, &p, Some(2)).unwrap();
    assert!(d.categorical && d.labels == ["East", "North", "South", "West"], "{:?}", d.labels);
    let FeatureValues::Categorical { codes, .. } = &aligned[region] else { panic!("categorical") };
    let mut checked = 0;
    for (j, line) in d.ice.iter().enumerate() {
        let r = d.rows[j];
        if let Some(g) = d.grid.iter().position(|&x| x == codes[r] as f64) {
            assert_eq!(line[g], predicted[r], "row {r}");
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} rows had a training label");
    // The average is the mean of the sample's lines (here every sampled row is an ICE row).
    for g in 0..d.grid.len() {
        let mean = d.ice.iter().map(|l| l[g]).sum::<f64>() / d.ice.len() as f64;
        assert_close(d.average[g], mean, 1e-15, "average");
    }
}
