//! Model file round trip and validation.

use super::*;
use crate::engine::clean::suggest;
use crate::engine::dataset::TargetSpec;
use crate::engine::forest::{stump, ForestParams, Tree};
use crate::engine::ingest::{ingest, IngestOptions};

const DEMO: &[u8] = include_bytes!("../../../public/social_network_ads.csv");

fn model() -> (Model, Table) {
    let raw = ingest(DEMO, &IngestOptions::default()).unwrap().table;
    let log = suggest(&raw, Some("Purchased"));
    let (clean, _) = apply(&raw, &log).unwrap();
    let data = Dataset::from_table(
        &clean,
        &TargetSpec { target: "Purchased".into(), ..Default::default() },
    )
    .unwrap();
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let forest = ForestParams::new()
        .n_estimators(10)
        .check()
        .unwrap()
        .fit(&data, &rows, &mut |_| true)
        .unwrap();
    (
        Model::new(
            forest,
            &data,
            &clean,
            log,
            (
                ModelMetrics { accuracy: Some(0.9), ..Default::default() },
                TrainingSettings { test_size: 0.0, ..TrainingSettings::default() },
            ),
            "2026-11-25T00:00:00Z".into(),
        ),
        raw,
    )
}

/// `m` as a version-1 file held it: trees as arrays per node field (+∞ thresholds written as
/// the largest `f64`), no threshold table.
fn v1_json(m: &Model) -> serde_json::Value {
    let mut v = serde_json::to_value(m).unwrap();
    v["version"] = 1.into();
    let forest = v["forest"].as_object_mut().unwrap();
    forest.remove("cuts");
    let flat: Vec<_> = m.forest.trees.iter().map(Tree::to_flat).collect();
    forest.insert("trees".into(), serde_json::to_value(flat).unwrap());
    v
}

