//! `micronum export-onnx`: onnxruntime scores held-out batches — with missing numbers, missing
//! and unseen categories, token spellings — exactly as `micronum predict` does (to 1e-6 on every
//! row), and the file passes `onnx.checker.check_model(full_check=True)`.
//!
//! The Python side is `tests/onnx_check.py`, run with onnx, onnxruntime and numpy pinned in a
//! venv under the target directory (created on first use: needs `python3` with `venv` and PyPI).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::forest::ForestParams;
use micronum::engine::ingest::{ingest, IngestOptions};
use micronum::engine::model_io::onnx::to_onnx;
use micronum::engine::model_io::Model;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("micronum-onnx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn text(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `tests/onnx_check.py ONNX BATCH PREDICTIONS`: (exit code, stdout, stderr).
fn onnx_check(onnx: &Path, batch: &Path, predictions: &Path) -> (i32, String, String) {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("onnx-venv");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/onnx_check.py");
    let out = Command::new("python3")
        .arg(script)
        .args([onnx, batch, predictions])
        .env("MICRONUM_ONNX_VENV", venv)
        .output()
        .expect("python3 runs");
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into());
    assert_ne!(out.status.code(), Some(2), "no Python environment for the ONNX checks: {stderr}");
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// A data file split into a training part (4 records in 5) and a held-out batch (the 5th), the
/// batch's cells changed by record: numbers blanked, labels blanked, unseen, a missing token in
/// an odd letter case ("nA") and a spelling that only cleaning knows ("MALE"); a record
/// repeating an earlier batch record is left out.
struct Split {
    train: PathBuf,
    batch: PathBuf,
    batch_rows: usize,
}

fn split(file: &str, numbers: &[&str], texts: &[&str]) -> Split {
    let data = common::data_bytes(file);
    let mut reader = csv::Reader::from_reader(data.as_slice());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (numbers, texts): (Vec<usize>, Vec<usize>) =
        (numbers.iter().map(|n| col(n)).collect(), texts.iter().map(|n| col(n)).collect());
    let stem = file.trim_end_matches(".csv");
    let (train, batch) = (tmp(&format!("{stem}-train.csv")), tmp(&format!("{stem}-batch.csv")));
    let mut to_train = csv::Writer::from_path(&train).unwrap();
    let mut to_batch = csv::Writer::from_path(&batch).unwrap();
    to_train.write_record(&header).unwrap();
    to_batch.write_record(&header).unwrap();
    let mut k = 0;
    let mut seen = std::collections::HashSet::new();
    for (i, record) in reader.records().enumerate() {
        let mut cells: Vec<String> = record.unwrap().iter().map(String::from).collect();
        if i % 5 != 4 {
            to_train.write_record(&cells).unwrap();
            continue;
        }
        // No repeated record, so `predict` (which drops duplicates) scores every batch row.
        if !seen.insert(cells.clone()) {
            continue;
        }
        let pick = |cols: &[usize], every: usize| cols[(k / every) % cols.len()];
        if k % 7 == 0 {
            cells[pick(&numbers, 7)] = String::new();
        }
        if k % 11 == 0 {
            cells[pick(&texts, 11)] = String::new();
        }
        if k % 13 == 0 {
            cells[pick(&texts, 13)] = "Unseen".into();
        }
        if k % 17 == 0 {
            cells[pick(&texts, 17)] = "nA".into();
        }
        if k % 19 == 0 {
            cells[texts[0]] = "MALE".into();
        }
        to_batch.write_record(&cells).unwrap();
        k += 1;
    }
    to_train.flush().unwrap();
    to_batch.flush().unwrap();
    Split { train, batch, batch_rows: k }
}

/// Records in a CSV file (header excluded).
fn records(path: &Path) -> usize {
    csv::Reader::from_path(path).unwrap().records().count()
}

/// The `metadata: {json}` line of the check's output.
fn metadata(stdout: &str) -> serde_json::Value {
    let line = stdout.lines().find_map(|l| l.strip_prefix("metadata: ")).expect("metadata line");
    serde_json::from_str(line).unwrap()
}

#[test]
fn onnxruntime_scores_held_out_batches_as_predict_does() {
    let customers =
        (&["age", "estimated_salary", "tenure_months"][..], &["gender", "region", "channel"][..]);
    let cases = [
        ("messy_customers_10k.csv", "purchased", customers),
        ("customers_10k.csv", "purchased", customers),
        ("social_network_ads.csv", "purchased", (&["Age", "EstimatedSalary"][..], &["Gender"][..])),
    ];
    for (file, target, (numbers, texts)) in cases {
        let s = split(file, numbers, texts);
        let stem = file.trim_end_matches(".csv");
        let (model, onnx, pred) = (
            tmp(&format!("{stem}.json")),
            tmp(&format!("{stem}.onnx")),
            tmp(&format!("{stem}-pred.csv")),
        );
        let (code, _, err) = common::micronum(&[
            "train",
            text(&s.train),
            "--target",
            target,
            "--model",
            text(&model),
        ]);
        assert_eq!(code, 0, "{err}");
        let (code, out, err) =
            common::micronum(&["export-onnx", "--model", text(&model), "--out", text(&onnx)]);
        assert_eq!(code, 0, "{err}");
        assert!(out.is_empty() && err.contains("inputs [N, 1]: "), "{err}");
        if file.starts_with("messy") {
            assert!(err.contains("step 3: estimated_salary: read numbers written with separators or currency — done by the caller"), "{err}");
            assert!(
                err.contains(
                    "step 1: Treat \"?\", \"NA\", \"n/a\", \"null\" as missing — included"
                ),
                "{err}"
            );
        }
        let (code, _, err) = common::micronum(&[
            "predict",
            text(&s.batch),
            "--model",
            text(&model),
            "--out",
            text(&pred),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("not seen in training"), "the batch has unseen labels: {err}");
        assert_eq!(records(&pred), s.batch_rows, "predict scores every batch row");

        let (code, out, err) = onnx_check(&onnx, &s.batch, &pred);
        assert_eq!(code, 0, "{file}: {err}{out}");
        println!("{}", out.lines().last().unwrap_or_default());
        let saved: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
        let meta = metadata(&out);
        assert_eq!(meta["fingerprint"], saved["fingerprint"]["hash"]);
        assert_eq!(meta["target"], saved["target"]["column"]);
        assert_eq!(meta["positive_label"], saved["target"]["labels"][1]);
        assert_eq!(meta["micronum_version"], env!("CARGO_PKG_VERSION"));
    }
}

#[test]
fn the_check_fails_on_a_score_off_by_two_millionths() {
    let s = split("social_network_ads.csv", &["Age"], &["Gender"]);
    let (model, onnx, pred) = (tmp("off.json"), tmp("off.onnx"), tmp("off-pred.csv"));
    let m = text(&model);
    let (code, _, err) = common::micronum(&[
        "train",
        text(&s.train),
        "--target",
        "Purchased",
        "--n-estimators",
        "10",
        "--model",
        m,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = common::micronum(&["export-onnx", "--model", m, "--out", text(&onnx)]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = common::micronum(&["predict", text(&s.batch), "--model", m]);
    assert_eq!(code, 0, "{err}");
    // Row 3's proba moved by 2e-6: `row,User ID,proba,y_pred`.
    let mut lines: Vec<String> = out.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[4].split(',').map(String::from).collect();
    assert!(lines[0].ends_with("proba,y_pred") && cells[0] == "3", "{}", lines[0]);
    cells[2] = (cells[2].parse::<f64>().unwrap() + 2e-6).to_string();
    lines[4] = cells.join(",");
    std::fs::write(&pred, lines.join("\n")).unwrap();
    let (code, _, err) = onnx_check(&onnx, &s.batch, &pred);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("row 3:"), "{err}");
}

#[test]
fn missing_values_follow_the_trees_both_ways_and_infinite_thresholds_hold() {
    // Training data with missing numbers and labels and no cleaning: the trees learn where
    // missing values go. Age is missing mostly for buyers, so "age missing" is worth a split of
    // its own: every present age left, missing right (threshold +∞).
    let data = String::from_utf8(common::data_bytes("customers_10k.csv")).unwrap();
    let mut text = String::new();
    for (i, line) in data.lines().enumerate() {
        let mut cells: Vec<&str> = line.split(',').collect();
        let bought = cells[8] == "1";
        if i > 0 && ((bought && i % 2 == 0) || i % 17 == 0) {
            cells[2] = ""; // age
        }
        if i > 0 && ((!bought && i % 3 == 0) || i % 13 == 0) {
            cells[4] = ""; // region
        }
        if i > 0 && i % 5 == 0 {
            cells[3] = ""; // estimated_salary
        }
        text.push_str(&cells.join(","));
        text.push('\n');
    }
    let raw = ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table;
    let rows: Vec<usize> = (0..raw.n_rows()).filter(|r| r % 5 != 4).collect();
    let train = raw.take_rows(&rows);
    let spec = TargetSpec { target: "purchased".into(), ..Default::default() };
    let data = Dataset::from_table(&train, &spec).unwrap();
    let all: Vec<usize> = (0..data.n_rows()).collect();
    let forest = ForestParams::new()
        .n_estimators(40)
        .check()
        .unwrap()
        .fit(&data, &all, &mut |_| true)
        .unwrap();
    let model = Model::new(forest, &data, &train, Vec::new(), Default::default(), "test".into());
    // (label split, threshold, missing_left) of every split.
    let features = &model.forest.features;
    let splits: Vec<(bool, f64, bool)> = model
        .forest
        .trees
        .iter()
        .flat_map(|t| {
            (0..t.len()).filter(|&i| !t.is_leaf(i)).map(move |i| {
                let label = features[t.feature(i)].levels.is_some();
                (label, t.threshold(i), t.missing_left(i))
            })
        })
        .collect();
    assert!(splits.iter().any(|&(l, th, ml)| !l && th == f64::INFINITY && !ml), "no +∞ split");
    for label in [false, true] {
        for ml in [false, true] {
            assert!(
                splits.iter().any(|s| s.0 == label && s.2 == ml),
                "label {label}, missing_left {ml}"
            );
        }
    }

    let held: Vec<usize> = (0..raw.n_rows()).filter(|r| r % 5 == 4).collect();
    let batch_text: String = std::iter::once(text.lines().next().unwrap().to_string())
        .chain(held.iter().map(|&r| {
            let line = text.lines().nth(r + 1).unwrap();
            // Every 6th held-out row gets a region unseen in training.
            if r % 6 == 0 {
                line.replacen(",North,", ",Atlantis,", 1)
            } else {
                line.to_string()
            }
        }))
        .collect::<Vec<_>>()
        .join("\n");
    let batch = tmp("missing-batch.csv");
    std::fs::write(&batch, &batch_text).unwrap();
    let batch_table = ingest(batch_text.as_bytes(), &IngestOptions::default()).unwrap().table;
    let scored = model.predict_table(&batch_table).unwrap();
    assert!(scored.warnings.iter().any(|w| w.contains("Atlantis")), "{:?}", scored.warnings);
    let pred = tmp("missing-pred.csv");
    std::fs::write(&pred, scored.predictions_csv(model.id_column.as_deref(), 0.5)).unwrap();
    let onnx = tmp("missing.onnx");
    std::fs::write(&onnx, to_onnx(&model).unwrap().bytes).unwrap();
    let (code, out, err) = onnx_check(&onnx, &batch, &pred);
    assert_eq!(code, 0, "{err}{out}");
    assert!(out.contains(&format!("{} of {} rows", held.len(), held.len())), "{out}");
    println!("{}", out.lines().last().unwrap_or_default());
}

#[test]
fn a_step_onnx_cannot_do_is_refused_by_number() {
    let model = tmp("relearn.json");
    let m = text(&model);
    let (code, _, err) = common::micronum(&[
        "train",
        &common::data_path("social_network_ads.csv"),
        "--target",
        "Purchased",
        "--n-estimators",
        "5",
        "--model",
        m,
    ]);
    assert_eq!(code, 0, "{err}");
    // A fill that learns its value again on every batch, as the second step.
    let mut saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    let steps = saved["cleaning"].as_array_mut().unwrap();
    steps.clear();
    steps.push(serde_json::json!({"step": "clip_outliers", "column": "Age", "method": "manual", "lo": 0.0, "hi": 99.0}));
    steps.push(serde_json::json!({"step": "impute", "column": "EstimatedSalary", "strategy": "median", "value": "70000", "relearn": true}));
    std::fs::write(&model, saved.to_string()).unwrap();
    let onnx = tmp("relearn.onnx");
    let (code, out, err) = common::micronum(&["export-onnx", "--model", m, "--out", text(&onnx)]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty() && !onnx.exists());
    assert!(
        err.starts_with("error: ")
            && err.contains("cleaning step 2 (EstimatedSalary: fill missing with the median (learnt on Apply)) cannot be done in ONNX: it learns its value again on every batch"),
        "{err}"
    );
    let (code, _, err) =
        common::micronum(&["export-onnx", "--model", "/nonexistent.json", "--out", text(&onnx)]);
    assert!(code == 2 && err.starts_with("error: "), "{err}");
}
