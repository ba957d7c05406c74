//! `micronum train`, `predict` and `evaluate` as pipelines call them.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("micronum-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn train_then_predict_reproduces_the_test_probabilities() {
    let (model, metrics, preds, batch) =
        (tmp("m.json"), tmp("metrics.json"), tmp("p.csv"), tmp("batch.csv"));
    let (code, out, err) = common::micronum(&[
        "train",
        &common::data_path("social_network_ads.csv"),
        "--target",
        "Purchased",
        "--model",
        model.to_str().unwrap(),
        "--metrics",
        metrics.to_str().unwrap(),
        "--predictions",
        preds.to_str().unwrap(),
        "--threads",
        "2",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("weighted avg") && out.contains("Confusion matrix"));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&metrics).unwrap()).unwrap();
    for key in [
        "accuracy",
        "precision",
        "recall",
        "f1",
        "roc_auc",
        "average_precision",
        "confusion_matrix",
        "classification_report",
        "n_train",
        "n_test",
        "oob_score",
        "fit_seconds",
        "random_state",
    ] {
        assert!(m.get(key).is_some_and(|v| !v.is_null()), "metrics lack {key}");
    }
    assert!(m["accuracy"].as_f64().unwrap() >= 0.85, "{}", m["accuracy"]);
    assert!(m["roc_auc"].as_f64().unwrap() >= 0.88);
    assert_eq!((m["n_train"].as_u64(), m["n_test"].as_u64()), (Some(300), Some(100)));
    let pred_text = std::fs::read_to_string(&preds).unwrap();
    assert!(pred_text.starts_with("row,y_true,y_pred,proba\n"));
    let train_proba: HashMap<String, String> = pred_text
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[3].to_string())
        })
        .collect();
    assert_eq!(train_proba.len(), 100);
    let (code, _, err) = common::micronum(&[
        "predict",
        &common::data_path("social_network_ads.csv"),
        "--model",
        model.to_str().unwrap(),
        "--out",
        batch.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let scored = std::fs::read_to_string(&batch).unwrap();
    assert!(scored.starts_with("row,User ID,proba,y_pred\n"));
    assert_eq!(scored.lines().count(), 401);
    for line in scored.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if let Some(p) = train_proba.get(f[0]) {
            assert_eq!(p, f[2], "row {} differs between train and predict", f[0]);
        }
    }
    let (code, out, err) = common::micronum(&[
        "evaluate",
        &common::data_path("social_network_ads.csv"),
        "--model",
        model.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("accuracy"));
}

#[test]
fn same_seed_same_model_and_labels_of_any_spelling() {
    let (a, b) = (tmp("a.json"), tmp("b.json"));
    for (path, threads) in [(&a, "1"), (&b, "2")] {
        let (code, _, err) = common::micronum(&[
            "train",
            &common::data_path("messy_ads.csv"),
            "--target",
            "Purchased",
            "--n-estimators",
            "20",
            "--threads",
            threads,
            "--model",
            path.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    let strip = |p: &PathBuf| {
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        v["created"] = serde_json::Value::Null;
        v["metrics"]["fit_seconds"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&a)["forest"], strip(&b)["forest"], "thread count changed the forest");
}

#[test]
fn fitting_on_every_row_reports_the_out_of_bag_score_unless_skipped() {
    let file = common::data_path("social_network_ads.csv");
    let args =
        ["train", &file, "--target", "Purchased", "--test-size", "0", "--n-estimators", "20"];
    let (code, out, err) = common::micronum(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("400 rows, no held-out part") && out.contains("out-of-bag accuracy 0."),
        "{out}"
    );
    let (code, out, err) = common::micronum(&[&args[..], &["--no-oob"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no out-of-bag score"), "{out}");
}

#[test]
fn errors_exit_2_with_a_message() {
    let cases: [&[&str]; 5] = [
        &["train", &common::data_path("bad/target_not_binary.csv"), "--target", "Purchased"],
        &["train", &common::data_path("bad/single_class.csv"), "--target", "Purchased"],
        &["train", &common::data_path("social_network_ads.csv"), "--target", "Nope"],
        &[
            "train",
            &common::data_path("social_network_ads.csv"),
            "--target",
            "Purchased",
            "--max-features",
            "lots",
        ],
        &[
            "predict",
            &common::data_path("social_network_ads.csv"),
            "--model",
            &common::data_path("social_network_ads.csv"),
        ],
    ];
    for args in cases {
        let (code, _, err) = common::micronum(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with("error: ") && err.len() > 20, "{args:?}: {err}");
    }
}
