//! Model file round trip and validation.

use super::*;
use crate::engine::clean::suggest;
use crate::engine::dataset::TargetSpec;
use crate::engine::forest::ForestParams;
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
                TrainingSettings {
                    test_size: 0.0,
                    split_seed: 42,
                    threshold: 0.5,
                    dropped: Vec::new(),
                },
            ),
            "2026-11-25T00:00:00Z".into(),
        ),
        raw,
    )
}

#[test]
fn export_import_predict_is_identical() {
    let (m, raw) = model();
    let mut streamed = Vec::new();
    m.write_json(&mut streamed).unwrap();
    assert_eq!(String::from_utf8(streamed).unwrap(), m.to_json());
    let back = Model::from_json(&m.to_json()).unwrap();
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
    let mut v: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    v["version"] = 99.into();
    assert_eq!(
        Model::from_json(&v.to_string()).unwrap_err(),
        ModelIoError::UnsupportedVersion { found: 99, supported: 1 }
    );
    let mut v: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    v["forest"]["trees"][0]["left"][0] = 0.into();
    assert!(
        matches!(Model::from_json(&v.to_string()), Err(ModelIoError::Invalid(msg)) if msg.contains("tree 0"))
    );
    let mut v: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    v["forest"]["trees"][0]["feature"][0] = 9.into();
    assert!(matches!(Model::from_json(&v.to_string()), Err(ModelIoError::Invalid(_))));
    let mut v: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    v["forest"]["trees"][1]["value"][0] = 3.5.into();
    assert!(matches!(Model::from_json(&v.to_string()), Err(ModelIoError::Invalid(_))));
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
    let back = Model::from_json(&with.to_json()).unwrap();
    assert_eq!(back.score_profile, with.score_profile);
    let p = back.score_profile.unwrap();
    assert_eq!((p.edges.len(), p.bins.len()), (9, 11));
    assert_eq!(p.shares[0] + p.shares[4] + p.shares[9], 1.0);
    // A version-1 file written before the field existed.
    let mut v: serde_json::Value = serde_json::from_str(&with.to_json()).unwrap();
    v.as_object_mut().unwrap().remove("score_profile");
    assert!(Model::from_json(&v.to_string()).unwrap().score_profile.is_none());
    assert!(!m.to_json().contains("score_profile"));
}

#[test]
fn damaged_profiles_are_refused() {
    let (m, _) = model();
    let m = m.with_score_profile(&[0.5]);
    let damage = |path: &str, value: serde_json::Value| {
        let mut v: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
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
    let mut v: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
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
