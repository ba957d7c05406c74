//! `segment --save`, `assign` and `export-sql --segments` end to end: the saved definitions tag
//! the training file as `segment --assignments` did, the query gives `assign`'s file in SQLite,
//! deciles need their own model, and bad inputs exit 2 with a message that names the problem.

mod common;

use common::sqlite::{load_csv, segments};
use rusqlite::Connection;

fn tmp(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("micronum-cli-segments-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name).display().to_string()
}

fn ok(args: &[&str]) -> String {
    let (code, _, err) = common::micronum(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    err
}

fn refused(args: &[&str]) -> String {
    let (code, out, err) = common::micronum(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert!(out.is_empty() && err.lines().any(|l| l.starts_with("error: ")), "{err}");
    err
}

/// Records of a CSV file as (first column, last column).
fn first_last(path: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[r.len() - 1].to_string())
        })
        .collect()
}

#[test]
fn saved_segments_tag_the_training_file_and_its_sql_agrees() {
    let data = common::data_path("social_network_ads.csv");
    let (defs, rows, tagged, mix, query) =
        (tmp("tree.json"), tmp("rows.csv"), tmp("a.csv"), tmp("mix.json"), tmp("tree.sql"));
    let err = ok(&[
        "segment",
        &data,
        "--target",
        "Purchased",
        "--method",
        "tree",
        "--out",
        &tmp("t.csv"),
        "--assignments",
        &rows,
        "--save",
        &defs,
    ]);
    assert!(err.contains("segment definitions (") && err.contains("written to"), "{err}");
    let err = ok(&["assign", &data, "--segments", &defs, "--out", &tagged, "--mix", &mix]);
    assert!(
        err.contains("400 rows in") && err.contains("segment mix PSI 0.0000 (stable)"),
        "{err}"
    );
    let header = std::fs::read_to_string(&tagged).unwrap();
    assert!(header.starts_with("row,User ID,segment\n"), "{header}");

    // `segment --assignments` wrote segment numbers; the definitions name them.
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&defs).unwrap()).unwrap();
    let label_of = |i: &str| file["segments"][i.parse::<usize>().unwrap()]["label"].clone();
    let expected: Vec<(String, String)> = first_last(&rows)
        .into_iter()
        .map(|(row, s)| (row, label_of(&s).as_str().unwrap().to_string()))
        .collect();
    assert_eq!(first_last(&tagged), expected);
    let mix: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mix).unwrap()).unwrap();
    assert_eq!(mix["psi"], 0.0);

    let err = ok(&["export-sql", "--segments", &defs, "--table", "ads", "--out", &query]);
    assert!(err.contains("segments (tree)"), "{err}");
    let conn = Connection::open_in_memory().unwrap();
    load_csv(
        &conn,
        "ads",
        &String::from_utf8(common::data_bytes("social_network_ads.csv")).unwrap(),
    );
    let sql: Vec<(String, String)> = segments(&conn, &std::fs::read_to_string(&query).unwrap())
        .into_iter()
        .map(|(row, s)| (row.to_string(), s))
        .collect();
    assert_eq!(sql, expected);
}

#[test]
fn deciles_are_tagged_with_their_own_model_only() {
    let data = common::data_path("social_network_ads.csv");
    let (model, other, defs, tagged) =
        (tmp("m.json"), tmp("other.json"), tmp("deciles.json"), tmp("deciles.csv"));
    for (path, seed) in [(&model, "1"), (&other, "2")] {
        ok(&[
            "train",
            &data,
            "--target",
            "Purchased",
            "--n-estimators",
            "5",
            "--random-state",
            seed,
            "--model",
            path,
        ]);
    }
    ok(&[
        "segment",
        &data,
        "--target",
        "Purchased",
        "--method",
        "deciles",
        "--model",
        &model,
        "--out",
        &tmp("d.csv"),
        "--save",
        &defs,
    ]);
    let err = refused(&["assign", &data, "--segments", &defs]);
    assert!(err.contains("deciles of a model's scores: give --model"), "{err}");
    let err = refused(&["assign", &data, "--segments", &defs, "--model", &other]);
    assert!(err.contains("these deciles were made with the model created"), "{err}");
    ok(&["assign", &data, "--segments", &defs, "--model", &model, "--out", &tagged]);
    let lines = first_last(&tagged);
    assert_eq!(lines.len(), 400);
    assert!(lines.iter().all(|(_, s)| s.starts_with("decile ")));
    let err = refused(&["export-sql", "--segments", &defs]);
    assert!(err.contains("decile segments cut a model's probability"), "{err}");
}

