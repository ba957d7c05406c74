//! `micronum drift` as a pipeline calls it: JSON report, table on stderr, exit 3 at --fail-on.

mod common;

use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("micronum-drift-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// `customers_10k.csv` with every salary ×1.5, as text.
fn shifted_customers() -> String {
    let text = String::from_utf8(common::data_bytes("customers_10k.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let col = header.split(',').position(|h| h == "estimated_salary").unwrap();
    let mut out = format!("{header}\n");
    for line in lines {
        let cells: Vec<String> = line
            .split(',')
            .enumerate()
            .map(|(i, c)| match (i == col, c.parse::<f64>()) {
                (true, Ok(x)) => (x * 1.5).to_string(),
                _ => c.to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn verdict_of(report: &serde_json::Value, feature: &str) -> String {
    let f = report["features"].as_array().unwrap().iter().find(|f| f["name"] == feature).unwrap();
    f["verdict"].as_str().unwrap().to_string()
}

#[test]
fn stable_on_the_training_file_major_and_exit_3_on_shifted_salaries() {
    let (model, shifted, out) = (tmp("m.json"), tmp("shifted.csv"), tmp("report.json"));
    let data = common::data_path("customers_10k.csv");
    let m = model.to_str().unwrap();
    let (code, _, err) = common::micronum(&[
        "train",
        &data,
        "--target",
        "purchased",
        "--n-estimators",
        "30",
        "--model",
        m,
    ]);
    assert_eq!(code, 0, "{err}");

    let (code, stdout, err) =
        common::micronum(&["drift", &data, "--model", m, "--fail-on", "moderate"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["verdict"], "stable");
    assert_eq!(report["training_data"], true);
    assert_eq!(report["rows"], 10_000);
    for f in report["features"].as_array().unwrap() {
        assert!(f["psi"].as_f64().unwrap() < 0.1, "{}", f["name"]);
    }
    assert!(report["prediction"]["bins"].as_array().is_some_and(|b| b.len() == 11));
    assert!(err.contains("feature") && err.contains("overall drift stable"), "{err}");

    std::fs::write(&shifted, shifted_customers()).unwrap();
    let s = shifted.to_str().unwrap();
    let (code, stdout, err) = common::micronum(&[
        "drift",
        s,
        "--model",
        m,
        "--fail-on",
        "major",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(stdout.is_empty());
    assert!(err.contains("retraining is recommended"), "{err}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["verdict"], "major");
    assert_eq!(report["retrain_recommended"], true);
    assert_eq!(verdict_of(&report, "estimated_salary"), "major");
    assert_eq!(verdict_of(&report, "age"), "stable");

    // Without --fail-on, drift is reported but the exit code stays 0.
    let (code, _, err) = common::micronum(&["drift", s, "--model", m]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn drift_errors_exit_2() {
    let data = common::data_path("social_network_ads.csv");
    let cases: [&[&str]; 3] = [
        &["drift", &data, "--model", "/nonexistent/model.json"],
        &["drift", &data, "--model", &data],
        &["drift", &data, "--model", &data, "--fail-on", "severe"],
    ];
    for args in cases {
        let (code, _, err) = common::micronum(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
}