#[test]
fn export_import_predict_is_identical() {
    let (m, raw) = model();
    let mut streamed = Vec::new();
    m.write_json(&mut streamed).unwrap();
    assert_eq!(String::from_utf8(streamed).unwrap(), m.to_json().unwrap());
    let back = Model::from_json(&m.to_json().unwrap()).unwrap();
    assert!(back == m, "the model changed in the JSON round trip");
    let a = m.predict_table(&raw).unwrap();
    let b = back.predict_table(&raw).unwrap();
    assert_eq!(a.proba, b.proba);
    assert_eq!(a.proba.len(), 400);
    assert_eq!(a.ids.as_ref().map(|v| v[0].as_str()), Some("15624510"));
    assert_eq!(m.id_column.as_deref(), Some("User ID"));
    assert_eq!(m.profiles.len(), 3);
    assert!((m.profiles[1].shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
}

#[test]
fn foreign_and_damaged_files_are_refused() {
    let (m, _) = model();
    assert!(matches!(Model::from_json("{}"), Err(ModelIoError::NotAModel(_))));
    assert!(matches!(Model::from_json("not json"), Err(ModelIoError::NotAModel(_))));
    let mut v: serde_json::Value = serde_json::from_str(&m.to_json().unwrap()).unwrap();
    v["version"] = 99.into();
    assert_eq!(
        Model::from_json(&v.to_string()).unwrap_err(),
        ModelIoError::UnsupportedVersion { found: 99, supported: 2 }
    );
    let damaged = |v: serde_json::Value| match Model::from_json(&v.to_string()) {
        Err(ModelIoError::Invalid(msg)) => msg,
        other => panic!("{other:?}"),
    };
    // Version 1: arrays per node field.
    let mut v = v1_json(&m);
    v["forest"]["trees"][0]["left"][0] = 0.into();
    assert!(damaged(v).contains("tree 0: node 0: child index"));
    let mut v = v1_json(&m);
    v["forest"]["trees"][0]["feature"][0] = 9.into();
    assert!(damaged(v).contains("tree 0: node 0: feature 9 does not exist"));
    let mut v = v1_json(&m);
    v["forest"]["trees"][1]["value"][0] = 3.5.into();
    assert!(damaged(v).contains("tree 1: node 0: value 3.5 is not a probability"));
    // Version 2: packed sections.
    let v2 = || serde_json::from_str::<serde_json::Value>(&m.to_json().unwrap()).unwrap();
    let mut v = v2();
    v["forest"]["trees"][0]["feature"] = "CQ==".into();
    assert!(damaged(v).contains("tree 0: feature 9 does not exist"), "one byte: 9");
    let mut v = v2();
    v["forest"]["trees"][1]["shape"] = "!!!!".into();
    assert!(damaged(v).contains("base64"));
    let mut v = v2();
    v["forest"]["cuts"][1] = serde_json::json!([2.0, 1.0]);
    assert!(damaged(v).contains("not increasing"));
    let mut v = v2();
    v["forest"]["trees"][2]["nodes"] = 1.into();
    assert!(damaged(v).contains("tree 2: more than 1 nodes"));
    // A packed tree needs the table, and a table means packed trees.
    let mut v = v2();
    v["forest"].as_object_mut().unwrap().remove("cuts");
    assert!(damaged(v).contains("tree 0: packed, but no \"cuts\""));
    let mut v = v1_json(&m);
    v["forest"]["cuts"] = serde_json::json!([[], [], []]);
    assert!(damaged(v).contains("tree 0: arrays in a packed forest"));
}

#[test]
fn version_1_files_load_and_predict_as_they_did() {
    let (m, raw) = model();
    let v1 = v1_json(&m).to_string();
    let back = Model::from_json(&v1).unwrap();
    assert_eq!(back.version, MODEL_VERSION);
    // The same routing, values and weights; values and weights now as the file wrote them.
    assert!(back.forest.trees == m.forest.trees);
    assert_eq!(back.forest.trees[0].counts(0), None);
    assert_eq!(back.predict_table(&raw).unwrap().proba, m.predict_table(&raw).unwrap().proba);
    // Written again, it is a version-2 file that reads back the same.
    let again = Model::from_json(&back.to_json().unwrap()).unwrap();
    assert_eq!(again, back);
}

#[test]
fn batches_with_schema_changes() {
    let (m, _) = model();
    let batch =
        ingest(b"User ID,Gender,Age\n1,Male,30\n", &IngestOptions::default()).unwrap().table;
    assert_eq!(
        m.predict_table(&batch).unwrap_err(),
        ModelIoError::MissingColumn("EstimatedSalary".into())
    );
    let batch = ingest(
        b"Gender,Age,EstimatedSalary\nOther,30,50000\nMale,,40000\n",
        &IngestOptions::default(),
    )
    .unwrap()
    .table;
    let s = m.predict_table(&batch).unwrap();
    assert_eq!(s.proba.len(), 2);
    assert!(
        s.warnings.iter().any(|w| w.contains("Gender") && w.contains("Other")),
        "{:?}",
        s.warnings
    );
    let batch = ingest(b"Gender,Age,EstimatedSalary\nMale,old,50000\n", &IngestOptions::default())
        .unwrap()
        .table;
    assert!(matches!(
        m.predict_table(&batch),
        Err(ModelIoError::Schema(AlignError::KindChanged { .. }))
    ));
}

#[test]
fn score_profiles_round_trip_and_older_files_load_without_one() {
    let (m, _) = model();
    assert!(m.score_profile.is_none());
    let with = m.clone().with_score_profile(&[0.05, 0.5, 0.95, 1.0]);
    let back = Model::from_json(&with.to_json().unwrap()).unwrap();
    assert_eq!(back.score_profile, with.score_profile);
    let p = back.score_profile.unwrap();
    assert_eq!((p.edges.len(), p.bins.len()), (9, 11));
    assert_eq!(p.shares[0] + p.shares[4] + p.shares[9], 1.0);
    // A version-1 file written before the field existed.
    let mut v: serde_json::Value = serde_json::from_str(&with.to_json().unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("score_profile");
    assert!(Model::from_json(&v.to_string()).unwrap().score_profile.is_none());
    assert!(!m.to_json().unwrap().contains("score_profile"));
}

#[test]
fn damaged_profiles_are_refused() {
    let (m, _) = model();
    let m = m.with_score_profile(&[0.5]);
    let damage = |path: &str, value: serde_json::Value| {
        let mut v: serde_json::Value = serde_json::from_str(&m.to_json().unwrap()).unwrap();
        *v.pointer_mut(path).unwrap() = value;
        Model::from_json(&v.to_string())
    };
    let err = damage("/profiles/1/shares/0", 2.0.into()).unwrap_err();
    assert!(
        matches!(&err, ModelIoError::Invalid(msg) if msg.contains("profile of \"Age\"")),
        "{err}"
    );
    assert!(damage("/profiles/1/edges/0", 1e9.into()).is_err());
    assert!(damage("/score_profile/bins", serde_json::json!(["all"])).is_err());
    assert!(damage("/profiles/0/shares", serde_json::json!([1.0])).is_err());
}

#[test]
fn files_with_untyped_metrics_still_load() {
    // A version 1 file as the browser wrote it before the typed metadata: free metrics with the
    // split's seed and test share among them, no settings.
    let (m, raw) = model();
    let mut v: serde_json::Value = serde_json::from_str(&m.to_json().unwrap()).unwrap();
    v["metrics"] = serde_json::json!({"accuracy": 0.91, "roc_auc": 0.95, "n_train": 300,
        "n_test": 100, "random_state": 7, "test_size": 0.25});
    v.as_object_mut().unwrap().remove("settings");
    let old = Model::from_json(&v.to_string()).unwrap();
    assert_eq!(old.metrics.accuracy, Some(0.91));
    assert_eq!(old.metrics.n_test, 100);
    let s = old.settings.as_ref().unwrap();
    assert_eq!((s.split_seed, s.test_size), (7, 0.25));
    assert_eq!(old.predict_table(&raw).unwrap().proba, m.predict_table(&raw).unwrap().proba);
    // Without those keys the settings stay unknown.
    v["metrics"] = serde_json::json!({"accuracy": 0.91});
    assert_eq!(Model::from_json(&v.to_string()).unwrap().settings, None);
}

/// A one-tree model whose root splits "present" from "missing" on `x` (threshold +∞: every
/// present value left), then on `colour`. Gini costs (W − Σw²/W) at the root: x gives
/// {0,0,1,1} | {1×6} = 2 + 0; colour gives red {0,0,1,1,1} = 5 − 13/5 = 2.4, blue pure: x wins.
/// Below it, colour separates the present rows purely.
fn missing_split_model() -> (Model, Table) {
    let text = "x,colour,y\n5,red,0\n5,red,0\n5,blue,1\n5,blue,1\n\
                ,red,1\n,red,1\n,red,1\n,blue,1\n,blue,1\n,blue,1\n";
    let raw = ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table;
    // x is constant among its present values, so its inferred role is "ignore": listed here,
    // as a user would, to keep it a feature.
    let spec = TargetSpec {
        target: "y".into(),
        features: Some(vec!["x".into(), "colour".into()]),
        ..Default::default()
    };
    let data = Dataset::from_table(&raw, &spec).unwrap();
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let forest = ForestParams::new()
        .n_estimators(1)
        .bootstrap(false)
        .max_features(crate::engine::forest::MaxFeatures::All)
        .check()
        .unwrap()
        .fit(&data, &rows, &mut |_| true)
        .unwrap();
    let m = Model::new(forest, &data, &raw, Vec::new(), Default::default(), "t".into());
    (m, raw)
}

#[test]
fn a_split_of_missing_values_from_present_ones_is_written_and_read_back() {
    let (m, raw) = missing_split_model();
    let tree = &m.forest.trees[0];
    // Root: x, every present value left, missing right.
    assert_eq!(
        (tree.feature(0), tree.threshold(0), tree.missing_left(0)),
        (0, f64::INFINITY, false)
    );
    let json = m.to_json().unwrap();
    // x has one present value, so no cut: +∞ is index 0 of an empty list.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["forest"]["cuts"][0], serde_json::json!([]));
    assert_eq!(v["forest"]["trees"][0]["cut"], "AA==");
    let back = Model::from_json(&json).unwrap();
    assert!(back == m, "the model changed in the JSON round trip");
    let batch = "x,colour\n1e308,red\n-1e308,blue\n,red\n0,green\n"; // green: unseen label
    let batch = ingest(batch.as_bytes(), &IngestOptions::default()).unwrap().table;
    for t in [&raw, &batch] {
        let (a, b) = (m.predict_table(t).unwrap().proba, back.predict_table(t).unwrap().proba);
        assert_eq!(a, b);
    }
    // Huge present values go the present way, then by colour; the missing one is positive.
    let p = back.predict_table(&batch).unwrap().proba;
    assert_eq!(&p[..3], &[0.0, 1.0, 1.0]);
}

#[test]
fn files_written_before_the_fix_with_null_thresholds_load() {
    let (m, raw) = missing_split_model();
    let v1 = v1_json(&m).to_string();
    assert!(v1.contains("\"threshold\":[1.7976931348623157e+308,"), "{v1}");
    let old = v1.replacen("1.7976931348623157e+308", "null", 1);
    let back = Model::from_json(&old).unwrap();
    assert_eq!(back.forest.trees[0].threshold(0), f64::INFINITY);
    assert_eq!(back.predict_table(&raw).unwrap().proba, m.predict_table(&raw).unwrap().proba);
}

#[test]
fn an_infinite_threshold_on_a_categorical_split_is_refused() {
    let (m, _) = missing_split_model();
    let tree = &m.forest.trees[0];
    let node = (0..tree.len()).find(|&i| !tree.is_leaf(i) && tree.feature(i) == 1);
    let node = node.expect("a split on colour");
    for written in [serde_json::Value::Null, f64::MAX.into()] {
        let mut v = v1_json(&m);
        v["forest"]["trees"][0]["threshold"][node] = written.clone();
        let err = Model::from_json(&v.to_string()).unwrap_err();
        assert!(
            matches!(&err, ModelIoError::Invalid(msg) if msg.contains(&format!("tree 0: node {node}: threshold inf")) && msg.contains("colour")),
            "{written}: {err}"
        );
    }
    // A tree built with such a split in memory is refused by the writer, with the same words.
    let mut b = crate::engine::forest::TreeBuilder::new(tree.thresholds().clone(), [1.0, 1.0]);
    b.push([1, 1]);
    let left = b.push([1, 0]);
    b.push([0, 1]);
    b.split_categorical(0, 1, f64::INFINITY, &[0], false, left);
    let mut bad = m.clone();
    bad.forest.trees[0] = b.finish();
    let err = bad.to_json().unwrap_err();
    let want = "tree 0: node 0: threshold inf is not usable for feature \"colour\"";
    assert!(matches!(&err, ModelIoError::Unwritable(msg) if msg.contains(want)), "{err}");
}

#[test]
fn the_writer_refuses_what_the_reader_would_refuse() {
    let (m, _) = model();
    let refused = |bad: &Model| {
        let err = bad.to_json().unwrap_err();
        let mut out = Vec::new();
        assert_eq!(bad.write_json(&mut out).unwrap_err(), err);
        assert!(out.is_empty(), "nothing is written");
        match err {
            ModelIoError::Unwritable(msg) => msg,
            other => panic!("{other}"),
        }
    };
    let mut bad = m.clone();
    bad.forest.trees[2] = stump(1, [f64::NAN, 1.0], 1);
    assert_eq!(refused(&bad), "tree 2: node 0: weight NaN is not a finite number");
    let mut bad = m.clone();
    bad.forest.importances[0] = f64::INFINITY;
    assert!(refused(&bad).starts_with("forest.importances[0] is inf"));
    let mut bad = m.clone();
    bad.forest.oob_score = Some(f64::NAN);
    assert!(refused(&bad).starts_with("forest.oob_score is NaN"));
    let mut bad = m.clone();
    bad.profiles[1].edges[0] = f64::NEG_INFINITY;
    assert!(refused(&bad).contains("profile of \"Age\""));
    let mut bad = m.clone();
    bad.cleaning.push(crate::engine::clean::CleaningStep::ClipOutliers {
        column: "Age".into(),
        method: crate::engine::clean::OutlierMethod::Manual,
        lo: f64::NEG_INFINITY,
        hi: 60.0,
        relearn: false,
    });
    let n = bad.cleaning.len() - 1;
    assert_eq!(refused(&bad), format!("cleaning[{n}].lo is -inf, which JSON cannot hold"));
    let mut bad = m.clone();
    bad.forest.trees[0] = stump(7, [1.0, 1.0], 1);
    assert!(refused(&bad).contains("tree 0: node 0: feature 7 does not exist"));
    let mut bad = m.clone();
    bad.forest.trees[1] = stump(1, [1.0, 1.0], 2);
    assert!(refused(&bad).contains("tree 1: node 0: child index"));
    let mut bad = m.clone();
    bad.version = MODEL_VERSION + 1;
    assert!(refused(&bad).contains("version"));
    // Each of these, written anyway (serde_json writes NaN and ±∞ as null), is refused on read.
    for tree in [stump(7, [1.0, 1.0], 1), stump(1, [f64::NAN, 1.0], 1)] {
        let mut bad = m.clone();
        bad.forest.trees[2] = tree;
        let text = serde_json::to_string(&bad).unwrap();
        assert!(matches!(Model::from_json(&text), Err(ModelIoError::Invalid(_))));
    }
}