#[test]
fn bad_batches_and_files_are_refused_by_name() {
    let data = common::data_path("social_network_ads.csv");
    let defs = tmp("grid.json");
    ok(&[
        "segment",
        &data,
        "--target",
        "Purchased",
        "--by",
        "Age,Gender",
        "--out",
        &tmp("g.csv"),
        "--save",
        &defs,
    ]);
    let batch = tmp("no_age.csv");
    std::fs::write(&batch, "User ID,Gender,EstimatedSalary\n1,Male,20000\n").unwrap();
    let err = refused(&["assign", &batch, "--segments", &defs]);
    assert!(
        err.contains("no_age.csv: the batch has no column \"Age\", which the segments need"),
        "{err}"
    );

    let text = std::fs::read_to_string(&defs).unwrap();
    let damaged = tmp("damaged.json");
    std::fs::write(&damaged, &text[..text.len() / 2]).unwrap();
    let err = refused(&["assign", &data, "--segments", &damaged]);
    assert!(
        err.contains("damaged.json: not a micronum segment definitions file (not JSON"),
        "{err}"
    );
    std::fs::write(&damaged, text.replace("\"version\": 1", "\"version\": 2")).unwrap();
    let err = refused(&["export-sql", "--segments", &damaged]);
    assert!(err.contains("have version 2; this micronum reads versions up to 1"), "{err}");
    std::fs::write(&damaged, text.replacen("\"Age 18–", "\"Age 17–", 1)).unwrap();
    let err = refused(&["assign", &data, "--segments", &damaged]);
    assert!(err.contains("invalid segment definitions: grid: segment 0 is labelled"), "{err}");

    let model = tmp("model.json");
    ok(&["train", &data, "--target", "Purchased", "--n-estimators", "2", "--model", &model]);
    let err = refused(&["assign", &data, "--segments", &model]);
    assert!(err.contains("(no \"format\": \"micronum-segments\" field)"), "{err}");
    let err = refused(&["export-sql", "--segments", &defs, "--model", &model]);
    assert!(err.contains("cannot be used with"), "{err}");
    let out = tmp("age.csv");
    let args = ["segment", &data, "--target", "Purchased", "--by", "Age", "--out", &out];
    let err = refused(&[&args[..], &["--save", "/nonexistent/dir/s.json"]].concat());
    assert!(err.contains("writing /nonexistent/dir/s.json"), "{err}");
}

#[test]
fn a_shifted_segment_mix_exits_3_with_fail_on() {
    let data = common::data_path("social_network_ads.csv");
    let defs = tmp("age.json");
    ok(&[
        "segment",
        &data,
        "--target",
        "Purchased",
        "--by",
        "Age",
        "--out",
        &tmp("age_table.csv"),
        "--save",
        &defs,
    ]);
    // Customers aged 50 or more only: the age bins below 50 are empty.
    let text = String::from_utf8(common::data_bytes("social_network_ads.csv")).unwrap();
    let older: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(i, l)| {
            *i == 0 || l.split(',').nth(2).is_some_and(|a| a.parse::<f64>().unwrap() >= 50.0)
        })
        .map(|(_, l)| l)
        .collect();
    let batch = tmp("older.csv");
    std::fs::write(&batch, older.join("\n") + "\n").unwrap();
    let (out, mix) = (tmp("older_tagged.csv"), tmp("older_mix.json"));
    let args =
        ["assign", &batch, "--segments", &defs, "--out", &out, "--mix", &mix, "--fail-on", "major"];
    let (code, _, err) = common::micronum(&args);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("(major)"), "{err}");
    assert_eq!(first_last(&out).len(), older.len() - 1, "the files are written all the same");
    let (code, _, err) = common::micronum(&[
        "assign",
        &data,
        "--segments",
        &defs,
        "--out",
        &out,
        "--fail-on",
        "moderate",
    ]);
    assert_eq!(code, 0, "{err}");
}
