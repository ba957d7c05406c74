//! `micronum report` end to end: the page agrees with `train` and `evaluate`, is self-contained,
//! and bad input ends with `error:` and exit code 2.

mod common;

use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("micronum-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The number after `key ` in a `train`/`evaluate` summary line ("accuracy 0.9100  f1 …").
fn printed(out: &str, key: &str) -> String {
    let line = out.lines().find(|l| l.starts_with(&format!("{key} "))).expect("summary line");
    line.split_whitespace().nth(1).expect("a number").to_string()
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Asserts the page loads and runs nothing: no script element, no URL but the SVG namespace.
fn assert_self_contained(html: &str) {
    assert!(!html.to_lowercase().contains("<script"), "a script element");
    let rest = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!rest.contains("http://") && !rest.contains("https://"), "an external URL");
}

#[test]
fn report_matches_train_and_is_self_contained() {
    let data = common::data_path("social_network_ads.csv");
    let (code, train_out, err) = common::micronum(&["train", &data, "--target", "Purchased"]);
    assert_eq!(code, 0, "{err}");
    let accuracy = printed(&train_out, "accuracy");
    let out = tmp("demo.html");
    let (code, stdout, err) = common::micronum(&[
        "report",
        &data,
        "--target",
        "Purchased",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(stdout.trim(), out.display().to_string());
    let html = read(&out);
    assert!(
        html.contains(&format!("<dt>Accuracy</dt><dd>{accuracy}</dd>")),
        "train's accuracy {accuracy} is not in the report"
    );
    assert!(html.contains("data-testid=\"segments-table\""));
    assert!(html.contains("Grid of Age × EstimatedSalary"));
    let svgs = html.matches("<svg").count();
    assert!(svgs >= 5, "{svgs} charts");
    for id in ["report-summary", "report-cleaning", "report-eda", "report-model", "report-findings"]
    {
        assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
    }
    assert!(!html.contains("data-testid=\"report-drift\""), "no drift data was given");
    assert_self_contained(&html);
}

#[test]
fn report_with_a_saved_model_evaluates_the_whole_file() {
    let (model, out) = (tmp("m.json"), tmp("scored.html"));
    let data = common::data_path("messy_ads.csv");
    let (code, _, err) = common::micronum(&[
        "train",
        &data,
        "--target",
        "Purchased",
        "--model",
        model.to_str().unwrap(),
        "--n-estimators",
        "30",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, eval_out, err) =
        common::micronum(&["evaluate", &data, "--model", model.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let accuracy = printed(&eval_out, "accuracy");
    let (code, _, err) = common::micronum(&[
        "report",
        &data,
        "--target",
        "Purchased",
        "--model",
        model.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--segment-by",
        "Gender,Age",
    ]);
    assert_eq!(code, 0, "{err}");
    let html = read(&out);
    assert!(
        html.contains(&format!("<dt>Accuracy</dt><dd>{accuracy}</dd>")),
        "evaluate: {accuracy}"
    );
    assert!(html.contains("Saved random forest"));
    assert!(html.contains("Grid of Gender × Age"));
    // The model's cleaning log was replayed: its steps are listed with their counts.
    assert!(html.contains("Drop duplicate rows"));
    assert!(html.contains("Mean predicted"), "segments carry the model's mean probability");
    assert_self_contained(&html);
    let (code, _, err) = common::micronum(&[
        "report",
        &data,
        "--target",
        "Gender",
        "--model",
        model.to_str().unwrap(),
        "--out",
        tmp("wrong.html").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("error: ") && err.contains("the model predicts \"Purchased\""),
        "{err}"
    );
}

#[test]
fn hostile_cells_stay_text_in_the_written_report() {
    let script = "<script>alert(1)</script>";
    let img = "<img src=x onerror=alert(1)>";
    let mut csv = format!("Age,{script},Purchased\n");
    for i in 0..90 {
        let label = if i % 2 == 0 { img } else { "plain" };
        csv += &format!("{},{label},{}\n", 20 + i % 30, (i % 3 == 0) as u8);
    }
    let (file, out) = (tmp("<i>hostile.csv"), tmp("hostile.html"));
    std::fs::write(&file, csv).unwrap();
    let (code, _, err) = common::micronum(&[
        "report",
        file.to_str().unwrap(),
        "--target",
        "Purchased",
        "--out",
        out.to_str().unwrap(),
        "--segment-by",
        &format!("Age,{script}"),
    ]);
    assert_eq!(code, 0, "{err}");
    let html = read(&out);
    assert_self_contained(&html);
    assert!(!html.contains("<img") && !html.contains("<i>"), "markup from the data became HTML");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;i&gt;hostile.csv"));
}

#[test]
fn report_errors_exit_2_with_a_message() {
    let data = common::data_path("social_network_ads.csv");
    let out = tmp("never.html");
    let out = out.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["report", "/nonexistent/x.csv", "--target", "Purchased", "--out", out],
        vec!["report", &data, "--target", "Nope", "--out", out],
        vec!["report", &data, "--target", "Purchased", "--segment-by", "Nope", "--out", out],
        vec![
            "report",
            &data,
            "--target",
            "Purchased",
            "--model",
            "/nonexistent/m.json",
            "--out",
            out,
        ],
    ];
    for args in cases {
        let (code, _, err) = common::micronum(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
    assert!(!std::path::Path::new(out).exists(), "a failed report must not write a file");
}
