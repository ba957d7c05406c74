//! Right by default on real files (issue 19), through the command line: `inspect` guesses the
//! target and the roles on the real files and on churn, attrition, purchase and default tables
//! shaped like public ones; `train` never uses row numbers or ids as features, tunes
//! `min_samples_leaf` unless given a number, and compares the forest with a logistic regression.

mod common;

use std::path::PathBuf;

use serde_json::Value;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("micronum-defaults-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Writes `rows` rows of `header` and `row(i)` to a temporary CSV file.
fn table(name: &str, header: &str, rows: usize, row: impl Fn(usize) -> String) -> String {
    let mut s = format!("{header}\n");
    (0..rows).for_each(|i| s += &format!("{}\n", row(i)));
    let path = tmp(name);
    std::fs::write(&path, s).unwrap();
    path.display().to_string()
}

fn inspect(path: &str) -> Value {
    let (code, out, err) = common::micronum(&["inspect", path]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn role(v: &Value, column: &str) -> (String, String) {
    let c = v["columns"].as_array().unwrap().iter().find(|c| c["name"] == column).unwrap();
    (c["role"].as_str().unwrap().into(), c["role_evidence"].as_str().unwrap().into())
}

/// A deterministic pseudo-random number in 0..m for row i and stream k.
fn h(i: usize, k: u64, m: u64) -> u64 {
    ((i as u64 + 1).wrapping_mul(2_654_435_761).wrapping_add(k * 40_503) >> 7) % m
}

#[test]
fn the_real_files_get_their_target_label_and_roles() {
    let v = inspect(&common::data_path("real/credit_data.csv"));
    assert_eq!(
        (v["target_guess"].as_str(), v["positive_guess"].as_str()),
        (Some("Status"), Some("bad"))
    );
    assert!(
        v["positive_evidence"].as_str().unwrap().contains("event"),
        "{}",
        v["positive_evidence"]
    );
    let (r, evidence) = role(&v, "rownames");
    assert_eq!(r, "id");
    assert!(evidence.contains("row numbers"), "{evidence}");
    assert_eq!(role(&v, "Status").0, "target");
    assert_eq!(role(&v, "Records").0, "feature");

    let v = inspect(&common::data_path("real/CreditCard.csv"));
    assert_eq!(
        (v["target_guess"].as_str(), v["positive_guess"].as_str()),
        (Some("card"), Some("yes"))
    );
    assert_eq!(role(&v, "rownames").0, "id");

    let v = inspect(&common::data_path("social_network_ads.csv"));
    assert_eq!(
        (v["target_guess"].as_str(), v["positive_guess"].as_str()),
        (Some("Purchased"), Some("1"))
    );
    assert_eq!(role(&v, "User ID").0, "id");
    let v = inspect(&common::data_path("customers_10k.csv"));
    assert_eq!(v["target_guess"], "purchased");
    assert_eq!(role(&v, "customer_id").0, "id");
}

#[test]
fn public_churn_attrition_purchase_and_default_tables() {
    let yes = |b: bool| if b { "Yes" } else { "No" };
    // Telco, as R exports it: rownames first, paperless_billing (yes/no) before churn, and after.
    for (name, header) in [
        (
            "telco_a.csv",
            "rownames,customer_id,gender,tenure,paperless_billing,monthly_charges,churn",
        ),
        (
            "telco_b.csv",
            "rownames,customer_id,gender,tenure,churn,paperless_billing,monthly_charges",
        ),
    ] {
        let path = table(name, header, 200, |i| {
            let cells = [
                (i + 1).to_string(),
                format!("{:04}-{}", 1000 + i, ["VHVEG", "GNVDE", "QPYBK"][i % 3]),
                ["Male", "Female"][i % 2].to_string(),
                h(i, 1, 72).to_string(),
                yes(h(i, 2, 10) < 6).to_string(),
                format!("{}.{}", 18 + h(i, 3, 100), h(i, 4, 100)),
                yes(h(i, 5, 4) == 0).to_string(),
            ];
            let order: Vec<usize> = header
                .split(',')
                .map(|c| {
                    [
                        "rownames",
                        "customer_id",
                        "gender",
                        "tenure",
                        "paperless_billing",
                        "monthly_charges",
                        "churn",
                    ]
                    .iter()
                    .position(|x| *x == c)
                    .unwrap()
                })
                .collect();
            order.iter().map(|&k| cells[k].clone()).collect::<Vec<_>>().join(",")
        });
        let v = inspect(&path);
        assert_eq!(
            (v["target_guess"].as_str(), v["positive_guess"].as_str()),
            (Some("churn"), Some("Yes")),
            "{name}"
        );
        assert_eq!(role(&v, "rownames").0, "id");
        assert_eq!(role(&v, "customer_id").0, "id", "one label per row");
        assert_eq!(role(&v, "paperless_billing").0, "feature");
    }
    // IBM HR attrition: Attrition second, EmployeeCount constant, EmployeeNumber a key.
    let path = table(
        "hr.csv",
        "Age,Attrition,BusinessTravel,EmployeeCount,EmployeeNumber,OverTime",
        150,
        |i| {
            format!(
                "{},{},{},1,{},{}",
                18 + h(i, 1, 40),
                yes(h(i, 2, 6) == 0),
                ["Travel_Rarely", "Non-Travel"][i % 2],
                1 + i * 2,
                yes(i % 3 == 0)
            )
        },
    );
    let v = inspect(&path);
    assert_eq!(
        (v["target_guess"].as_str(), v["positive_guess"].as_str()),
        (Some("Attrition"), Some("Yes"))
    );
    assert_eq!(role(&v, "EmployeeCount").0, "ignore");
    // Bank churners: the flag's labels name the event; the client number is a key by name.
    let path = table(
        "churners.csv",
        "CLIENTNUM,Attrition_Flag,Customer_Age,Gender,Card_Category",
        120,
        |i| {
            let flag = ["Existing Customer", "Attrited Customer"][(h(i, 1, 6) == 0) as usize];
            format!(
                "{},{flag},{},{},Blue",
                708_082_083 + i * 9_871,
                26 + h(i, 2, 40),
                ["M", "F"][i % 2]
            )
        },
    );
    let v = inspect(&path);
    assert_eq!(v["target_guess"], "Attrition_Flag");
    assert_eq!(v["positive_guess"], "Attrited Customer");
    assert_eq!(role(&v, "CLIENTNUM").0, "id");
    assert_eq!(role(&v, "Card_Category").0, "ignore", "constant");
    // Purchase: pandas' index column, a signup date, "Purchased" in the middle.
    let path =
        table("ads.csv", "Unnamed: 0,signup,Purchased,Age,EstimatedSalary,Gender", 100, |i| {
            format!(
                "{i},2023-{:02}-{:02},{},{},{},{}",
                1 + i % 12,
                1 + i % 28,
                h(i, 1, 3) / 2,
                18 + h(i, 2, 40),
                15_000 + 1_000 * h(i, 3, 120),
                ["Male", "Female"][i % 2]
            )
        });
    let v = inspect(&path);
    assert_eq!(v["target_guess"], "Purchased");
    assert_eq!(role(&v, "Unnamed: 0").0, "id");
    let (r, evidence) = role(&v, "signup");
    assert_eq!(r, "ignore");
    assert!(evidence.contains("ISO dates"), "{evidence}");
    // Default of credit card clients: ID first, the target's name a sentence.
    let path = table(
        "default.csv",
        "ID,LIMIT_BAL,SEX,EDUCATION,AGE,default payment next month",
        100,
        |i| {
            format!(
                "{},{},{},{},{},{}",
                i + 1,
                10_000 * (1 + h(i, 1, 50)),
                1 + i % 2,
                1 + h(i, 2, 4),
                21 + h(i, 3, 50),
                (h(i, 4, 5) == 0) as u8
            )
        },
    );
    let v = inspect(&path);
    assert_eq!(
        (v["target_guess"].as_str(), v["positive_guess"].as_str()),
        (Some("default payment next month"), Some("1"))
    );
}

#[test]
fn without_a_possible_target_the_message_names_the_columns() {
    let path = table("none.csv", "rownames,age,city,score", 60, |i| {
        format!("{},{},{},{}.5", i + 1, 20 + i % 30, ["Oslo", "Rome", "Lima"][i % 3], i)
    });
    let v = inspect(&path);
    assert!(v["target_guess"].is_null());
    let why = v["target_evidence"].as_str().unwrap();
    for part in ["no column can be the target", "rownames (row numbers", "city (3 values)"] {
        assert!(why.contains(part), "{part} not in {why}");
    }
    // A chosen target with one class: the error names the columns that could be one.
    let path = table("one.csv", "x,y,flag", 40, |i| format!("{},1,{}", i % 7, ["a", "b"][i % 2]));
    let (code, _, err) = common::micronum(&["train", &path, "--target", "y"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("only one value") && err.contains("columns with two values: flag"),
        "{err}"
    );
}

#[test]
fn train_never_uses_row_numbers_tunes_the_leaf_and_reports_the_baseline() {
    let (model, metrics) = (tmp("credit.json"), tmp("credit-metrics.json"));
    let (code, out, err) = common::micronum(&[
        "train",
        &common::data_path("real/credit_data.csv"),
        "--target",
        "Status",
        "--model",
        model.to_str().unwrap(),
        "--metrics",
        metrics.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Not used as features") && out.contains("rownames: row numbers"), "{out}");
    assert!(out.contains("min_samples_leaf = auto") && out.contains("← chosen"), "{out}");
    assert!(out.contains("Baseline: logistic regression"), "{out}");
    let m: Value = serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    let features: Vec<&str> = m["forest"]["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(!features.contains(&"rownames") && features.contains(&"Seniority"), "{features:?}");
    let mj: Value = serde_json::from_str(&std::fs::read_to_string(&metrics).unwrap()).unwrap();
    let tuning = &mj["tuning"];
    let chosen = tuning["chosen"]["min_samples_leaf"].as_u64().unwrap();
    assert_eq!(mj["min_samples_leaf"].as_u64(), Some(chosen));
    assert!(tuning["candidates"].as_array().unwrap().len() >= 5);
    let b = &mj["baseline"];
    let (acc, base) = (mj["accuracy"].as_f64().unwrap(), b["accuracy"].as_f64().unwrap());
    let d = &b["forest_minus_baseline"]["accuracy"];
    assert!((d["estimate"].as_f64().unwrap() - (acc - base)).abs() < 1e-12);
    assert!(d["low"].as_f64().unwrap() <= d["high"].as_f64().unwrap());
    // "bad" is the positive class: the report's class 1 is the rarer one.
    assert_eq!(mj["labels"][1], "1");

    // An explicit number keeps scikit-learn's meaning, and the user may make row numbers a
    // feature.
    let (code, out, err) = common::micronum(&[
        "train",
        &common::data_path("real/credit_data.csv"),
        "--target",
        "Status",
        "--min-samples-leaf",
        "1",
        "--role",
        "rownames=feature",
        "--n-estimators",
        "10",
        "--model",
        model.to_str().unwrap(),
        "--metrics",
        metrics.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("min_samples_leaf = auto"));
    let m: Value = serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(m["forest"]["params"]["min_samples_leaf"], 1);
    let features = m["forest"]["features"].as_array().unwrap();
    assert!(features.iter().any(|f| f["name"] == "rownames"));
    let mj: Value = serde_json::from_str(&std::fs::read_to_string(&metrics).unwrap()).unwrap();
    assert!(mj.get("tuning").is_none_or(|t| t.is_null()));
    let (code, _, err) = common::micronum(&[
        "train",
        &common::data_path("real/credit_data.csv"),
        "--target",
        "Status",
        "--role",
        "rownames",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--role takes NAME="), "{err}");
}

#[test]
fn positive_label_chosen_by_the_user_is_the_one_predicted() {
    let metrics = tmp("positive.json");
    let (code, _, err) = common::micronum(&[
        "train",
        &common::data_path("real/credit_data.csv"),
        "--target",
        "Status",
        "--positive",
        "good",
        "--min-samples-leaf",
        "5",
        "--n-estimators",
        "10",
        "--metrics",
        metrics.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mj: Value = serde_json::from_str(&std::fs::read_to_string(&metrics).unwrap()).unwrap();
    // 3,200 of 4,454 rows are good: class 1 ("good") is the majority of the test rows.
    let support = mj["confusion_matrix"][1].as_array().unwrap();
    let positives: u64 = support.iter().map(|v| v.as_u64().unwrap()).sum();
    assert!(positives as f64 > 0.6 * mj["n_test"].as_f64().unwrap(), "{}", mj["confusion_matrix"]);
}
