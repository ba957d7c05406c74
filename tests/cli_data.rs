//! The CLI's data commands end to end: inspect, clean, and error handling (exit 2, `error:`).

mod common;

#[test]
fn inspect_prints_json_with_kinds_and_problems() {
    let (code, out, _) = common::micronum(&["inspect", &common::data_path("messy_ads.csv")]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"], 404);
    assert_eq!(v["delimiter"], ",");
    assert_eq!(v["columns"][0]["kind"], "id");
    assert_eq!(v["columns"][2]["kind"], "numeric");
    assert!(v["problems"].as_array().unwrap().iter().any(|p| p["kind"] == "duplicates"));
    assert_eq!(v["target_guess"], "Purchased");
}

#[test]
fn clean_writes_log_and_table_and_replays() {
    let dir = std::env::temp_dir().join(format!("micronum-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (log, out, out2) = (dir.join("log.json"), dir.join("clean.csv"), dir.join("again.csv"));
    let (code, stdout, err) = common::micronum(&[
        "clean",
        &common::data_path("messy_ads.csv"),
        "--log",
        log.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("Drop duplicate rows"));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("User ID,Gender,Age,EstimatedSalary,Purchased\n"));
    assert!(text.lines().skip(1).all(|l| l.ends_with(",0") || l.ends_with(",1")));
    let (code, _, err) = common::micronum(&[
        "clean",
        &common::data_path("messy_ads.csv"),
        "--apply",
        log.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&out2).unwrap(), text);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_exit_2_with_a_message_and_never_panic() {
    for bad in [
        "bad/empty.csv",
        "bad/ragged_rows.csv",
        "bad/huge_cell.csv",
        "bad/binary_garbage.csv",
        "bad/unterminated_quote.csv",
        "no/such/file.csv",
    ] {
        let (code, _, err) = common::micronum(&["inspect", &common::data_path(bad)]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.starts_with("error: "), "{bad}: {err}");
    }
    let (code, _, err) = common::micronum(&[
        "clean",
        &common::data_path("social_network_ads.csv"),
        "--apply",
        &common::data_path("social_network_ads.csv"),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not a micronum cleaning log"), "{err}");
}
